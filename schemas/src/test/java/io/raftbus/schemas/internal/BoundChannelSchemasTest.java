package io.raftbus.schemas.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftbus.schemas.ChannelBindings;
import io.raftbus.schemas.ChannelSchemas;
import io.raftbus.schemas.InMemorySchemaSource;
import io.raftbus.schemas.SchemaViolationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class BoundChannelSchemasTest {
    static final String ORDER = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"shop\",\"fields\":["
            + "{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"amount\",\"type\":\"long\"},"
            + "{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null},"
            + "{\"name\":\"address\",\"type\":{\"type\":\"record\",\"name\":\"Address\",\"fields\":["
            + "{\"name\":\"city\",\"type\":\"string\"}]}}]}";
    static final String OTHER = "{\"type\":\"record\",\"name\":\"Other\",\"fields\":[{\"name\":\"x\","
            + "\"type\":\"int\"}]}";
    static final String OK = "{\"id\":\"o-1\",\"amount\":12,\"note\":null,\"address\":{\"city\":\"Oslo\"}}";

    final InMemorySchemaSource source = new InMemorySchemaSource();
    final int orderId = source.register("orders-value", ORDER);
    final int otherId = source.register("other-value", OTHER);
    final ChannelSchemas schemas = ChannelBindings.parse("orders*=orders-value;unregistered", source);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private ChannelSchemas.Validated json(String data) throws SchemaViolationException {
        return schemas.validate("app", "orders", utf8(data), false);
    }

    private void assertRefused(String data, String message) {
        assertThatThrownBy(() -> json(data)).isInstanceOf(SchemaViolationException.class)
                .hasMessageStartingWith("channel 'orders' (subject orders-value, schema id " + orderId + "): ")
                .hasMessageContaining(message);
    }

    private void assertFramedRefused(byte[] data, String message) {
        assertThatThrownBy(() -> schemas.validate("app", "orders", data, true))
                .isInstanceOf(SchemaViolationException.class).hasMessageContaining(message);
    }

    static byte[] framed(int id, Schema schema, GenericRecord r) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {0, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id});
        BinaryEncoder e = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(r, e);
        e.flush();
        return out.toByteArray();
    }

    private GenericRecord order() {
        Schema s = new Schema.Parser().parse(ORDER);
        GenericRecord a = new GenericData.Record(s.getField("address").schema());
        a.put("city", "Oslo");
        GenericRecord r = new GenericData.Record(s);
        r.put("id", "o-1");
        r.put("amount", 12L);
        r.put("note", "hi");
        r.put("address", a);
        return r;
    }

    @Test
    void shouldStoreFramedBinaryWithLatestIdWhenJsonMatches() throws Exception {
        ChannelSchemas.Validated v = json(OK);
        assertThat(v.schemaId()).isEqualTo(orderId);
        assertThat(v.data()[0]).isZero();
        assertThat(CompiledSchema.idOf(v.data())).isEqualTo(orderId);
        assertThat(new String(schemas.render(v.schemaId(), v.data()), StandardCharsets.UTF_8)).isEqualTo(OK);
    }

    @Test
    void shouldRenderUnionAsAvroJsonWhenNullableFieldHasValue() throws Exception {
        String withNote = "{\"id\":\"o-1\",\"amount\":12,\"note\":{\"string\":\"hi\"},\"address\":{\"city\":\"B\"}}";
        ChannelSchemas.Validated v = json(withNote);
        assertThat(new String(schemas.render(v.schemaId(), v.data()), StandardCharsets.UTF_8)).isEqualTo(withNote);
    }

    @Test
    void shouldPassDataUnchangedWhenChannelIsNotBound() throws Exception {
        byte[] data = utf8("not even json");
        ChannelSchemas.Validated v = schemas.validate("app", "payments", data, false);
        assertThat(v.schemaId()).isEqualTo(ChannelSchemas.Validated.NO_SCHEMA);
        assertThat(v.data()).isSameAs(data);
        assertThat(schemas.render(ChannelSchemas.Validated.NO_SCHEMA, data)).isSameAs(data);
    }

    @Test
    void shouldNameFieldAndValueWhenTypeIsWrong() {
        assertRefused("{\"id\":\"o-1\",\"amount\":\"abc\",\"note\":null,\"address\":{\"city\":\"O\"}}",
                "field 'amount': expected long, got string \"abc\"");
        assertRefused("{\"id\":5,\"amount\":1,\"note\":null,\"address\":{\"city\":\"O\"}}",
                "field 'id': expected string, got number 5");
        assertRefused("{\"id\":\"o\",\"amount\":1,\"note\":null,\"address\":{\"city\":true}}",
                "field 'address.city': expected string, got boolean true");
        assertRefused("{\"id\":\"o\",\"amount\":1,\"note\":\"plain\",\"address\":{\"city\":\"O\"}}",
                "field 'note': expected null or {\"string\": string}, got string \"plain\"");
    }

    @Test
    void shouldNameFieldWhenItIsMissing() {
        assertRefused("{\"id\":\"o-1\",\"note\":null,\"address\":{\"city\":\"O\"}}",
                "field 'amount' is missing (expected long)");
        assertRefused("{\"id\":\"o-1\",\"amount\":1,\"note\":null,\"address\":{}}",
                "field 'address.city' is missing (expected string)");
    }

    @Test
    void shouldRefuseExtraFieldWhenSchemaHasNoSuchField() {
        assertRefused("{\"id\":\"o-1\",\"amount\":1,\"note\":null,\"address\":{\"city\":\"O\"},\"vip\":true}",
                "field 'vip' is not in the schema (record Order has [id, amount, note, address])");
        assertRefused("{\"id\":\"o-1\",\"amount\":1,\"note\":null,\"address\":{\"city\":\"O\",\"zip\":1}}",
                "field 'address.zip' is not in the schema");
    }

    @Test
    void shouldRefuseWhenDataIsNotJson() {
        assertRefused("{\"id\":", "data is not valid JSON");
        assertRefused(OK + " {}", "data is not valid JSON");
        assertRefused("", "data is empty");
        assertRefused("[1]", "expected object (record Order), got array");
    }

    @Test
    void shouldRefuseClearlyWhenBoundSubjectHasNoSchema() {
        assertThatThrownBy(() -> schemas.validate("app", "unregistered", utf8("{}"), false))
                .isInstanceOf(SchemaViolationException.class)
                .hasMessage("channel 'unregistered' (subject unregistered-value): no schema is registered under "
                        + "the subject; register one before publishing to this channel");
    }

    @Test
    void shouldAcceptFramedDataWhenIdBelongsToSubject() throws Exception {
        byte[] data = framed(orderId, new Schema.Parser().parse(ORDER), order());
        ChannelSchemas.Validated v = schemas.validate("app", "orders", data, true);
        assertThat(v.schemaId()).isEqualTo(orderId);
        assertThat(v.data()).isSameAs(data);
        assertThat(new String(schemas.render(orderId, data), StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":\"o-1\",\"amount\":12,\"note\":{\"string\":\"hi\"},\"address\":{\"city\":\"Oslo\"}}");
    }

    @Test
    void shouldRefuseFramedDataWhenIdBelongsToAnotherSubject() throws Exception {
        Schema s = new Schema.Parser().parse(OTHER);
        GenericRecord r = new GenericData.Record(s);
        r.put("x", 1);
        assertFramedRefused(framed(otherId, s, r), "schema id " + otherId + " is not a version of subject "
                + "orders-value");
        assertFramedRefused(framed(99, s, r), "schema id 99 is not a version of subject orders-value");
    }

    @Test
    void shouldRefuseFramedDataWhenTruncated() throws Exception {
        byte[] data = framed(orderId, new Schema.Parser().parse(ORDER), order());
        assertFramedRefused(Arrays.copyOf(data, data.length - 2), "field 'address.city': the data ends inside "
                + "this field (truncated)");
        assertFramedRefused(Arrays.copyOf(data, 3), "framed data has 3 bytes; it needs at least 5");
        assertFramedRefused(Arrays.copyOf(data, 5), "field 'id': the data ends inside this field (truncated)");
    }

    @Test
    void shouldRefuseWithoutAllocatingWhenFramedLengthIsHuge() {
        byte[] hugeString = {0, 0, 0, 0, (byte) orderId, (byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07};
        assertFramedRefused(hugeString, "field 'id': the data ends inside this field (truncated)");
        Schema s = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"A\",\"fields\":[{\"name\":"
                + "\"xs\",\"type\":{\"type\":\"array\",\"items\":\"null\"}}]}");
        int id = source.register("arrays-value", s.toString());
        ChannelSchemas arrays = ChannelBindings.parse("arrays", source);
        byte[] hugeBlock = {0, 0, 0, 0, (byte) id, (byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07};
        assertThatThrownBy(() -> arrays.validate("app", "arrays", hugeBlock, true))
                .hasMessageContaining("field 'xs': the data ends inside this field (truncated)");
    }

    @Test
    void shouldRefuseFramedDataWhenBytesTrail() throws Exception {
        byte[] data = framed(orderId, new Schema.Parser().parse(ORDER), order());
        assertFramedRefused(Arrays.copyOf(data, data.length + 3), "3 bytes left after the end of the record");
    }

    @Test
    void shouldRefuseFramedDataWhenMagicByteIsWrong() throws Exception {
        byte[] data = framed(orderId, new Schema.Parser().parse(ORDER), order());
        data[0] = 1;
        assertFramedRefused(data, "framed data starts with byte 0x01; the Confluent wire format starts with "
                + "magic byte 0");
    }

    @Test
    void shouldParseEachSchemaOnceWhenManyEventsArePublished() throws Exception {
        int before = source.byIdCalls.get();
        for (int i = 0; i < 100; i++) {
            ChannelSchemas.Validated v = json(OK);
            schemas.render(v.schemaId(), v.data());
        }
        assertThat(source.byIdCalls.get() - before).isLessThanOrEqualTo(1);
    }

    @Test
    void shouldValidateLatestVersionWhenSubjectEvolves() throws Exception {
        String v2 = ORDER.replace("{\"name\":\"amount\",\"type\":\"long\"},", "{\"name\":\"amount\",\"type\":"
                + "\"long\"},{\"name\":\"currency\",\"type\":\"string\",\"default\":\"EUR\"},");
        int id2 = source.register("orders-value", v2);
        ChannelSchemas.Validated v = json("{\"id\":\"o\",\"amount\":1,\"currency\":\"NOK\",\"note\":null,"
                + "\"address\":{\"city\":\"O\"}}");
        assertThat(v.schemaId()).isEqualTo(id2);
        byte[] old = framed(orderId, new Schema.Parser().parse(ORDER), order());
        assertThat(schemas.validate("app", "orders", old, true).schemaId()).isEqualTo(orderId);
    }

    @Test
    void shouldDeliverStoredBytesUnchangedWhenTheyCannotBeRendered() {
        byte[] junk = utf8("{\"x\":1}");
        assertThat(schemas.render(orderId, junk)).isSameAs(junk);
        byte[] unknown = {0, 0, 0, 0, 42, 1};
        assertThat(schemas.render(42, unknown)).isSameAs(unknown);
    }
}
