package io.raftbus.ingest.pusher;

import static io.raftbus.ingest.pusher.PusherTestKit.auth;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.raftbus.ingest.fanout.ChannelFanout;
import io.raftbus.ingest.internal.Json;
import io.raftbus.log.ChannelKey;
import org.junit.jupiter.api.Test;

class SigninHandlerTest {
    private final PusherTestKit kit = new PusherTestKit();

    private static String signin(String socket, String userData, String auth) {
        return "{\"event\":\"pusher:signin\",\"data\":{\"auth\":\"" + auth + "\",\"user_data\":"
                + Json.quote(userData) + "}}";
    }

    @Test
    void shouldSignInAndReceiveServerToUserEvents() {
        PusherTestKit.Conn c = kit.connect("1.1", false);
        String ud = "{\"id\":\"u1\",\"user_info\":{\"n\":1}}";
        c.send(signin("1.1", ud, auth("1.1::user::" + ud)));
        JsonNode ok = c.next();
        assertThat(ok.path("event").asText()).isEqualTo("pusher:signin_success");
        assertThat(PusherTestKit.Conn.data(ok).path("user_data").asText()).isEqualTo(ud);
        c.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"#server-to-user-u1\",\"auth\":\"\"}}");
        assertThat(c.next().path("event").asText()).isEqualTo("pusher_internal:subscription_succeeded");
        kit.log.append(new ChannelKey("app-id", "#server-to-user-u1"), "hello", "{\"h\":1}", null, null);
        JsonNode e = c.next();
        assertThat(e.path("event").asText()).isEqualTo("hello");
        assertThat(e.path("channel").asText()).isEqualTo("#server-to-user-u1");
    }

    @Test
    void shouldCloseWith4009WhenSigninSignatureIsBad() {
        PusherTestKit.Conn c = kit.connect("1.1", false);
        c.send(signin("1.1", "{\"id\":\"u1\"}", "app-key:00"));
        JsonNode err = c.next();
        assertThat(err.path("data").path("code").asInt()).isEqualTo(4009);
        c.ch.runPendingTasks();
        CloseWebSocketFrame close = c.ch.readOutbound();
        assertThat(close.statusCode()).isEqualTo(4009);
        close.release();
        assertThat(c.ch.isActive()).isFalse();
    }

    @Test
    void shouldTerminateConnectionsOfUser() {
        PusherTestKit.Conn c = kit.connect("1.1", false);
        String ud = "{\"id\":\"u1\"}";
        c.send(signin("1.1", ud, auth("1.1::user::" + ud)));
        c.all();
        kit.log.append(new ChannelKey("app-id", ChannelFanout.TERMINATE_CHANNEL), ChannelFanout.TERMINATE_EVENT,
                "{\"user_id\":\"u1\"}", null, null);
        JsonNode err = c.next();
        assertThat(err.path("event").asText()).isEqualTo("pusher:error");
        assertThat(err.path("data").path("code").asInt()).isEqualTo(4009);
        c.ch.runPendingTasks();
        assertThat(c.ch.isActive()).isFalse();
    }
}
