package io.raftbus.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftbus.schemas.v1.ChannelEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/**
 * The compatibility gate of rule 18: every schema under {@code src/main/avro} against its released copy under
 * {@code src/test/resources/baseline}, in both directions (FULL), so that a change that breaks old data, or old
 * readers of new data (Kafka consumers), fails the build.
 */
class SchemaCompatibilityTest {
    private static final Path CURRENT = Path.of("src/main/avro/io/raftbus/schemas/v1");
    private static final Path BASELINE = Path.of("src/test/resources/baseline");

    private static TreeMap<String, Schema> load(Path dir) {
        TreeMap<String, Schema> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".avsc")).toList()) {
                out.put(f.getFileName().toString(), new Schema.Parser().parse(f.toFile()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @Test
    void shouldReadV1DataWithCurrentSchema() {
        load(BASELINE).forEach((file, baseline) -> {
            Schema current = load(CURRENT).get(file);
            SchemaCompatibility.SchemaPairCompatibility c =
                    SchemaCompatibility.checkReaderWriterCompatibility(current, baseline);
            assertThat(c.getType()).as("%s: current reads baseline data: %s", file,
                    c.getResult().getIncompatibilities()).isEqualTo(SchemaCompatibility.SchemaCompatibilityType
                    .COMPATIBLE);
        });
    }

    @Test
    void shouldLetV1ReadersReadCurrentData() {
        load(BASELINE).forEach((file, baseline) -> {
            Schema current = load(CURRENT).get(file);
            SchemaCompatibility.SchemaPairCompatibility c =
                    SchemaCompatibility.checkReaderWriterCompatibility(baseline, current);
            assertThat(c.getType()).as("%s: baseline reads current data: %s", file,
                    c.getResult().getIncompatibilities()).isEqualTo(SchemaCompatibility.SchemaCompatibilityType
                    .COMPATIBLE);
        });
    }

    @Test
    void shouldHaveBaselineForEverySchemaAndSchemaForEveryBaseline() {
        assertThat(load(CURRENT).keySet()).containsExactly("ChannelEvent.avsc", "ExportRecord.avsc");
        assertThat(load(BASELINE).keySet()).isEqualTo(load(CURRENT).keySet());
    }

    @Test
    void shouldDocumentEveryFieldAndCarryChangelog() {
        load(CURRENT).forEach((file, s) -> {
            assertThat(s.getType()).as(file).isEqualTo(Schema.Type.RECORD);
            assertThat(file).isEqualTo(s.getName() + ".avsc");
            assertThat(s.getNamespace()).as(file).isEqualTo("io.raftbus.schemas.v1");
            assertThat(s.getDoc()).as(file).contains("Changelog:").contains("v1");
            for (Schema.Field f : s.getFields()) {
                assertThat(f.doc()).as("%s field %s has a doc", file, f.name()).isNotBlank();
            }
        });
    }

    @Test
    void shouldGiveNewFieldsDefaultsWhenTheyAreNotInBaseline() {
        load(CURRENT).forEach((file, s) -> {
            Schema baseline = load(BASELINE).get(file);
            List<String> added = new ArrayList<>();
            for (Schema.Field f : s.getFields()) {
                if (baseline.getField(f.name()) == null && !f.hasDefaultValue()) {
                    added.add(f.name());
                }
            }
            assertThat(added).as("%s: fields added since the baseline need a default", file).isEmpty();
        });
    }

    @Test
    void shouldMatchGeneratedClassesToTheirFiles() throws IOException {
        // stringType=String adds "avro.java.string" properties; the parsing form ignores them (and docs).
        assertThat(SchemaNormalization.toParsingForm(ChannelEvent.getClassSchema()))
                .isEqualTo(SchemaNormalization.toParsingForm(load(CURRENT).get("ChannelEvent.avsc")));
        assertThat(SchemaNormalization.toParsingForm(io.raftbus.schemas.v1.ExportRecord.getClassSchema()))
                .isEqualTo(SchemaNormalization.toParsingForm(load(CURRENT).get("ExportRecord.avsc")));
        try (InputStream in = SchemaCompatibilityTest.class.getResourceAsStream("/baseline/ChannelEvent.avsc")) {
            assertThat(in).isNotNull();
        }
    }

    @Test
    void shouldReadGeneratedEventWithBaselineSchema() throws IOException {
        ChannelEvent e = ChannelEvent.newBuilder().setApp("app-id").setChannel("orders").setEvent("created")
                .setOffset(7).setEpoch(2).setTimestamp(Instant.ofEpochMilli(1_700_000_000_000L))
                .setData(ByteBuffer.wrap("{\"id\":1}".getBytes(StandardCharsets.UTF_8))).setSchemaId(3).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(ChannelEvent.class).write(e, enc);
        enc.flush();
        Schema baseline = load(BASELINE).get("ChannelEvent.avsc");
        GenericRecord r = new GenericDatumReader<GenericRecord>(ChannelEvent.getClassSchema(), baseline)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        assertThat(r.get("channel").toString()).isEqualTo("orders");
        assertThat(r.get("offset")).isEqualTo(7L);
        assertThat(r.get("schema_id")).isEqualTo(3);
        assertThat(r.get("user_id")).isNull();
    }
}
