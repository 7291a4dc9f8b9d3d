package io.raftbus.ingest.pusher;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class KeepAliveHandlerTest {
    private static final long S = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(0);
    private final KeepAliveHandler handler = new KeepAliveHandler(now::get, 120 * S, 30 * S, false);
    private final EmbeddedChannel ch = new EmbeddedChannel(handler);

    @Test
    void shouldPingAfterActivityTimeoutAndCloseWith4201WithoutReply() {
        handler.tick(ch.pipeline().context(handler), 119 * S);
        assertThat(ch.outboundMessages().peek()).isNull();
        handler.tick(ch.pipeline().context(handler), 120 * S);
        PingWebSocketFrame ping = ch.readOutbound();
        assertThat(ping).isNotNull();
        ping.release();
        TextWebSocketFrame pusherPing = ch.readOutbound();
        assertThat(pusherPing.text()).contains("pusher:ping");
        pusherPing.release();
        handler.tick(ch.pipeline().context(handler), 149 * S);
        assertThat(ch.isActive()).isTrue();
        handler.tick(ch.pipeline().context(handler), 150 * S);
        TextWebSocketFrame err = ch.readOutbound();
        assertThat(err.text()).contains("4201");
        err.release();
        CloseWebSocketFrame close = ch.readOutbound();
        assertThat(close.statusCode()).isEqualTo(4201);
        close.release();
        assertThat(ch.isActive()).isFalse();
    }

    @Test
    void shouldStayOpenWhenAnythingArrivesAfterPing() {
        handler.tick(ch.pipeline().context(handler), 120 * S);
        ch.releaseOutbound();
        now.set(130 * S);
        ch.writeInbound(new TextWebSocketFrame("{}"));
        ch.releaseInbound();
        handler.tick(ch.pipeline().context(handler), 170 * S);
        assertThat(ch.isActive()).isTrue();
        assertThat(ch.outboundMessages().peek()).isNull();
    }
}
