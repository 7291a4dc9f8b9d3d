package io.raftbus.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.raftbus.log.ChannelEvent;
import io.raftbus.log.ChannelKey;
import io.raftbus.log.LogClient;
import io.raftbus.log.ReadResult;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The schema registry and schema-bound channels through clients written by others, on one 3-node cluster of
 * node processes: the npm client {@code @kafkajs/confluent-schema-registry} registers, looks up, encodes and
 * decodes against the nodes' registry ports; its encoded bytes are published to a bound channel through the
 * signed HTTP API, stored framed with their schema id, delivered to pusher-js as the same JSON, and decoded back
 * identically by the npm client from the stored bytes; a mismatching publish is refused with 400 and nothing
 * is stored. Each test uses its own channel and subject.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(90)
class SchemaRegistryClientsIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String ORDER_SCHEMA = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"shop\","
            + "\"fields\":[{\"name\":\"id\",\"type\":\"int\"},{\"name\":\"item\",\"type\":\"string\"},"
            + "{\"name\":\"price\",\"type\":\"double\"},{\"name\":\"paid\",\"type\":\"boolean\"}]}";

    private Path dir;
    private EdgeCluster cluster;
    private LogClient log;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger ids = new java.util.concurrent.atomic.AtomicInteger();

    @BeforeAll
    void startCluster() throws Exception {
        dir = Files.createTempDirectory("schema-registry-clients-it");
        cluster = EdgeCluster.start(dir, Map.of("raftbus.schemas.bindings", "orders-*;payments=payments-value"),
                null);
        log = cluster.logClient();
    }

    @AfterAll
    void stopCluster() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        if (log != null) {
            log.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private NodeScript registry(int node, boolean auth) {
        NodeScript s = NodeScript.start("registry.js", auth
                ? Map.of("RB_REGISTRY_URL", cluster.registryUrl(node), "RB_KEY", Clients.APP.key(),
                        "RB_SECRET", Clients.APP.secret())
                : Map.of("RB_REGISTRY_URL", cluster.registryUrl(node)));
        open.add(s);
        return s;
    }

    /** Sends a command with a new id (NodeScript keeps every line, so ids must not repeat) and awaits its reply. */
    private JsonNode call(NodeScript s, Map<String, Object> command) {
        int id = ids.incrementAndGet();
        Map<String, Object> c = new java.util.HashMap<>(command);
        c.put("id", id);
        s.send(c);
        return s.await("reply " + id + " to " + command.get("cmd"), WAIT, l -> l.path("id").asInt(-1) == id);
    }

    private static ObjectNode order(int id, String item, double price, boolean paid) {
        ObjectNode o = Clients.JSON.createObjectNode();
        o.put("id", id);
        o.put("item", item);
        o.put("price", price);
        o.put("paid", paid);
        return o;
    }

    private HttpResponse<String> publishRaw(int node, String channel, String event, String data, String encoding)
            throws Exception {
        ObjectNode body = Clients.JSON.createObjectNode();
        body.put("name", event);
        body.putArray("channels").add(channel);
        body.put("data", data);
        if (encoding != null) {
            body.put("data_encoding", encoding);
        }
        var request = SignedRequests.request(cluster.url(node), "POST", "/apps/" + Clients.APP.id() + "/events",
                Map.of(), Clients.JSON.writeValueAsString(body), Clients.APP.key(), Clients.APP.secret(),
                System.currentTimeMillis() / 1000).timeout(Duration.ofSeconds(20)).build();
        return Clients.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Publishes until the edge accepts (200): a registry change reaches the other nodes' folds a moment after
     * the node that took the write answered, and until then their edges refuse data of the new schema.
     */
    private void awaitAccepted(String what, int node, String channel, String event, String data, String encoding) {
        Await.until(what, WAIT, () -> {
            try {
                return publishRaw(node, channel, event, data, encoding).statusCode() == 200;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private List<ChannelEvent> stored(String channel) throws Exception {
        ReadResult r = log.read(new ChannelKey(Clients.APP.id(), channel), 1, 100).get(20, TimeUnit.SECONDS);
        return ((ReadResult.Events) r).events();
    }

    @Test
    void shouldShareIdsAcrossNodesWhenTheNpmClientRegistersAndLooksUp() {
        NodeScript writer = registry(0, true);
        JsonNode registered = call(writer, Map.of("cmd", "register", "subject", "orders-shared-value",
                "schema", ORDER_SCHEMA));
        assertThat(registered.path("type").asText()).as(registered.toString()).isEqualTo("registered");
        int id = registered.path("schemaId").asInt();
        assertThat(id).isPositive();

        JsonNode again = call(writer, Map.of("cmd", "register", "subject", "orders-shared-value",
                "schema", ORDER_SCHEMA));
        assertThat(again.path("schemaId").asInt()).as("registering the same schema again").isEqualTo(id);

        for (int node = 1; node < 3; node++) {
            NodeScript reader = registry(node, false);
            int n = node;
            Await.until("node " + n + " knows subject orders-shared-value", WAIT, () -> call(reader,
                    Map.of("cmd", "latestId", "subject", "orders-shared-value")).path("schemaId").asInt() == id);
            JsonNode schema = call(reader, Map.of("cmd", "schema", "schemaId", id)).path("schema");
            assertThat(schema.path("name").asText()).isEqualTo("shop.Order");
            assertThat(schema.path("fields")).extracting(f -> f.path("name").asText())
                    .containsExactly("id", "item", "price", "paid");
        }
    }

    @Test
    void shouldRefuseRegistrationWithoutCredentials() {
        NodeScript anonymous = registry(1, false);
        JsonNode reply = call(anonymous, Map.of("cmd", "register", "subject", "orders-anon-value",
                "schema", ORDER_SCHEMA));
        assertThat(reply.path("type").asText()).isEqualTo("command_failed");
        assertThat(reply.path("status").asInt()).as(reply.toString()).isEqualTo(401);
    }

    @Test
    void shouldStoreNpmEncodedBytesAndDeliverJsonWhenPublishedToABoundChannel() throws Exception {
        NodeScript client = registry(0, true);
        int id = call(client, Map.of("cmd", "register", "subject", "orders-wire-value", "schema", ORDER_SCHEMA))
                .path("schemaId").asInt();
        ObjectNode payload = order(7, "lamp", 19.5, true);
        String encoded = call(client, Map.of("cmd", "encode", "schemaId", id, "payload", payload))
                .path("base64").asText();
        byte[] framed = Base64.getDecoder().decode(encoded);
        assertThat(framed[0]).as("magic byte").isZero();
        assertThat(ByteBuffer.wrap(framed, 1, 4).getInt()).isEqualTo(id);

        NodeScript subscriber = Clients.pusherJs(cluster, 2, "s");
        open.add(subscriber);
        Clients.subscribe(subscriber, "orders-wire");
        awaitAccepted("node 1 accepts the framed publish", 1, "orders-wire", "created", encoded, "confluent-base64");

        JsonNode delivered = subscriber.await("created on orders-wire", WAIT,
                l -> l.path("type").asText().equals("event") && l.path("channel").asText().equals("orders-wire")
                        && l.path("event").asText().equals("created"));
        assertThat(Clients.data(delivered)).isEqualTo(payload);

        List<ChannelEvent> events = stored("orders-wire");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).schemaId()).isEqualTo(id);
        assertThat(events.get(0).data()).as("stored in the Confluent wire format, not re-encoded")
                .isEqualTo(framed);
        JsonNode decoded = call(client, Map.of("cmd", "decode", "base64",
                Base64.getEncoder().encodeToString(events.get(0).data()))).path("payload");
        assertThat(decoded).isEqualTo(payload);
    }

    @Test
    void shouldStoreJsonFramedSoTheNpmClientDecodesItWhenJsonIsPublished() throws Exception {
        NodeScript client = registry(1, true);
        int id = call(client, Map.of("cmd", "register", "subject", "orders-json-value", "schema", ORDER_SCHEMA))
                .path("schemaId").asInt();
        ObjectNode payload = order(8, "desk", 120.25, false);
        awaitAccepted("node 2 accepts the JSON publish", 2, "orders-json", "created",
                Clients.JSON.writeValueAsString(payload), null);
        List<ChannelEvent> events = stored("orders-json");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).schemaId()).isEqualTo(id);
        JsonNode decoded = call(client, Map.of("cmd", "decode", "base64",
                Base64.getEncoder().encodeToString(events.get(0).data()))).path("payload");
        assertThat(decoded).isEqualTo(payload);
    }

    @Test
    void shouldRefuseMismatchNamingTheFieldAndStoreNothing() throws Exception {
        NodeScript client = registry(0, true);
        call(client, Map.of("cmd", "register", "subject", "orders-bad-value", "schema", ORDER_SCHEMA));
        ObjectNode good = order(1, "cup", 2.5, true);
        awaitAccepted("node 0 accepts a matching publish", 0, "orders-bad", "created",
                Clients.JSON.writeValueAsString(good), null);
        ObjectNode bad = good.deepCopy();
        bad.put("price", "cheap");
        HttpResponse<String> refused = publishRaw(0, "orders-bad", "created", Clients.JSON.writeValueAsString(bad),
                null);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("price");
        HttpResponse<String> garbage = publishRaw(0, "orders-bad", "created",
                Base64.getEncoder().encodeToString(new byte[] {0, 0, 0, 0, 99, 1, 2}), "confluent-base64");
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(stored("orders-bad")).hasSize(1);
    }
}
