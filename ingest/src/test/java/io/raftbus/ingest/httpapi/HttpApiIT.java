package io.raftbus.ingest.httpapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.pusher.rest.Pusher;
import com.sun.net.httpserver.HttpServer;
import com.pusher.rest.data.Result;
import io.raftbus.ingest.AppConfig;
import io.raftbus.ingest.Apps;
import io.raftbus.ingest.IngestConfig;
import io.raftbus.ingest.IngestServer;
import io.raftbus.ingest.internal.Json;
import io.raftbus.ingest.internal.Signatures;
import io.raftbus.log.ChannelEvent;
import io.raftbus.log.ChannelKey;
import io.raftbus.log.PeerAddress;
import io.raftbus.log.RaftLog;
import io.raftbus.log.RaftLogConfig;
import io.raftbus.log.ReadResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP API on a real 3-node raft-log cluster on loopback, driven by the official Java server SDK
 * ({@code com.pusher.rest.Pusher}) and by hand-signed requests where the SDK has no helper.
 */
@Timeout(180)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HttpApiIT {
    static final String APP_ID = "app-id";
    static final String KEY = "app-key";
    static final String SECRET = "app-secret";
    @TempDir
    static Path dir;
    final List<RaftLog> nodes = new ArrayList<>();
    IngestServer edge;
    final List<IngestServer> edges = new ArrayList<>();
    HttpServer hookServer;
    final List<String> hooks = new CopyOnWriteArrayList<>();
    Pusher pusher;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void startCluster() throws Exception {
        List<PeerAddress> peers = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            peers.add(new PeerAddress("n" + i, "127.0.0.1", freePort()));
        }
        RaftLogConfig base = RaftLogConfig.builder().peers(peers).groupCount(1)
                .electionTimeoutMin(Duration.ofMillis(1000)).electionTimeoutMax(Duration.ofMillis(2000))
                .requestTimeout(Duration.ofMillis(1000)).clientRetries(5).minFreeDiskBytes(0).build();
        for (PeerAddress p : peers) {
            nodes.add(RaftLog.launch(base.withNode(p.id(), dir.resolve(p.id()))));
        }
        awaitUntil("a leader", () -> nodes.stream().anyMatch(n -> n.localStatus().groups().get(0).members().get(0)
                .role().equals("LEADER")));
        hookServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hookServer.createContext("/hook", exchange -> {
            hooks.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        hookServer.start();
        AppConfig app = new AppConfig(APP_ID, KEY, SECRET, true, true, false, AppConfig.Limits.PUSHER,
                List.of(new AppConfig.Webhook("http://127.0.0.1:" + hookServer.getAddress().getPort() + "/hook",
                        List.of("client_event", "cache_miss"))));
        IngestConfig config = IngestConfig.defaults(0).withApps(new Apps(List.of(app)));
        for (RaftLog node : nodes) {
            edges.add(IngestServer.launch(config, node));
        }
        edge = edges.get(0);
        pusher = sdk(APP_ID, SECRET);
    }

    private Pusher sdk(String appId, String secret) {
        Pusher p = new Pusher(appId, KEY, secret);
        p.setHost("127.0.0.1:" + edge.port());
        p.setEncrypted(false);
        return p;
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (pusher != null) {
            pusher.close();
        }
        edges.forEach(e -> {
            if (e != null) {
                e.close();
            }
        });
        if (hookServer != null) {
            hookServer.stop(0);
        }
        nodes.forEach(n -> {
            if (n != null) {
                n.close();
            }
        });
    }

    @Test
    @Order(1)
    void shouldStoreEventsTriggeredWithTheOfficialSdk() throws Exception {
        Result one = pusher.trigger("orders", "created", Map.of("id", 1));
        assertThat(one.getStatus()).as(one.getMessage()).isEqualTo(Result.Status.SUCCESS);
        assertThat(one.getMessage()).isEqualTo("{}");
        Result many = pusher.trigger(List.of("orders", "audit"), "created", Map.of("id", 2), "123.456");
        assertThat(many.getStatus()).as(many.getMessage()).isEqualTo(Result.Status.SUCCESS);
        List<ChannelEvent> orders = read("orders");
        assertThat(orders).extracting(ChannelEvent::eventName).containsExactly("created", "created");
        assertThat(new String(orders.get(0).data(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":1}");
        assertThat(orders.get(1).excludeSocketId()).isEqualTo("123.456");
        assertThat(read("audit")).hasSize(1);
    }

    @Test
    @Order(2)
    void shouldRefuseWrongSecretAndStaleTimestamp() throws Exception {
        Pusher wrong = sdk(APP_ID, "not-the-secret");
        try {
            Result r = wrong.trigger("orders", "forged", Map.of());
            assertThat(r.getStatus()).isEqualTo(Result.Status.AUTHENTICATION_ERROR);
            assertThat(r.getHttpStatus()).isEqualTo(401);
            String error = Json.MAPPER.readTree(r.getMessage()).get("error").asText();
            assertThat(error).startsWith("Invalid signature: you should have sent HmacSHA256Hex(\"POST\\n/apps/"
                    + "app-id/events\\nauth_key=app-key&auth_timestamp=");
        } finally {
            wrong.close();
        }
        long stale = System.currentTimeMillis() / 1000 - 601;
        HttpResponse<String> r = send("POST", "/apps/" + APP_ID + "/events", Map.of(),
                "{\"name\":\"e\",\"channel\":\"orders\",\"data\":\"replayed\"}", stale, null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("Timestamp expired");
        assertThat(read("orders")).extracting(ChannelEvent::eventName).doesNotContain("forged", "e");
    }

    @Test
    @Order(3)
    void shouldServeHistoryFromOffset() throws Exception {
        Result r = pusher.get("/channels/orders/events", Map.of("from", "2", "limit", "10"));
        assertThat(r.getStatus()).as(r.getMessage()).isEqualTo(Result.Status.SUCCESS);
        JsonNode body = Json.MAPPER.readTree(r.getMessage());
        assertThat(body.get("events")).hasSize(1);
        assertThat(body.get("events").get(0).get("offset").asLong()).isEqualTo(2);
        assertThat(body.get("events").get(0).get("data").asText()).isEqualTo("{\"id\":2}");
        assertThat(body.get("next").asLong()).isEqualTo(3);
    }

    @Test
    @Order(4)
    void shouldStoreOnceWhenRetriedWithIdempotencyKey() throws Exception {
        String body = "{\"name\":\"paid\",\"channels\":[\"billing\",\"audit\"],\"data\":\"{}\"}";
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = send("POST", "/apps/" + APP_ID + "/events", Map.of(), body,
                    System.currentTimeMillis() / 1000, "retry-1");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        assertThat(read("billing")).hasSize(1);
        assertThat(read("audit")).extracting(ChannelEvent::eventName).containsExactly("created", "paid");
    }

    @Test
    @Order(5)
    void shouldListChannelsWithTheOfficialSdk() {
        Result r = pusher.get("/channels", Map.of("filter_by_prefix", "presence-", "info", "user_count"));
        assertThat(r.getStatus()).as(r.getMessage()).isEqualTo(Result.Status.SUCCESS);
        assertThat(r.getMessage()).isEqualTo("{\"channels\":{}}");
        Result bad = pusher.get("/channels", Map.of("info", "user_count"));
        assertThat(bad.getHttpStatus()).isEqualTo(400);
    }

    @Test
    @Order(6)
    void shouldRefuseWithSdkClientErrors() throws Exception {
        Result r = pusher.get("/channels/presence-room/users");
        assertThat(r.getHttpStatus()).isIn(200, 501);
        Result notPresence = pusher.get("/channels/orders/users");
        assertThat(notPresence.getHttpStatus()).isEqualTo(400);
        Pusher unknown = sdk("no-such-app", SECRET);
        try {
            assertThat(unknown.trigger("orders", "e", Map.of()).getHttpStatus()).isEqualTo(404);
        } finally {
            unknown.close();
        }
    }

    @Test
    @Order(7)
    void shouldSendClientEventWebhookOnceFromTheGroupLeaderAndCacheMissFromTheEdge() throws Exception {
        HttpResponse<String> r = send("POST", "/apps/" + APP_ID + "/events", Map.of(),
                "{\"name\":\"client-typing\",\"channel\":\"private-chat\",\"data\":\"{}\"}",
                System.currentTimeMillis() / 1000, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        awaitUntil("a client_event webhook", () -> hooks.stream().anyMatch(h -> h.contains("client_event")));
        ((io.raftbus.ingest.internal.EdgeServer) edges.get(1)).context().webhooks().cacheMiss(APP_ID, "cache-x");
        awaitUntil("a cache_miss webhook", () -> hooks.stream().anyMatch(h -> h.contains("cache_miss")));
        // the cache miss was queued after the client event was sent; any second sender would have sent by now
        assertThat(hooks.stream().filter(h -> h.contains("client_event")).count()).isEqualTo(1);
        JsonNode event = Json.MAPPER.readTree(hooks.stream().filter(h -> h.contains("client_event")).findFirst()
                .orElseThrow()).get("events").get(0);
        assertThat(event.toString()).isEqualTo("{\"name\":\"client_event\",\"channel\":\"private-chat\","
                + "\"event\":\"client-typing\",\"data\":\"{}\"}");
    }

    @Test
    @Order(100)
    void shouldAnswer503AndStoreNothingWhenMajorityIsLost() throws Exception {
        edges.get(1).close();
        edges.get(2).close();
        edges.set(1, null);
        edges.set(2, null);
        nodes.get(1).close();
        nodes.get(2).close();
        nodes.set(1, null);
        nodes.set(2, null);
        HttpResponse<String> r = send("POST", "/apps/" + APP_ID + "/events", Map.of(),
                "{\"name\":\"lost\",\"channel\":\"orders\",\"data\":\"x\"}", System.currentTimeMillis() / 1000, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(r.body()).startsWith("{\"error\":");
    }

    private List<ChannelEvent> read(String channel) throws Exception {
        ReadResult r = nodes.get(0).client().read(new ChannelKey(APP_ID, channel), 1, 100).get(30, TimeUnit.SECONDS);
        return ((ReadResult.Events) r).events();
    }

    private HttpResponse<String> send(String method, String path, Map<String, String> params, String body,
                                      long timestamp, String idempotencyKey) throws Exception {
        Map<String, String> q = new LinkedHashMap<>(params);
        q.put("auth_key", KEY);
        q.put("auth_timestamp", Long.toString(timestamp));
        q.put("auth_version", "1.0");
        q.put("body_md5", Signatures.md5Hex(body.getBytes(StandardCharsets.UTF_8)));
        q.put("auth_signature", Signatures.hmacSha256Hex(SECRET, RequestAuthenticator.stringToSign(method, path, q)));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port()
                        + ApiHarness.uri(path, q))).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void awaitUntil(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
