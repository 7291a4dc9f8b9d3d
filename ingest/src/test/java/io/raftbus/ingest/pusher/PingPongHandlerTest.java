package io.raftbus.ingest.pusher;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.junit.jupiter.api.Test;

class PingPongHandlerTest {
    @Test
    void shouldAnswerPusherPingWithPong() {
        EmbeddedChannel ch = new EmbeddedChannel(new PingPongHandler());
        ch.writeInbound(new PusherMessage("pusher:ping", null, null));
        TextWebSocketFrame pong = ch.readOutbound();
        assertThat(pong.text()).isEqualTo("{\"event\":\"pusher:pong\",\"data\":\"{}\"}");
        pong.release();
        ch.writeInbound(new PusherMessage("pusher:pong", null, null));
        assertThat(ch.inboundMessages().peek()).isNull();
        ch.writeInbound(new PusherMessage("other", null, null));
        assertThat(ch.inboundMessages().peek()).isNotNull();
    }
}
