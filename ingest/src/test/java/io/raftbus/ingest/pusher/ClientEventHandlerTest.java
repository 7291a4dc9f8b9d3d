package io.raftbus.ingest.pusher;

import static io.raftbus.ingest.pusher.PusherTestKit.auth;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.raftbus.ingest.internal.Json;
import org.junit.jupiter.api.Test;

class ClientEventHandlerTest {
    private final PusherTestKit kit = new PusherTestKit();

    private PusherTestKit.Conn joined(String socket, String channel, String user) {
        PusherTestKit.Conn c = kit.connect(socket, false);
        if (user == null) {
            c.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel + "\",\"auth\":\""
                    + auth(socket + ":" + channel) + "\"}}");
        } else {
            String cd = "{\"user_id\":\"" + user + "\"}";
            c.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel + "\",\"auth\":\""
                    + auth(socket + ":" + channel + ":" + cd) + "\",\"channel_data\":" + Json.quote(cd) + "}}");
        }
        c.all();
        return c;
    }

    @Test
    void shouldDeliverClientEventToOthersButNotSender() {
        PusherTestKit.Conn a = joined("1.1", "private-chat", null);
        PusherTestKit.Conn b = joined("2.2", "private-chat", null);
        a.send("{\"event\":\"client-typing\",\"channel\":\"private-chat\",\"data\":{\"x\":1}}");
        assertThat(a.next()).isNull();
        JsonNode got = b.next();
        assertThat(got.path("event").asText()).isEqualTo("client-typing");
        assertThat(got.path("data").asText()).isEqualTo("{\"x\":1}");
        assertThat(kit.log.published.get(0).excludeSocketId()).isEqualTo("1.1");
    }

    @Test
    void shouldAddUserIdOnPresenceChannels() {
        PusherTestKit.Conn a = joined("1.1", "presence-p", "ua");
        PusherTestKit.Conn b = joined("2.2", "presence-p", "ub");
        a.send("{\"event\":\"client-x\",\"channel\":\"presence-p\",\"data\":\"raw\"}");
        JsonNode got = b.all().stream().filter(f -> f.path("event").asText().equals("client-x")).findFirst()
                .orElseThrow();
        assertThat(got.path("user_id").asText()).isEqualTo("ua");
        assertThat(got.path("data").asText()).isEqualTo("raw");
    }

    @Test
    void shouldRejectClientEventsOnPublicEncryptedOrUnsubscribedChannels() {
        PusherTestKit.Conn a = kit.connect("1.1", false);
        a.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"pub\"}}");
        a.all();
        for (String ch : new String[] {"pub", "private-encrypted-x", "private-other"}) {
            a.send("{\"event\":\"client-x\",\"channel\":\"" + ch + "\",\"data\":{}}");
            JsonNode err = a.next();
            assertThat(err.path("event").asText()).isEqualTo("pusher:error");
            assertThat(err.path("data").path("code").asInt()).isEqualTo(4301);
        }
        assertThat(kit.log.published).isEmpty();
    }

    @Test
    void shouldRateLimitAtTenPerSecond() {
        PusherTestKit.Conn a = joined("1.1", "private-chat", null);
        for (int i = 0; i < 10; i++) {
            a.send("{\"event\":\"client-x\",\"channel\":\"private-chat\",\"data\":{}}");
        }
        assertThat(a.next()).isNull();
        a.send("{\"event\":\"client-x\",\"channel\":\"private-chat\",\"data\":{}}");
        JsonNode err = a.next();
        assertThat(err.path("data").path("code").asInt()).isEqualTo(4301);
        assertThat(kit.log.published).hasSize(10);
        kit.nanos.addAndGet(1_000_000_000L);
        a.send("{\"event\":\"client-x\",\"channel\":\"private-chat\",\"data\":{}}");
        assertThat(kit.log.published).hasSize(11);
    }
}
