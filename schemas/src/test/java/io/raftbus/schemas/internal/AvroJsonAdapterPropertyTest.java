package io.raftbus.schemas.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.raftbus.schemas.ChannelSchemas;
import io.raftbus.schemas.SchemaViolationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;

/**
 * The one-pass JSON check ({@link AvroJsonAdapter}) against the full one (a Jackson tree, Avro's
 * {@code JsonDecoder}, the binary encoder) over random data of schemas that use every Avro type:
 * <ul>
 *   <li>JSON as Avro writes it is always taken by the one pass, and its bytes are exactly Avro's binary
 *   encoding of the datum;</li>
 *   <li>for mutated JSON (members dropped, added, reordered, values of another type, broken text), whatever the
 *   one pass takes the full check takes too, with the same decoded value. What it does not take, the full check
 *   decides.</li>
 * </ul>
 */
class AvroJsonAdapterPropertyTest {
    private static final int ID = 7;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final List<Schema> SCHEMAS = List.of(
            parse("{\"type\":\"record\",\"name\":\"Sink\",\"namespace\":\"t\",\"fields\":["
                    + "{\"name\":\"i\",\"type\":\"int\"},{\"name\":\"l\",\"type\":\"long\"},"
                    + "{\"name\":\"f\",\"type\":\"float\"},{\"name\":\"d\",\"type\":\"double\"},"
                    + "{\"name\":\"b\",\"type\":\"boolean\"},{\"name\":\"s\",\"type\":\"string\"},"
                    + "{\"name\":\"by\",\"type\":\"bytes\"},"
                    + "{\"name\":\"fx\",\"type\":{\"type\":\"fixed\",\"name\":\"Four\",\"size\":4}},"
                    + "{\"name\":\"e\",\"type\":{\"type\":\"enum\",\"name\":\"Color\",\"symbols\":[\"RED\",\"GREEN\","
                    + "\"BLUE\"]}},{\"name\":\"n\",\"type\":\"null\"},"
                    + "{\"name\":\"u\",\"type\":[\"null\",\"string\",\"long\",{\"type\":\"record\",\"name\":\"Inner\","
                    + "\"fields\":[{\"name\":\"x\",\"type\":\"int\"},{\"name\":\"tags\",\"type\":{\"type\":\"array\","
                    + "\"items\":\"string\"}}]}]},"
                    + "{\"name\":\"arr\",\"type\":{\"type\":\"array\",\"items\":\"t.Inner\"}},"
                    + "{\"name\":\"m\",\"type\":{\"type\":\"map\",\"values\":[\"null\",\"double\"]}},"
                    + "{\"name\":\"nested\",\"type\":{\"type\":\"array\",\"items\":{\"type\":\"map\",\"values\":"
                    + "\"t.Color\"}}},"
                    + "{\"name\":\"ts\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}}]}"),
            parse("{\"type\":\"record\",\"name\":\"BenchOrder\",\"namespace\":\"bench\",\"fields\":["
                    + "{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"sku\",\"type\":\"string\"},"
                    + "{\"name\":\"qty\",\"type\":\"int\"},{\"name\":\"price\",\"type\":\"double\"},"
                    + "{\"name\":\"paid\",\"type\":\"boolean\"}]}"),
            parse("{\"type\":\"array\",\"items\":[\"null\",\"int\",{\"type\":\"map\",\"values\":\"float\"}]}"),
            parse("\"string\""));

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }

    @Provide
    Arbitrary<Integer> schemaIndex() {
        return Arbitraries.integers().between(0, SCHEMAS.size() - 1);
    }

    @Property(tries = 400)
    void shouldTakeAvroJsonInOnePassAndWriteAvrosBinary(@ForAll("schemaIndex") int which, @ForAll long seed)
            throws Exception {
        Schema schema = SCHEMAS.get(which);
        Object datum = randomDatum(schema, new Random(seed));
        byte[] json = avroJson(schema, datum);

        byte[] onePass = new CompiledSchema(ID, schema).frameJson(json);

        assertThat(onePass).as("one pass over %s", new String(json, StandardCharsets.UTF_8)).isNotNull();
        assertThat(onePass).isEqualTo(avroBinary(schema, datum));
        ChannelSchemas.Validated full = BoundChannelSchemas.decodeFully("c", "s", new CompiledSchema(ID, schema),
                json);
        assertThat(equal(schema, decode(schema, full.data()), decode(schema, onePass))).isTrue();
    }

    @Property(tries = 1500)
    void shouldOnlyTakeWhatTheFullCheckTakesWithTheSameValue(@ForAll("schemaIndex") int which,
            @ForAll long seed) throws Exception {
        Schema schema = SCHEMAS.get(which);
        Random random = new Random(seed);
        byte[] json = mutate(avroJson(schema, randomDatum(schema, random)), random);

        byte[] onePass = new CompiledSchema(ID, schema).frameJson(json);
        ChannelSchemas.Validated full;
        try {
            full = BoundChannelSchemas.decodeFully("c", "s", new CompiledSchema(ID, schema), json);
        } catch (SchemaViolationException e) {
            full = null;
        }

        Statistics.label("one pass").collect(onePass != null ? "takes" : "leaves it to the full check");
        Statistics.label("full check").collect(full != null ? "takes" : "refuses");
        Statistics.label("one pass").coverage(c -> c.check("takes").percentage(p -> p >= 5));
        if (onePass != null) {
            assertThat(full).as("full check of %s", new String(json, StandardCharsets.UTF_8)).isNotNull();
            assertThat(equal(schema, decode(schema, full.data()), decode(schema, onePass)))
                    .as("same value for %s", new String(json, StandardCharsets.UTF_8)).isTrue();
        }
    }

    private static boolean equal(Schema schema, Object a, Object b) {
        return Objects.equals(a, b);
    }

    private static Object decode(Schema schema, byte[] framed) throws IOException {
        assertThat(Arrays.copyOf(framed, 5)).containsExactly(0, 0, 0, 0, ID);
        BinaryDecoder d = DecoderFactory.get().binaryDecoder(framed, 5, framed.length - 5, null);
        Object datum = new GenericDatumReader<>(schema).read(null, d);
        assertThat(d.isEnd()).as("nothing after the datum").isTrue();
        return datum;
    }

    /** The datum as Avro's own JsonEncoder writes it. */
    static byte[] avroJson(Schema schema, Object datum) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonEncoder e = EncoderFactory.get().jsonEncoder(schema, out);
        new GenericDatumWriter<>(schema).write(datum, e);
        e.flush();
        return out.toByteArray();
    }

    /** The datum as Avro binary in the Confluent wire format (magic 0, schema id 7). */
    static byte[] avroBinary(Schema schema, Object datum) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {0, 0, 0, 0, ID});
        BinaryEncoder e = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<>(schema).write(datum, e);
        e.flush();
        return out.toByteArray();
    }

    /** A random value of the schema; numbers finite, strings of any valid code points. */
    static Object randomDatum(Schema s, Random r) {
        return switch (s.getType()) {
            case RECORD -> {
                GenericData.Record rec = new GenericData.Record(s);
                for (Schema.Field f : s.getFields()) {
                    rec.put(f.pos(), randomDatum(f.schema(), r));
                }
                yield rec;
            }
            case STRING -> randomString(r);
            case INT -> switch (r.nextInt(3)) {
                case 0 -> r.nextInt(200) - 100;
                case 1 -> r.nextBoolean() ? Integer.MIN_VALUE : Integer.MAX_VALUE;
                default -> r.nextInt();
            };
            case LONG -> switch (r.nextInt(3)) {
                case 0 -> (long) r.nextInt(200) - 100;
                case 1 -> r.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE;
                default -> r.nextLong();
            };
            case FLOAT -> r.nextBoolean() ? (float) r.nextInt(100) : (r.nextFloat() - 0.5f) * 1e6f;
            case DOUBLE -> switch (r.nextInt(3)) {
                case 0 -> (double) r.nextInt(100);
                case 1 -> r.nextGaussian() * 1e-300;
                default -> (r.nextDouble() - 0.5) * 1e15;
            };
            case BOOLEAN -> r.nextBoolean();
            case NULL -> null;
            case BYTES -> {
                byte[] b = new byte[r.nextInt(6)];
                r.nextBytes(b);
                yield ByteBuffer.wrap(b);
            }
            case FIXED -> {
                byte[] b = new byte[s.getFixedSize()];
                r.nextBytes(b);
                yield new GenericData.Fixed(s, b);
            }
            case ENUM -> new GenericData.EnumSymbol(s, s.getEnumSymbols().get(r.nextInt(s.getEnumSymbols().size())));
            case UNION -> randomDatum(s.getTypes().get(r.nextInt(s.getTypes().size())), r);
            case ARRAY -> {
                int n = r.nextInt(4);
                GenericData.Array<Object> a = new GenericData.Array<>(n, s);
                for (int i = 0; i < n; i++) {
                    a.add(randomDatum(s.getElementType(), r));
                }
                yield a;
            }
            case MAP -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    m.put(randomString(r), randomDatum(s.getValueType(), r));
                }
                yield m;
            }
        };
    }

    private static String randomString(Random r) {
        StringBuilder b = new StringBuilder();
        for (int i = r.nextInt(6); i > 0; i--) {
            switch (r.nextInt(5)) {
                case 0 -> b.append((char) ('a' + r.nextInt(26)));
                case 1 -> b.append("\"\\/\n\t".charAt(r.nextInt(5)));
                case 2 -> b.append((char) (0x80 + r.nextInt(0x780)));
                case 3 -> b.append((char) (0x800 + r.nextInt(0xD000 - 0x800)));
                default -> b.appendCodePoint(0x10000 + r.nextInt(0x100000));
            }
        }
        return b.toString();
    }

    /** One random change: to the JSON's structure (through a tree) or to its text. */
    private static byte[] mutate(byte[] json, Random r) throws IOException {
        if (r.nextInt(4) == 0) {
            byte[] b = json.clone();
            int at = r.nextInt(b.length);
            return switch (r.nextInt(3)) {
                case 0 -> concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, Math.min(b.length, at + 1), b.length));
                case 1 -> {
                    b[at] = (byte) "{}[]\",:0123456789.-eE \\ux".charAt(r.nextInt(25));
                    yield b;
                }
                default -> concat(b, " 1".getBytes(StandardCharsets.UTF_8));
            };
        }
        JsonNode root = MAPPER.readTree(json);
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        if (containers.isEmpty()) {
            return MAPPER.writeValueAsBytes(randomJson(r));
        }
        JsonNode target = containers.get(r.nextInt(containers.size()));
        if (target instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            switch (r.nextInt(names.isEmpty() ? 1 : 4)) {
                case 0 -> o.set("zz" + r.nextInt(3), randomJson(r));
                case 1 -> o.remove(names.get(r.nextInt(names.size())));
                case 2 -> {
                    Map<String, JsonNode> reversed = new LinkedHashMap<>();
                    for (int i = names.size() - 1; i >= 0; i--) {
                        reversed.put(names.get(i), o.get(names.get(i)));
                    }
                    o.removeAll();
                    o.setAll(reversed);
                }
                default -> o.set(names.get(r.nextInt(names.size())), randomJson(r));
            }
        } else if (target instanceof ArrayNode a) {
            if (a.isEmpty() || r.nextBoolean()) {
                a.add(randomJson(r));
            } else {
                a.set(r.nextInt(a.size()), randomJson(r));
            }
        }
        return MAPPER.writeValueAsBytes(root);
    }

    private static void collect(JsonNode n, List<JsonNode> out) {
        if (n.isContainerNode()) {
            out.add(n);
            n.forEach(c -> collect(c, out));
        }
    }

    private static JsonNode randomJson(Random r) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (r.nextInt(14)) {
            case 0 -> f.textNode("x");
            case 1 -> f.numberNode(1);
            case 2 -> f.numberNode(1.5);
            case 3 -> f.booleanNode(true);
            case 4 -> f.nullNode();
            case 5 -> f.numberNode(new BigInteger("100000000000000000000000000000"));
            case 6 -> f.numberNode(-2_147_483_649L);
            case 7 -> f.objectNode();
            case 8 -> f.arrayNode();
            case 9 -> f.textNode("GREEN");
            case 10 -> f.objectNode().put("string", "s");
            case 11 -> f.objectNode().put("long", 5);
            case 12 -> f.textNode("\u0100\u0101\u0102\u0103");
            default -> f.textNode("abcd");
        };
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
