package io.raftbus.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.pusher.client.PusherOptions;
import com.pusher.client.channel.PusherEvent;
import com.pusher.client.connection.ConnectionEventListener;
import com.pusher.client.connection.ConnectionState;
import com.pusher.client.connection.ConnectionStateChange;
import com.pusher.rest.data.Result;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The Pusher features through clients written by others, on one 3-node cluster: the pusher Node SDK and
 * pusher-http-java publish, pusher-js and pusher-java-client (protocol 5) receive; private and presence auth,
 * client events, cache channels, presence rosters across nodes, refused credentials and timestamps, and webhooks
 * checked with the Node SDK's {@code webhook(..).isValid()}. Each test uses its own channel names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class PusherClientsIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private Path dir;
    private WebhookReceiver hooks;
    private EdgeCluster cluster;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    void startCluster() throws Exception {
        dir = Files.createTempDirectory("pusher-clients-it");
        hooks = WebhookReceiver.start();
        String apps = "{\"apps\":[{\"id\":\"app-id\",\"key\":\"app-key\",\"secret\":\"app-secret\","
                + "\"client_events\":true,\"webhooks\":[{\"url\":\"" + hooks.url() + "\"}]}]}";
        cluster = EdgeCluster.start(dir, Map.of("raftbus.ingest.webhook-batch-ms", "50"), apps);
    }

    @AfterAll
    void stopCluster() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (hooks != null) {
            hooks.close();
        }
    }

    private NodeScript js(int node, String user) {
        NodeScript s = Clients.pusherJs(cluster, node, user);
        open.add(s);
        return s;
    }

    private NodeScript sdk(int node, Map<String, String> env) {
        NodeScript s = Clients.nodeSdk(cluster, node, env);
        open.add(s);
        return s;
    }

    private static JsonNode awaitEvent(NodeScript client, String channel, String event) {
        return client.await(event + " on " + channel, WAIT, l -> l.path("type").asText().equals("event")
                && l.path("channel").asText().equals(channel) && l.path("event").asText().equals(event));
    }

    @Test
    void shouldDeliverNodeSdkPublishToPusherJsOnEveryNode() {
        List<NodeScript> subs = List.of(js(0, "a"), js(1, "b"), js(2, "c"));
        subs.forEach(s -> Clients.subscribe(s, "orders"));
        NodeScript api = sdk(1, Map.of());
        api.send(Map.of("cmd", "trigger", "id", 1, "channels", List.of("orders"), "event", "created",
                "data", Map.of("id", 1)));
        assertThat(api.answer(1).path("status").asInt()).isEqualTo(200);
        for (NodeScript s : subs) {
            assertThat(Clients.data(awaitEvent(s, "orders", "created")).path("id").asInt()).isEqualTo(1);
        }
        api.send(Map.of("cmd", "batch", "id", 2, "batch", List.of(
                Map.of("channel", "orders", "name", "batched", "data", Map.of("n", 1)),
                Map.of("channel", "orders", "name", "batched", "data", Map.of("n", 2)))));
        assertThat(api.answer(2).path("status").asInt()).isEqualTo(200);
        for (NodeScript s : subs) {
            Await.until("both batched events", WAIT, () -> s.events("orders", "batched").size() == 2);
            assertThat(s.events("orders", "batched")).extracting(l -> Clients.data(l).path("n").asInt())
                    .containsExactly(1, 2);
        }
    }

    @Test
    void shouldDeliverPusherHttpJavaPublishToPusherJavaClient() throws Exception {
        BlockingQueue<PusherEvent> received = new LinkedBlockingQueue<>();
        BlockingQueue<ConnectionState> states = new LinkedBlockingQueue<>();
        com.pusher.client.Pusher client = new com.pusher.client.Pusher(Clients.APP.key(), new PusherOptions()
                .setHost("127.0.0.1").setWsPort(cluster.port(0)).setWssPort(cluster.port(0)).setUseTLS(false));
        open.add(client::disconnect);
        client.connect(new ConnectionEventListener() {
            @Override
            public void onConnectionStateChange(ConnectionStateChange change) {
                states.add(change.getCurrentState());
            }

            @Override
            public void onError(String message, String code, Exception e) {
                // the state change reports the outcome
            }
        }, ConnectionState.ALL);
        Set<String> subscribed = new HashSet<>();
        client.subscribe("java-orders", new com.pusher.client.channel.ChannelEventListener() {
            @Override
            public void onSubscriptionSucceeded(String channelName) {
                subscribed.add(channelName);
            }

            @Override
            public void onEvent(PusherEvent event) {
                received.add(event);
            }
        }, "created");
        Await.until("the Java client subscribed (protocol 5)", WAIT, () -> subscribed.contains("java-orders"));

        com.pusher.rest.Pusher rest = new com.pusher.rest.Pusher(Clients.APP.id(), Clients.APP.key(),
                Clients.APP.secret());
        rest.setHost("127.0.0.1:" + cluster.port(2));
        rest.setEncrypted(false);
        Result r = rest.trigger("java-orders", "created", Map.of("id", 7));
        assertThat(r.getHttpStatus()).as(r.getMessage()).isEqualTo(200);
        PusherEvent e = received.poll(10, TimeUnit.SECONDS);
        assertThat(e).as("event from pusher-http-java").isNotNull();
        assertThat(Clients.JSON.readTree(e.getData()).path("id").asInt()).isEqualTo(7);
        assertThat(e.getChannelName()).isEqualTo("java-orders");
        rest.close();
    }

    @Test
    void shouldAuthorizePrivateAndPresenceAndForwardClientEventsWithoutEcho() {
        NodeScript alice = js(0, "alice");
        NodeScript bob = js(1, "bob");
        for (NodeScript s : List.of(alice, bob)) {
            Clients.subscribe(s, "private-chat");
            Clients.subscribe(s, "presence-room");
        }
        alice.send(Map.of("cmd", "trigger", "channel", "private-chat", "event", "client-typing",
                "data", Map.of("who", "alice")));
        alice.send(Map.of("cmd", "trigger", "channel", "presence-room", "event", "client-typing",
                "data", Map.of("who", "alice")));
        JsonNode priv = awaitEvent(bob, "private-chat", "client-typing");
        assertThat(Clients.data(priv).path("who").asText()).isEqualTo("alice");
        JsonNode pres = awaitEvent(bob, "presence-room", "client-typing");
        assertThat(pres.path("user_id").asText()).as("user_id on presence client events").isEqualTo("alice");
        // a marker published after the client events reaches alice too; by then an echo would have arrived
        NodeScript api = sdk(0, Map.of());
        api.send(Map.of("cmd", "trigger", "id", 1, "channels", List.of("private-chat"), "event", "marker",
                "data", Map.of()));
        awaitEvent(alice, "private-chat", "marker");
        assertThat(alice.events("private-chat", "client-typing")).as("not echoed to the sender").isEmpty();
        assertThat(alice.events("presence-room", "client-typing")).as("not echoed to the sender").isEmpty();
    }

    @Test
    void shouldRefusePrivateSubscriptionSignedWithWrongSecret() {
        NodeScript mallory = Clients.pusherJs(cluster, 2, "mallory", Map.of("RB_SECRET", "not-the-secret"));
        open.add(mallory);
        mallory.send(Map.of("cmd", "subscribe", "channel", "private-vault"));
        mallory.await("an error for the bad signature", WAIT, l -> l.path("type").asText().equals("error")
                || l.path("type").asText().equals("subscription_error")
                || l.path("event").asText().equals("pusher:error"));
        assertThat(mallory.lines(l -> l.path("type").asText().equals("subscribed"))).isEmpty();
    }

    @Test
    void shouldReplayLastCachedEventOrSendCacheMiss() {
        NodeScript first = js(0, "first");
        Clients.subscribe(first, "cache-empty");
        awaitEvent(first, "cache-empty", "pusher:cache_miss");

        NodeScript api = sdk(1, Map.of());
        for (int i = 1; i <= 2; i++) {
            api.send(Map.of("cmd", "trigger", "id", i, "channels", List.of("cache-price"), "event", "price",
                    "data", Map.of("p", i)));
            assertThat(api.answer(i).path("status").asInt()).isEqualTo(200);
        }
        for (int node = 0; node < 3; node++) {
            NodeScript late = js(node, "late" + node);
            Clients.subscribe(late, "cache-price");
            JsonNode cached = awaitEvent(late, "cache-price", "price");
            assertThat(Clients.data(cached).path("p").asInt()).as("last event, on node %d", node).isEqualTo(2);
            assertThat(late.events("cache-price", "pusher:cache_miss")).isEmpty();
        }
    }

    @Test
    void shouldShowIdenticalPresenceRosterOnEveryNode() {
        List<NodeScript> members = List.of(js(0, "p1"), js(1, "p2"), js(2, "p3"));
        members.forEach(m -> Clients.subscribe(m, "presence-lobby"));
        for (NodeScript m : members) {
            int[] polls = {0};
            Await.until("every client sees 3 members", WAIT, () -> {
                if (polls[0]++ % 25 == 0) {
                    m.send(Map.of("cmd", "members", "channel", "presence-lobby", "id", 900));
                }
                List<JsonNode> answers = m.lines(l -> l.path("type").asText().equals("members"));
                return !answers.isEmpty() && answers.get(answers.size() - 1).path("count").asInt() == 3;
            });
        }
        for (int node = 0; node < 3; node++) {
            NodeScript api = sdk(node, Map.of());
            api.send(Map.of("cmd", "get", "id", 1, "path", "/channels/presence-lobby/users"));
            JsonNode answer = api.answer(1);
            assertThat(answer.path("status").asInt()).isEqualTo(200);
            assertThat(Clients.userIds(answer.path("body"))).as("roster on node %d", node)
                    .containsExactly("p1", "p2", "p3");
            api.send(Map.of("cmd", "get", "id", 2, "path", "/channels", "params",
                    Map.of("filter_by_prefix", "presence-", "info", "user_count")));
            assertThat(api.answer(2).path("body").path("channels").path("presence-lobby").path("user_count")
                    .asInt()).as("user_count on node %d", node).isEqualTo(3);
        }
    }

    @Test
    void shouldRefuseWrongCredentialsAndStaleTimestamps() throws Exception {
        NodeScript wrongSecret = sdk(0, Map.of("RB_SECRET", "wrong"));
        wrongSecret.send(Map.of("cmd", "trigger", "id", 1, "channels", List.of("guarded"), "event", "e",
                "data", Map.of()));
        assertThat(wrongSecret.answer(1).path("status").asInt()).isEqualTo(401);
        NodeScript stale = sdk(1, Map.of("RB_CLOCK_SKEW_S", "-700"));
        stale.send(Map.of("cmd", "get", "id", 1, "path", "/channels"));
        assertThat(stale.answer(1).path("status").asInt()).isEqualTo(401);
        NodeScript future = sdk(2, Map.of("RB_CLOCK_SKEW_S", "700"));
        future.send(Map.of("cmd", "get", "id", 1, "path", "/channels"));
        assertThat(future.answer(1).path("status").asInt()).isEqualTo(401);

        String body = "{\"name\":\"e\",\"channels\":[\"guarded\"],\"data\":\"{}\"}";
        long now = System.currentTimeMillis() / 1000;
        Map<String, Integer> expected = new HashMap<>();
        expected.put("ok", 200);
        expected.put("stale", 401);
        expected.put("wrong-key", 401);
        expected.put("wrong-secret", 401);
        for (String c : expected.keySet()) {
            var req = SignedRequests.request(cluster.url(0), "POST", "/apps/app-id/events", Map.of(), body,
                    c.equals("wrong-key") ? "not-a-key" : Clients.APP.key(),
                    c.equals("wrong-secret") ? "nope" : Clients.APP.secret(), c.equals("stale") ? now - 601 : now)
                    .build();
            HttpResponse<String> r = Clients.HTTP.send(req, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("%s: %s", c, r.body()).isEqualTo(expected.get(c));
        }
    }

    @Test
    void shouldSendWebhooksThatTheNodeSdkVerifies() {
        NodeScript member = js(1, "hooked");
        Clients.subscribe(member, "presence-hooks");
        member.send(Map.of("cmd", "unsubscribe", "channel", "presence-hooks"));
        NodeScript api = sdk(0, Map.of());
        Set<String> names = new HashSet<>();
        int[] id = {100};
        Await.until("occupied, member_added, member_removed and vacated webhooks for presence-hooks", WAIT, () -> {
            names.clear();
            for (WebhookReceiver.Request q : hooks.requests()) {
                JsonNode body;
                try {
                    body = Clients.JSON.readTree(q.body());
                } catch (java.io.IOException e) {
                    throw new AssertionError("webhook body is not JSON: " + q.body(), e);
                }
                for (JsonNode ev : body.path("events")) {
                    if (ev.path("channel").asText().equals("presence-hooks")) {
                        names.add(ev.path("name").asText());
                    }
                }
            }
            return names.containsAll(List.of("channel_occupied", "member_added", "member_removed",
                    "channel_vacated"));
        });
        for (WebhookReceiver.Request q : hooks.requests()) {
            assertThat(q.method()).isEqualTo("POST");
            api.send(Map.of("cmd", "webhook", "id", ++id[0], "headers", q.headers(), "body", q.body()));
            JsonNode verdict = api.answer(id[0]);
            assertThat(verdict.path("valid").asBoolean()).as("isValid() of %s", q).isTrue();
            assertThat(verdict.path("events").isArray()).isTrue();
            api.send(Map.of("cmd", "webhook", "id", ++id[0], "headers", q.headers(), "body", q.body() + " "));
            assertThat(api.answer(id[0]).path("valid").asBoolean()).as("tampered body").isFalse();
        }
    }
}
