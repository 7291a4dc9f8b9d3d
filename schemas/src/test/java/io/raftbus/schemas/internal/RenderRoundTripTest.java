package io.raftbus.schemas.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.raftbus.schemas.ChannelBindings;
import io.raftbus.schemas.ChannelSchemas;
import io.raftbus.schemas.InMemorySchemaSource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random records of a generated schema (strings, ints, longs, booleans, doubles, nullable strings, string
 * arrays) round-trip JSON -> framed binary (validate) -> JSON (render) to the same JSON value.
 */
class RenderRoundTripTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String[] TYPES = {"string", "int", "long", "boolean", "double", "nullable", "array"};

    /** One generated field: its type index and a seed for its value. */
    record Field(int type, String text, long number, boolean flag, boolean isNull) {
    }

    @Provide
    Arbitrary<List<Field>> records() {
        Arbitrary<String> text = Arbitraries.strings().alpha().numeric().withChars(" \"\\/\u00e9\u20ac\n\t{}")
                .ofMaxLength(20);
        Arbitrary<Field> field = Combinators.combine(Arbitraries.integers().between(0, TYPES.length - 1), text,
                Arbitraries.longs(), Arbitraries.of(true, false), Arbitraries.of(true, false)).as(Field::new);
        return field.list().ofMinSize(1).ofMaxSize(8);
    }

    @Property(tries = 200)
    void shouldRenderSameJsonWhenRecordRoundTrips(@ForAll("records") List<Field> fields) throws Exception {
        StringBuilder schema = new StringBuilder("{\"type\":\"record\",\"name\":\"R\",\"fields\":[");
        ObjectNode json = MAPPER.createObjectNode();
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            String name = "f" + i;
            String type = switch (TYPES[f.type()]) {
                case "nullable" -> "[\"null\",\"string\"]";
                case "array" -> "{\"type\":\"array\",\"items\":\"string\"}";
                default -> "\"" + TYPES[f.type()] + "\"";
            };
            parts.add("{\"name\":\"" + name + "\",\"type\":" + type + "}");
            switch (TYPES[f.type()]) {
                case "string" -> json.put(name, f.text());
                case "int" -> json.put(name, (int) f.number());
                case "long" -> json.put(name, f.number());
                case "boolean" -> json.put(name, f.flag());
                case "double" -> json.put(name, f.number() / 7.0);
                case "nullable" -> {
                    if (f.isNull()) {
                        json.putNull(name);
                    } else {
                        json.putObject(name).put("string", f.text());
                    }
                }
                default -> json.putArray(name).add(f.text()).add(f.text() + "2");
            }
        }
        schema.append(String.join(",", parts)).append("]}");
        InMemorySchemaSource source = new InMemorySchemaSource();
        source.register("r-value", schema.toString());
        ChannelSchemas schemas = ChannelBindings.parse("r", source);
        ChannelSchemas.Validated v = schemas.validate("app", "r", MAPPER.writeValueAsBytes(json), false);
        byte[] rendered = schemas.render(v.schemaId(), v.data());
        JsonNode back = MAPPER.readTree(rendered);
        JsonNode sent = MAPPER.readTree(MAPPER.writeValueAsBytes(json));
        assertThat(back).as(new String(rendered, StandardCharsets.UTF_8)).isEqualTo(sent);
    }
}
