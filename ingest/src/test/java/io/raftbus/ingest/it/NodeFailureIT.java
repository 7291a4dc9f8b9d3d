package io.raftbus.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.raftbus.log.ChannelEvent;
import io.raftbus.log.ChannelKey;
import io.raftbus.log.LogClient;
import io.raftbus.log.ReadResult;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node crashes (SIGKILL) under real clients: presence members of the dead node are removed after the node
 * timeout, subscribers on a surviving follower keep receiving across a leader kill, and a publisher that retries
 * with an {@code Idempotency-Key} across a leader kill stores each event once.
 */
@Timeout(90)
class NodeFailureIT {
    private static final int NODE_TIMEOUT_MS = 3_000;
    private static final Map<String, String> FAST_FAILURE_DETECTION = Map.of(
            "raftbus.ingest.node-timeout-ms", Integer.toString(NODE_TIMEOUT_MS),
            "raftbus.ingest.report-interval-ms", "500");

    @TempDir
    Path dir;

    @Test
    void shouldRemovePresenceMembersOfKilledNodeWithinNodeTimeout() throws Exception {
        try (EdgeCluster cluster = EdgeCluster.start(dir, FAST_FAILURE_DETECTION, null)) {
            int victimNode = cluster.follower();
            int watchNode = (victimNode + 1) % 3;
            try (NodeScript watcher = Clients.pusherJs(cluster, watchNode, "watcher");
                 NodeScript victim = Clients.pusherJs(cluster, victimNode, "victim");
                 NodeScript api = Clients.nodeSdk(cluster, watchNode, Map.of())) {
                Clients.subscribe(watcher, "presence-ft");
                Clients.subscribe(victim, "presence-ft");
                watcher.await("member_added victim", Duration.ofSeconds(10), l -> isMemberEvent(l, "added", "victim"));

                long killedAt = System.nanoTime();
                cluster.kill(victimNode);
                watcher.await("member_removed victim after the node timeout",
                        Duration.ofMillis(NODE_TIMEOUT_MS + 10_000), l -> isMemberEvent(l, "removed", "victim"));
                long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
                assertThat(tookMs).as("member_removed within node-timeout-ms + 3 s").isLessThan(NODE_TIMEOUT_MS + 3_000);

                api.send(Map.of("cmd", "get", "id", 1, "path", "/channels/presence-ft/users"));
                assertThat(Clients.userIds(api.answer(1).path("body"))).containsExactly("watcher");
            }
        }
    }

    private static boolean isMemberEvent(JsonNode l, String what, String user) {
        return l.path("type").asText().equals("event") && l.path("event").asText().equals("pusher:member_" + what)
                && (Clients.data(l).path("id").asText().equals(user)
                || Clients.data(l).path("user_id").asText().equals(user));
    }

    @Test
    void shouldKeepDeliveringToFollowerSubscribersAcrossLeaderKill() throws Exception {
        try (EdgeCluster cluster = EdgeCluster.start(dir, Map.of(), null)) {
            int leader = cluster.leader();
            int follower = cluster.follower();
            int publisherNode = 3 - leader - follower;
            try (NodeScript sub = Clients.pusherJs(cluster, follower, "s")) {
                Clients.subscribe(sub, "ft-stream");
                int total = 40;
                for (int seq = 1; seq <= total; seq++) {
                    publishUntilAcknowledged(cluster.url(publisherNode), "ft-stream", seq, "ft-" + seq);
                    if (seq == 10) {
                        cluster.kill(leader);
                    }
                }
                Await.until("all " + total + " events on the follower's subscriber", Duration.ofSeconds(20),
                        () -> sub.events("ft-stream", "tick").size() >= total);
                assertThat(sub.events("ft-stream", "tick")).extracting(l -> Clients.data(l).path("seq").asInt())
                        .as("every acknowledged event once, in order").containsExactlyElementsOf(
                                IntStream.rangeClosed(1, total).boxed().toList());
            }
        }
    }

    @Test
    void shouldStoreOnceWhenPublisherRetriesWithIdempotencyKeyAcrossLeaderKill() throws Exception {
        try (EdgeCluster cluster = EdgeCluster.start(dir, Map.of(), null)) {
            int leader = cluster.leader();
            int other = cluster.follower();
            int third = 3 - leader - other;
            int count = 10;
            List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
            for (int k = 1; k <= count; k++) {
                String body = "{\"name\":\"tick\",\"channels\":[\"idem\"],\"data\":\"{\\\"k\\\":" + k + "}\"}";
                inFlight.add(Clients.HTTP.sendAsync(SignedRequests.request(cluster.url(leader), "POST",
                        "/apps/app-id/events", Map.of(), body, Clients.APP.key(), Clients.APP.secret(),
                        System.currentTimeMillis() / 1000).header("Idempotency-Key", "idem-" + k).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            cluster.kill(leader);
            for (int k = 1; k <= count; k++) {
                publishUntilAcknowledged(cluster.url(other), "idem", k, "idem-" + k, "k");
                publishUntilAcknowledged(cluster.url(third), "idem", k, "idem-" + k, "k");
            }
            inFlight.forEach(f -> f.cancel(true));
            try (LogClient log = cluster.logClient()) {
                ReadResult r = log.read(new ChannelKey(Clients.APP.id(), "idem"), 1, 1000).get(30, TimeUnit.SECONDS);
                assertThat(r).isInstanceOf(ReadResult.Events.class);
                int[] stored = new int[count + 1];
                Pattern kv = Pattern.compile("k\\\\?\"\\s*:\\s*(\\d+)");
                for (ChannelEvent e : ((ReadResult.Events) r).events()) {
                    Matcher m = kv.matcher(new String(e.data(), StandardCharsets.UTF_8));
                    if (m.find()) {
                        stored[Integer.parseInt(m.group(1))]++;
                    }
                }
                for (int k = 1; k <= count; k++) {
                    assertThat(stored[k]).as("copies of event k=%d in the log", k).isEqualTo(1);
                }
            }
        }
    }

    private static void publishUntilAcknowledged(String url, String channel, int seq, String key) {
        publishUntilAcknowledged(url, channel, seq, key, "seq");
    }

    /** Retries one publish with the same idempotency key until the edge answers 200 (up to 30 s). */
    private static void publishUntilAcknowledged(String url, String channel, int seq, String key, String field) {
        String[] last = {""};
        try {
            Await.until("publish " + key + " acknowledged", Duration.ofSeconds(30), () -> {
                try {
                    HttpResponse<String> r = Clients.publish(url, channel, "tick", Clients.obj(field, seq), key);
                    last[0] = r.statusCode() + " " + r.body();
                    return r.statusCode() == 200;
                } catch (java.io.IOException e) {
                    last[0] = e.toString();
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last answer: " + last[0], e);
        }
    }
}
