package io.raftbus.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.raftbus.ingest.AppConfig;
import io.raftbus.ingest.internal.Json;
import io.raftbus.ingest.internal.Signatures;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookDeliveryTest {
    RecordingWebhookServer server;
    final WebhookTransport transport = WebhookTransport.httpClient(Duration.ofSeconds(5));
    final WebhookSettings settings = new WebhookSettings(250, 20, 1_000, 100, 50);

    @BeforeEach
    void start() throws Exception {
        server = new RecordingWebhookServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private AppConfig app(List<AppConfig.Webhook> hooks) {
        return new AppConfig("a1", "key1", "secret1", true, true, false, AppConfig.Limits.PUSHER, hooks);
    }

    private static ObjectNode event(String name, String channel) {
        ObjectNode e = Json.MAPPER.createObjectNode();
        e.put("name", name);
        e.put("channel", channel);
        return e;
    }

    @Test
    void shouldSignBodyWithAppSecretAndSendPusherHeaders() {
        AppConfig app = app(List.of(new AppConfig.Webhook(server.url("/hook"), List.of())));
        WebhookDelivery d = new WebhookDelivery(app, List.of(event("channel_occupied", "c")), 1234, transport,
                settings);
        boolean[] done = {false};
        RecordingWebhookServer.awaitWhile("delivery", () -> done[0] = d.doWork(1234), () -> done[0]);
        RecordingWebhookServer.Received r = server.received.get(0);
        assertThat(r.key()).isEqualTo("key1");
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(r.signature()).isEqualTo(Signatures.hmacSha256Hex("secret1", r.body()));
        assertThat(r.json().toString())
                .isEqualTo("{\"time_ms\":1234,\"events\":[{\"name\":\"channel_occupied\",\"channel\":\"c\"}]}");
    }

    @Test
    void shouldSendEachTargetOnlyTheEventTypesItWants() {
        AppConfig app = app(List.of(new AppConfig.Webhook(server.url("/members"), List.of("member_added")),
                new AppConfig.Webhook(server.url("/cache"), List.of("cache_miss"))));
        WebhookDelivery d = new WebhookDelivery(app, List.of(event("member_added", "presence-a"),
                event("channel_vacated", "b")), 1, transport, settings);
        boolean[] done = {false};
        RecordingWebhookServer.awaitWhile("delivery", () -> done[0] = d.doWork(1), () -> done[0]);
        assertThat(server.received).hasSize(1);
        assertThat(server.received.get(0).path()).isEqualTo("/members");
        assertThat(server.received.get(0).json().get("events")).hasSize(1);
    }

    @Test
    void shouldRetryWithBackoffUntil2xx() {
        server.statuses.add(500);
        server.statuses.add(503);
        AppConfig app = app(List.of(new AppConfig.Webhook(server.url("/hook"), List.of())));
        AtomicLong now = new AtomicLong(0);
        WebhookDelivery d = new WebhookDelivery(app, List.of(event("channel_occupied", "c")), 0, transport,
                settings);
        boolean[] done = {false};
        RecordingWebhookServer.awaitWhile("retries", () -> done[0] = d.doWork(now.addAndGet(10)), () -> done[0]);
        assertThat(server.received).hasSize(3);
        assertThat(server.received.get(2).body()).isEqualTo(server.received.get(0).body());
        // back-off: 100 ms after the first failure, 200 ms after the second
        assertThat(now.get()).isGreaterThanOrEqualTo(300);
    }

    @Test
    void shouldDoubleBackoffAndGiveUpWhenRetryPeriodIsOver() {
        List<Long> attempts = new java.util.ArrayList<>();
        AtomicLong now = new AtomicLong(0);
        WebhookTransport failing = (url, key, sig, body) -> {
            attempts.add(now.get());
            return java.util.concurrent.CompletableFuture.completedFuture(500);
        };
        AppConfig app = app(List.of(new AppConfig.Webhook("http://unused/", List.of())));
        WebhookDelivery d = new WebhookDelivery(app, List.of(event("channel_occupied", "c")), 0, failing, settings);
        boolean done = false;
        while (!done && now.get() < 5_000) {
            done = d.doWork(now.addAndGet(20));
        }
        assertThat(done).isTrue();
        // first try at once; each failure is seen one cycle (20 ms) later and waits 100, 200, 400 ms; the next
        // wait (800 ms) would end after the 1 s retry period, so the batch is given up
        assertThat(attempts).containsExactly(20L, 140L, 360L, 780L);
        assertThat(now.get()).isEqualTo(800);
    }

    @Test
    void shouldRetryWhenTargetIsUnreachable() {
        AppConfig app = app(List.of(new AppConfig.Webhook("http://127.0.0.1:1/nothing", List.of())));
        WebhookDelivery d = new WebhookDelivery(app, List.of(event("channel_occupied", "c")), 0, transport,
                settings);
        AtomicLong now = new AtomicLong(0);
        boolean[] done = {false};
        RecordingWebhookServer.awaitWhile("giving up", () -> done[0] = d.doWork(now.addAndGet(20)), () -> done[0]);
        assertThat(done[0]).isTrue();
    }
}
