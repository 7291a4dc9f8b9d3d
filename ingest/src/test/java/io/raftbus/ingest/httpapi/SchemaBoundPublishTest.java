package io.raftbus.ingest.httpapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.raftbus.ingest.SchemaFixtures;
import io.raftbus.ingest.internal.Json;
import io.raftbus.log.ChannelKey;
import io.raftbus.log.PublishCommand;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Publishes over the HTTP API to channels bound to a schema ({@link SchemaFixtures#BINDINGS}). */
class SchemaBoundPublishTest {
    final ApiHarness api = new ApiHarness();

    SchemaBoundPublishTest() {
        api.schemas = SchemaFixtures.schemas();
    }

    private static String event(String channel, String data) {
        return "{\"name\":\"created\",\"channel\":\"" + channel + "\",\"data\":" + Json.quote(data) + "}";
    }

    @Test
    void shouldStoreFramedDataWithSchemaIdWhenJsonMatches() {
        ApiHarness.Answer a = api.post("/apps/3/events", event("orders", "{\"id\":\"o1\",\"amount\":5}"));
        assertThat(a.status()).isEqualTo(200);
        PublishCommand c = api.log.published.get(0);
        assertThat(c.schemaId()).isEqualTo(1);
        assertThat(c.data()).isEqualTo(SchemaFixtures.framedOrder(1, "o1", 5));
    }

    @Test
    void shouldAnswer400NamingFieldAndStoreNothingWhenJsonDoesNotMatch() throws Exception {
        ApiHarness.Answer a = api.post("/apps/3/events", event("orders", "{\"id\":\"o1\",\"amount\":\"abc\"}"));
        assertThat(a.status()).isEqualTo(400);
        JsonNode body = Json.MAPPER.readTree(a.body());
        assertThat(body.path("error").asText()).isEqualTo("data: channel 'orders' (subject orders-value, schema id "
                + "1): field 'amount': expected long, got string \"abc\"");
        assertThat(api.post("/apps/3/events", event("orders", "{\"id\":\"o1\"}")).body())
                .contains("field 'amount' is missing");
        assertThat(api.log.published).isEmpty();
        assertThat(api.log.stored(new ChannelKey("3", "orders"))).isEmpty();
    }

    @Test
    void shouldRefuseWholeRequestWhenOneOfSeveralChannelsDoesNotMatch() {
        ApiHarness.Answer a = api.post("/apps/3/events", "{\"name\":\"e\",\"channels\":[\"free\",\"orders\"],"
                + "\"data\":\"{\\\"id\\\":1}\"}");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body()).contains("field 'id': expected string, got number 1");
        assertThat(api.log.published).isEmpty();
    }

    @Test
    void shouldRefuseWholeBatchWhenOneEventDoesNotMatch() {
        ApiHarness.Answer a = api.post("/apps/3/batch_events", "{\"batch\":[" + event("orders",
                "{\"id\":\"a\",\"amount\":1}") + "," + event("orders", "{\"id\":\"b\",\"amount\":true}") + "]}");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body()).contains("batch[1].data: channel 'orders'").contains("field 'amount': expected long, "
                + "got boolean true");
        assertThat(api.log.published).isEmpty();
        assertThat(api.post("/apps/3/batch_events", "{\"batch\":[" + event("orders", "{\"id\":\"a\",\"amount\":1}")
                + "," + event("free", "anything") + "]}").status()).isEqualTo(200);
        assertThat(api.log.published).extracting(PublishCommand::schemaId).containsExactly(1, -1);
    }

    @Test
    void shouldAcceptFramedBase64WhenIdBelongsToSubject() {
        String b64 = Base64.getEncoder().encodeToString(SchemaFixtures.framedOrder(1, "o2", 9));
        ApiHarness.Answer a = api.post("/apps/3/events", "{\"name\":\"e\",\"channel\":\"orders-eu\",\"data\":\""
                + b64 + "\",\"data_encoding\":\"confluent-base64\"}");
        assertThat(a.status()).isEqualTo(200);
        assertThat(api.log.published.get(0).data()).isEqualTo(SchemaFixtures.framedOrder(1, "o2", 9));
        assertThat(api.log.published.get(0).schemaId()).isEqualTo(1);
    }

    @Test
    void shouldRefuseFramedBase64WhenBadOrForeignOrUnbound() {
        String foreign = Base64.getEncoder().encodeToString(SchemaFixtures.framedOrder(2, "o", 1));
        assertThat(api.post("/apps/3/events", "{\"name\":\"e\",\"channel\":\"orders\",\"data\":\"" + foreign
                + "\",\"data_encoding\":\"confluent-base64\"}").body())
                .contains("schema id 2 is not a version of subject orders-value");
        assertThat(api.post("/apps/3/events", "{\"name\":\"e\",\"channel\":\"orders\",\"data\":\"%%%\","
                + "\"data_encoding\":\"confluent-base64\"}").body()).contains("not valid base64");
        String ok = Base64.getEncoder().encodeToString(SchemaFixtures.framedOrder(1, "o", 1));
        ApiHarness.Answer unbound = api.post("/apps/3/events", "{\"name\":\"e\",\"channel\":\"free\",\"data\":\""
                + ok + "\",\"data_encoding\":\"confluent-base64\"}");
        assertThat(unbound.status()).isEqualTo(400);
        assertThat(unbound.body()).contains("channel 'free' is not bound");
        assertThat(api.post("/apps/3/events", "{\"name\":\"e\",\"channel\":\"orders\",\"data\":\"x\","
                + "\"data_encoding\":\"gzip\"}").body()).contains("data_encoding 'gzip' is unknown");
        assertThat(api.log.published).isEmpty();
    }

    @Test
    void shouldRenderJsonWithSchemaIdWhenHistoryIsRead() throws Exception {
        api.post("/apps/3/events", event("orders", "{\"id\":\"o1\",\"amount\":5}"));
        api.post("/apps/3/events", event("free", "plain"));
        JsonNode e = Json.MAPPER.readTree(api.get("/apps/3/channels/orders/events", Map.of()).body())
                .path("events").get(0);
        assertThat(e.path("data").asText()).isEqualTo("{\"id\":\"o1\",\"amount\":5}");
        assertThat(e.path("schema_id").asInt()).isEqualTo(1);
        JsonNode plain = Json.MAPPER.readTree(api.get("/apps/3/channels/free/events", Map.of()).body())
                .path("events").get(0);
        assertThat(plain.path("data").asText()).isEqualTo("plain");
        assertThat(plain.has("schema_id")).isFalse();
        assertThat(new String(api.log.stored(new ChannelKey("3", "free")).get(0).data(), StandardCharsets.UTF_8))
                .isEqualTo("plain");
    }
}
