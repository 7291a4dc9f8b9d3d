package io.raftbus.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.raftbus.ingest.AppConfig;
import io.raftbus.ingest.Apps;
import io.raftbus.ingest.IngestConfig;
import io.raftbus.ingest.httpapi.FakeLog;
import io.raftbus.log.PublishCommand;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookSenderTest {
    RecordingWebhookServer server;
    final FakeLog log = new FakeLog();
    final AtomicLong now = new AtomicLong(1_000_000);
    final WebhookSettings settings = new WebhookSettings(250, 20, 1_000, 50, 50);
    IngestConfig config;

    @BeforeEach
    void start() throws Exception {
        server = new RecordingWebhookServer();
        AppConfig app = new AppConfig("a1", "key1", "secret1", true, true, false, AppConfig.Limits.PUSHER,
                List.of(new AppConfig.Webhook(server.url("/hook"), List.of())));
        AppConfig quiet = new AppConfig("a2", "key2", "secret2", true, true, false, AppConfig.Limits.PUSHER,
                List.of());
        config = IngestConfig.defaults(0).withApps(new Apps(List.of(app, quiet)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private WebhookSender sender() {
        return new WebhookSender(config, log, log, 1, WebhookTransport.httpClient(Duration.ofSeconds(5)), settings);
    }

    private void cluster(String event, String json) {
        log.append(PublishCommand.of("a1", "#cluster-g0", event, json.getBytes(StandardCharsets.UTF_8)));
    }

    private long position() {
        return log.position("webhook:a1:g0").join();
    }

    private List<JsonNode> sentEvents() {
        List<JsonNode> all = new ArrayList<>();
        server.received.forEach(r -> r.json().get("events").forEach(all::add));
        return all;
    }

    @Test
    void shouldSendCommittedClusterEventsAndStorePositionWhenLeader() {
        cluster("channel_occupied", "{\"channel\":\"c\"}");
        cluster("member_added", "{\"channel\":\"presence-p\",\"user_id\":\"u1\",\"user_info\":{\"n\":1}}");
        WebhookSender s = sender();
        RecordingWebhookServer.awaitWhile("position 2", () -> s.doWork(now.addAndGet(100)), () -> position() == 2);
        assertThat(server.received).hasSize(1);
        assertThat(server.received.get(0).json().get("events").toString()).isEqualTo(
                "[{\"name\":\"channel_occupied\",\"channel\":\"c\"},"
                        + "{\"name\":\"member_added\",\"channel\":\"presence-p\",\"user_id\":\"u1\"}]");
    }

    @Test
    void shouldSendNothingWhenNotLeader() {
        log.roles("FOLLOWER");
        cluster("channel_occupied", "{\"channel\":\"c\"}");
        WebhookSender s = sender();
        for (int i = 0; i < 20; i++) {
            s.doWork(now.addAndGet(100));
        }
        assertThat(server.received).isEmpty();
        assertThat(position()).isZero();
    }

    @Test
    void shouldContinueFromStoredPositionWhenAnotherNodeBecomesLeader() {
        cluster("channel_occupied", "{\"channel\":\"c1\"}");
        WebhookSender first = sender();
        RecordingWebhookServer.awaitWhile("position 1", () -> first.doWork(now.addAndGet(100)),
                () -> position() == 1);
        cluster("channel_vacated", "{\"channel\":\"c1\"}");
        WebhookSender next = sender();
        RecordingWebhookServer.awaitWhile("position 2", () -> next.doWork(now.addAndGet(100)),
                () -> position() == 2);
        assertThat(sentEvents()).extracting(e -> e.get("name").asText())
                .containsExactly("channel_occupied", "channel_vacated");
    }

    @Test
    void shouldResendUnconfirmedBatchWhenLeaderFailedBeforeStoringPosition() {
        for (int i = 0; i < 1000; i++) {
            server.statuses.add(500);
        }
        cluster("channel_occupied", "{\"channel\":\"c1\"}");
        WebhookSender failing = sender();
        RecordingWebhookServer.awaitWhile("a failed attempt", () -> failing.doWork(now.addAndGet(10)),
                () -> !server.received.isEmpty());
        assertThat(position()).isZero();
        server.statuses.clear();
        WebhookSender next = sender();
        RecordingWebhookServer.awaitWhile("position 1", () -> next.doWork(now.addAndGet(100)),
                () -> position() == 1);
        assertThat(server.received.get(server.received.size() - 1).json().get("events").get(0).get("channel")
                .asText()).isEqualTo("c1");
    }

    @Test
    void shouldPostTwentyEventsAtOnceAndTheRestAfterBatchWindow() {
        for (int i = 0; i < 25; i++) {
            cluster("channel_occupied", "{\"channel\":\"c" + i + "\"}");
        }
        WebhookSender s = sender();
        long t = now.get();
        RecordingWebhookServer.awaitWhile("position 20", () -> s.doWork(t), () -> position() == 20);
        for (int i = 0; i < 10; i++) {
            s.doWork(t + 100);
        }
        assertThat(server.received).hasSize(1);
        assertThat(server.received.get(0).json().get("events")).hasSize(20);
        RecordingWebhookServer.awaitWhile("position 25", () -> s.doWork(t + 400), () -> position() == 25);
        assertThat(server.received).hasSize(2);
        assertThat(server.received.get(1).json().get("events")).hasSize(5);
    }

    @Test
    void shouldSkipSubscriptionCountWhenAppDoesNotCountSubscriptions() {
        cluster("subscription_count", "{\"channel\":\"c\",\"subscription_count\":3}");
        cluster("channel_occupied", "{\"channel\":\"c\"}");
        WebhookSender s = sender();
        RecordingWebhookServer.awaitWhile("position 2", () -> s.doWork(now.addAndGet(100)), () -> position() == 2);
        assertThat(sentEvents()).extracting(e -> e.get("name").asText()).containsExactly("channel_occupied");
    }

    @Test
    void shouldSendClientEventsOnlyWhileLeaderOfTheChannelsGroup() {
        WebhookSender s = sender();
        log.addCommittedListener(s::onCommitted);
        s.doWork(now.addAndGet(100));
        log.append(new PublishCommand(new io.raftbus.log.ChannelKey("a1", "presence-p"), "client-typing",
                "{\"x\":1}".getBytes(StandardCharsets.UTF_8), null, "12.34", -1, "u7"));
        log.append(new PublishCommand(new io.raftbus.log.ChannelKey("a1", "private-q"), "server-event",
                "{}".getBytes(StandardCharsets.UTF_8), null, null, -1, null));
        RecordingWebhookServer.awaitWhile("client event", () -> s.doWork(now.addAndGet(100)),
                () -> !server.received.isEmpty());
        assertThat(sentEvents().get(0).toString()).isEqualTo("{\"name\":\"client_event\",\"channel\":\"presence-p\","
                + "\"event\":\"client-typing\",\"data\":\"{\\\"x\\\":1}\",\"socket_id\":\"12.34\",\"user_id\":\"u7\"}");
        log.roles("FOLLOWER");
        s.doWork(now.addAndGet(100));
        log.append(new PublishCommand(new io.raftbus.log.ChannelKey("a1", "private-q"), "client-x",
                "{}".getBytes(StandardCharsets.UTF_8), null, "1.2", -1, null));
        for (int i = 0; i < 10; i++) {
            s.doWork(now.addAndGet(100));
        }
        assertThat(sentEvents()).hasSize(1);
    }

    @Test
    void shouldSendCacheMissAfterBatchWindowAndIgnoreAppsWithoutWebhooks() {
        WebhookSender s = sender();
        s.cacheMiss("a1", "cache-x");
        s.cacheMiss("a2", "cache-y");
        s.doWork(now.get());
        assertThat(server.received).isEmpty();
        RecordingWebhookServer.awaitWhile("cache miss", () -> s.doWork(now.addAndGet(100)),
                () -> !server.received.isEmpty());
        assertThat(sentEvents()).extracting(JsonNode::toString)
                .containsExactly("{\"name\":\"cache_miss\",\"channel\":\"cache-x\"}");
    }

    @Test
    void shouldDoNothingWhenDisabled() {
        WebhookSender.disabled().cacheMiss("a1", "cache-x");
        WebhookSender.disabled().doWork(0);
        WebhookSender.disabled().close();
        assertThat(server.received).isEmpty();
    }
}
