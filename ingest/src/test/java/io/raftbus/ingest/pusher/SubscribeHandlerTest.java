package io.raftbus.ingest.pusher;

import static io.raftbus.ingest.pusher.PusherTestKit.Conn.data;
import static io.raftbus.ingest.pusher.PusherTestKit.auth;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.raftbus.log.ChannelKey;
import io.raftbus.log.PresenceMember;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SubscribeHandlerTest {
    private final PusherTestKit kit = new PusherTestKit();

    private static String subscribe(String channel, String extra) {
        return "{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel + "\"" + extra + "}}";
    }

    @Test
    void shouldSubscribePublicChannelAndDeliverEvents() {
        PusherTestKit.Conn c = kit.connect("1.1", false);
        c.send(subscribe("news", ""));
        JsonNode ok = c.next();
        assertThat(ok.path("event").asText()).isEqualTo("pusher_internal:subscription_succeeded");
        assertThat(ok.path("data").asText()).isEqualTo("{}");
        kit.log.append(new ChannelKey("app-id", "news"), "evt", "{\"a\":1}", null, null);
        JsonNode e = c.next();
        assertThat(e.path("event").asText()).isEqualTo("evt");
        assertThat(e.path("data").asText()).isEqualTo("{\"a\":1}");
        assertThat(e.has("raftbus")).isFalse();
    }

    @Test
    void shouldRejectPrivateChannelWithBadSignatureAndStayOpen() {
        PusherTestKit.Conn c = kit.connect("1.1", false);
        c.send(subscribe("private-x", ",\"auth\":\"app-key:bad\""));
        JsonNode err = c.next();
        assertThat(err.path("event").asText()).isEqualTo("pusher:error");
        assertThat(err.path("data").path("code").asInt()).isEqualTo(4009);
        assertThat(err.path("data").path("message").asText()).contains("1.1:private-x");
        assertThat(c.ch.isActive()).isTrue();
        assertThat(c.conn.subscriptions()).isEmpty();
    }

    @Test
    void shouldSubscribePrivateChannelWithGoodSignature() {
        PusherTestKit.Conn c = kit.connect("1.1", false);
        c.send(subscribe("private-x", ",\"auth\":\"" + auth("1.1:private-x") + "\""));
        assertThat(c.next().path("event").asText()).isEqualTo("pusher_internal:subscription_succeeded");
    }

    @Test
    void shouldRefuseSystemChannels() {
        PusherTestKit.Conn c = kit.connect("1.1", false);
        c.send(subscribe("#cluster-g0", ""));
        assertThat(c.next().path("event").asText()).isEqualTo("pusher:error");
        c.send(subscribe("#server-to-user-u1", ""));
        assertThat(c.next().path("event").asText()).isEqualTo("pusher:error");
    }

    @Test
    void shouldAnswerPresenceRosterAfterReportCommits() {
        ChannelKey key = new ChannelKey("app-id", "presence-room");
        kit.log.members.put(key, List.of(new PresenceMember("u0", "{\"n\":0}".getBytes(StandardCharsets.UTF_8))));
        CompletableFuture<Boolean> commit = new CompletableFuture<>();
        kit.log.nextReport = commit;
        PusherTestKit.Conn c = kit.connect("1.1", false);
        String cd = "{\"user_id\":\"u1\",\"user_info\":{\"n\":1}}";
        c.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"presence-room\",\"auth\":\""
                + auth("1.1:presence-room:" + cd) + "\",\"channel_data\":" + io.raftbus.ingest.internal.Json.quote(cd)
                + "}}");
        assertThat(c.next()).isNull();
        assertThat(kit.log.reports).hasSize(1);
        assertThat(kit.log.reports.get(0).members()).anyMatch(m -> m.userId().equals("u1") && m.connections() == 1);
        commit.complete(true);
        JsonNode ok = c.next();
        assertThat(ok.path("event").asText()).isEqualTo("pusher_internal:subscription_succeeded");
        JsonNode presence = data(ok).path("presence");
        assertThat(presence.path("count").asInt()).isEqualTo(2);
        assertThat(presence.path("hash").path("u1").path("n").asInt()).isEqualTo(1);
        assertThat(presence.path("ids").toString()).contains("u0", "u1");
    }

    @Test
    void shouldDeliverMemberAddedExceptToSameUser() {
        ChannelKey key = new ChannelKey("app-id", "presence-room");
        PusherTestKit.Conn a = kit.connect("1.1", false);
        PusherTestKit.Conn b = kit.connect("2.2", false);
        for (PusherTestKit.Conn c : List.of(a, b)) {
            String user = c == a ? "ua" : "ub";
            String cd = "{\"user_id\":\"" + user + "\"}";
            c.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"presence-room\",\"auth\":\""
                    + auth(c.conn.socketId() + ":presence-room:" + cd) + "\",\"channel_data\":"
                    + io.raftbus.ingest.internal.Json.quote(cd) + "}}");
            c.all();
        }
        kit.log.append(new ChannelKey("app-id", "#cluster-g0"), "member_added",
                "{\"channel\":\"presence-room\",\"user_id\":\"ua\",\"user_info\":{\"x\":1}}", null, null);
        assertThat(a.next()).isNull();
        JsonNode added = b.next();
        assertThat(added.path("event").asText()).isEqualTo("pusher_internal:member_added");
        assertThat(data(added).path("user_id").asText()).isEqualTo("ua");
        assertThat(key.channel()).isEqualTo("presence-room");
    }

    @Test
    void shouldSendCachedEventOrCacheMiss() {
        PusherTestKit.Conn c = kit.connect("1.1", false);
        c.send(subscribe("cache-a", ""));
        List<JsonNode> frames = c.all();
        assertThat(frames).extracting(f -> f.path("event").asText())
                .containsExactly("pusher_internal:subscription_succeeded", "pusher:cache_miss");
        assertThat(kit.cacheMisses).containsExactly("cache-a");
        kit.log.append(new ChannelKey("app-id", "cache-b"), "evt", "last", null, null);
        c.send(subscribe("cache-b", ""));
        frames = c.all();
        assertThat(frames).extracting(f -> f.path("event").asText())
                .containsExactly("pusher_internal:subscription_succeeded", "evt");
    }

    @Test
    void shouldNotSendCachedEventOlderThanThirtyMinutes() {
        kit.log.append(new ChannelKey("app-id", "cache-b"), "evt", "old", null, null);
        kit.log.nowMs += 31 * 60 * 1000L;
        PusherTestKit.Conn c = kit.connect("1.1", false);
        c.send(subscribe("cache-b", ""));
        assertThat(c.all()).extracting(f -> f.path("event").asText())
                .containsExactly("pusher_internal:subscription_succeeded", "pusher:cache_miss");
    }

    @Test
    void shouldReplayExactlyTheGapWhenResuming() {
        ChannelKey key = new ChannelKey("app-id", "orders");
        for (int i = 1; i <= 5; i++) {
            kit.log.append(key, "e", "d" + i, null, null);
        }
        PusherTestKit.Conn c = kit.connect("1.1", true);
        c.send(subscribe("orders", ",\"resume\":{\"offset\":2,\"epoch\":7}"));
        List<JsonNode> frames = c.all();
        assertThat(frames.get(0).path("raftbus").path("offset").asLong()).isEqualTo(5);
        assertThat(frames.subList(1, frames.size())).extracting(f -> f.path("raftbus").path("offset").asLong())
                .containsExactly(3L, 4L, 5L);
        kit.log.append(key, "e", "d6", null, null);
        assertThat(c.next().path("raftbus").path("offset").asLong()).isEqualTo(6);
    }

    @Test
    void shouldReportResumeFailureWhenEpochChanged() {
        ChannelKey key = new ChannelKey("app-id", "orders");
        kit.log.append(key, "e", "d1", null, null);
        kit.log.append(key, "e", "d2", null, null);
        PusherTestKit.Conn c = kit.connect("1.1", true);
        c.send(subscribe("orders", ",\"resume\":{\"offset\":1,\"epoch\":99}"));
        List<JsonNode> frames = c.all();
        assertThat(frames).extracting(f -> f.path("event").asText())
                .containsExactly("pusher_internal:subscription_succeeded", "raftbus:resume_failed");
        assertThat(data(frames.get(1)).path("reason").asText()).isEqualTo("epoch_changed");
        kit.log.append(key, "e", "d3", null, null);
        assertThat(c.next().path("raftbus").path("offset").asLong()).isEqualTo(3);
    }

    @Test
    void shouldReportResumeFailureWhenExpired() {
        ChannelKey key = new ChannelKey("app-id", "orders");
        for (int i = 1; i <= 5; i++) {
            kit.log.append(key, "e", "d" + i, null, null);
        }
        kit.log.oldest.put(key, 4L);
        PusherTestKit.Conn c = kit.connect("1.1", true);
        c.send(subscribe("orders", ",\"resume\":{\"offset\":1,\"epoch\":7}"));
        List<JsonNode> frames = c.all();
        assertThat(frames).hasSize(2);
        assertThat(data(frames.get(1)).path("reason").asText()).isEqualTo("expired");
        assertThat(data(frames.get(1)).path("oldest").asLong()).isEqualTo(4);
    }

    @Test
    void shouldStopDeliveringAfterUnsubscribe() {
        PusherTestKit.Conn c = kit.connect("1.1", false);
        c.send(subscribe("news", ""));
        c.all();
        c.send("{\"event\":\"pusher:unsubscribe\",\"data\":{\"channel\":\"news\"}}");
        kit.log.append(new ChannelKey("app-id", "news"), "evt", "x", null, null);
        assertThat(c.next()).isNull();
        assertThat(kit.node.fanout().localSubscriptions(new ChannelKey("app-id", "news"))).isZero();
    }
}
