package io.raftbus.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.pusher.rest.Pusher;
import com.pusher.rest.data.Result;
import io.raftbus.ingest.internal.Json;
import io.raftbus.ingest.internal.Signatures;
import io.raftbus.log.ChannelEvent;
import io.raftbus.log.ChannelKey;
import io.raftbus.log.RaftLog;
import io.raftbus.log.ReadResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A channel bound to a schema on a real single-node log and edge ({@link SchemaFixtures#BINDINGS}): the official
 * Java server SDK publishes, a java.net.http WebSocket subscribes.
 */
@Timeout(120)
class SchemaBoundChannelIT {
    @TempDir
    static Path dir;
    private static RaftLog log;
    private static IngestServer edge;
    private static Pusher sdk;

    @BeforeAll
    static void start() throws Exception {
        log = SingleNodeLog.launch(dir);
        edge = IngestServer.launch(IngestConfig.defaults(0), log, SchemaFixtures.schemas());
        sdk = new Pusher("app-id", "app-key", "app-secret");
        sdk.setHost("127.0.0.1:" + edge.port());
        sdk.setEncrypted(false);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (sdk.trigger("warmup", "e", Map.of()).getStatus() != Result.Status.SUCCESS) {
            assertThat(System.nanoTime()).as("log ready within 30 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (sdk != null) {
            sdk.close();
        }
        if (edge != null) {
            edge.close();
        }
        if (log != null) {
            log.close();
        }
    }

    private static List<ChannelEvent> stored(String channel) throws Exception {
        ReadResult r = log.client().read(new ChannelKey("app-id", channel), 1, 100).get(30, TimeUnit.SECONDS);
        return ((ReadResult.Events) r).events();
    }

    @Test
    void shouldAcceptMatchingJsonRefuseMismatchAndDeliverJson() throws Exception {
        PusherWebSocketIT.Client c = PusherWebSocketIT.Client.connect("app-key?protocol=7&client=java&version=1",
                edge.port());
        c.socketId();
        c.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"orders\"}}");
        c.next("pusher_internal:subscription_succeeded");

        Result bad = sdk.trigger("orders", "created", Map.of("id", "o1", "amount", "ten"));
        assertThat(bad.getHttpStatus()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(bad.getMessage()).path("error").asText()).isEqualTo("data: channel "
                + "'orders' (subject orders-value, schema id 1): field 'amount': expected long, got string \"ten\"");
        assertThat(stored("orders")).isEmpty();

        Result ok = sdk.trigger("orders", "created", Map.of("id", "o1", "amount", 10));
        assertThat(ok.getStatus()).as(ok.getMessage()).isEqualTo(Result.Status.SUCCESS);
        JsonNode got = c.next("created");
        assertThat(Json.MAPPER.readTree(got.path("data").asText()))
                .isEqualTo(Json.MAPPER.readTree("{\"id\":\"o1\",\"amount\":10}"));

        List<ChannelEvent> events = stored("orders");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).schemaId()).isEqualTo(1);
        assertThat(events.get(0).data()).isEqualTo(SchemaFixtures.framedOrder(1, "o1", 10));
        c.ws.sendClose(1000, "bye").join();
    }

    @Test
    void shouldAcceptFramedBase64AndDeliverJson() throws Exception {
        PusherWebSocketIT.Client c = PusherWebSocketIT.Client.connect("app-key?protocol=7&client=java&version=1",
                edge.port());
        c.socketId();
        c.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"orders-framed\"}}");
        c.next("pusher_internal:subscription_succeeded");
        String body = "{\"name\":\"created\",\"channel\":\"orders-framed\",\"data\":\""
                + Base64.getEncoder().encodeToString(SchemaFixtures.framedOrder(1, "f1", 7))
                + "\",\"data_encoding\":\"confluent-base64\"}";
        assertThat(signedPost("/apps/app-id/events", body).statusCode()).isEqualTo(200);
        assertThat(c.next("created").path("data").asText()).isEqualTo("{\"id\":\"f1\",\"amount\":7}");
        c.ws.sendClose(1000, "bye").join();
    }

    private static HttpResponse<String> signedPost(String path, String body) throws Exception {
        String query = "auth_key=app-key&auth_timestamp=" + System.currentTimeMillis() / 1000
                + "&auth_version=1.0&body_md5=" + Signatures.md5Hex(body.getBytes(StandardCharsets.UTF_8));
        String signature = Signatures.hmacSha256Hex("app-secret", "POST\n" + path + "\n" + query);
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + path + "?" + query
                        + "&auth_signature=" + signature)).version(HttpClient.Version.HTTP_1_1)
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
    }
}
