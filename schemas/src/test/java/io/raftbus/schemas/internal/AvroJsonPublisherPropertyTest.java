package io.raftbus.schemas.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.apache.avro.Schema;

/**
 * The one-pass render ({@link AvroJsonPublisher}) against Avro's reader and JSON encoder, over random data of
 * the schemas of {@link AvroJsonAdapterPropertyTest}:
 * <ul>
 *   <li>stored binary renders to exactly the text Avro's JSON encoder writes for the datum (map entries in the
 *   stored order);</li>
 *   <li>for damaged binary (bytes changed, cut or added), whatever the one pass renders Avro's reader decodes
 *   too, to the same JSON value.</li>
 * </ul>
 */
class AvroJsonPublisherPropertyTest {
    private static final int ID = 3;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Provide
    Arbitrary<Integer> schemaIndex() {
        return Arbitraries.integers().between(0, AvroJsonAdapterPropertyTest.SCHEMAS.size() - 1);
    }

    @Property(tries = 400)
    void shouldWriteWhatAvrosJsonEncoderWrites(@ForAll("schemaIndex") int which, @ForAll long seed)
            throws Exception {
        Schema schema = AvroJsonAdapterPropertyTest.SCHEMAS.get(which);
        Object datum = AvroJsonAdapterPropertyTest.randomDatum(schema, new Random(seed));

        byte[] rendered = new AvroJsonPublisher(schema).render(AvroJsonAdapterPropertyTest.avroBinary(schema, datum));

        assertThat(new String(rendered, StandardCharsets.UTF_8))
                .isEqualTo(new String(AvroJsonAdapterPropertyTest.avroJson(schema, datum), StandardCharsets.UTF_8));
    }

    @Example
    void shouldRenderWhatTheBoundsCheckAcceptsAndRefuseDeeperNesting() throws Exception {
        Schema list = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Node\",\"fields\":["
                + "{\"name\":\"next\",\"type\":[\"null\",\"Node\"]}]}");
        // each level is a union branch and a record field, two levels; the innermost null is at 2 * levels + 2
        byte[] accepted = nested(BinaryBounds.MAX_DEPTH / 2 - 1);
        byte[] tooDeep = nested(BinaryBounds.MAX_DEPTH / 2);
        BinaryBounds.check(list, accepted, CompiledSchema.HEADER);
        assertThatThrownBy(() -> BinaryBounds.check(list, tooDeep, CompiledSchema.HEADER))
                .hasMessageContaining("nested deeper than 256 levels");

        int levels = BinaryBounds.MAX_DEPTH / 2 - 1;
        assertThat(new String(new AvroJsonPublisher(list).render(accepted), StandardCharsets.UTF_8))
                .isEqualTo("{\"next\":{\"Node\":".repeat(levels) + "{\"next\":null}" + "}}".repeat(levels));
        assertThatThrownBy(() -> new AvroJsonPublisher(list).render(tooDeep))
                .isInstanceOf(IOException.class).hasMessage("nested deeper than 256 levels");
    }

    /** A framed {@code Node} list of {@code levels} records: union branch 1 (varint 2) per level, then null. */
    private static byte[] nested(int levels) {
        byte[] b = new byte[CompiledSchema.HEADER + levels + 1];
        Arrays.fill(b, CompiledSchema.HEADER, CompiledSchema.HEADER + levels, (byte) 2);
        return b;
    }

    @Property(tries = 1500)
    void shouldOnlyRenderWhatAvrosReaderDecodesWithTheSameValue(@ForAll("schemaIndex") int which,
            @ForAll long seed) throws Exception {
        Schema schema = AvroJsonAdapterPropertyTest.SCHEMAS.get(which);
        Random random = new Random(seed);
        byte[] stored = damage(AvroJsonAdapterPropertyTest.avroBinary(schema, AvroJsonAdapterPropertyTest.randomDatum(schema, random)), random);
        CompiledSchema avro = new CompiledSchema(ID, schema);

        byte[] rendered;
        try {
            rendered = new AvroJsonPublisher(schema).render(stored);
        } catch (IOException e) {
            rendered = null;
        }

        Statistics.label("one pass").collect(rendered != null ? "renders" : "leaves it to Avro's reader");
        Statistics.label("one pass").coverage(c -> c.check("renders").percentage(p -> p >= 5));
        if (rendered != null) {
            byte[] expected = avro.toJson(avro.readFramed(stored));
            assertThat(MAPPER.readTree(rendered)).isEqualTo(MAPPER.readTree(expected));
        }
    }

    private static byte[] damage(byte[] b, Random r) {
        int at = CompiledSchema.HEADER + r.nextInt(Math.max(1, b.length - CompiledSchema.HEADER));
        return switch (r.nextInt(3)) {
            case 0 -> Arrays.copyOf(b, Math.min(b.length, at));
            case 1 -> {
                byte[] c = b.clone();
                if (at < c.length) {
                    c[at] = (byte) r.nextInt(256);
                }
                yield c;
            }
            default -> Arrays.copyOf(b, b.length + 1 + r.nextInt(3));
        };
    }
}
