package io.raftbus.ingest.pusher;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.Test;

class PusherErrorHandlerTest {
    private final EmbeddedChannel ch = new EmbeddedChannel(new PusherErrorHandler());

    @Test
    void shouldReportAnUnexpectedExceptionAsAnInternalErrorAndKeepTheConnection() {
        ch.pipeline().fireExceptionCaught(new IllegalStateException("bug"));
        TextWebSocketFrame f = ch.readOutbound();
        assertThat(f.text()).contains("pusher:error").contains("4200").doesNotContain("bug");
        f.release();
        assertThat(ch.isActive()).isTrue();
    }

    @Test
    void shouldIgnoreTheFailureOfAWriteQueuedBeforeTheConnectionClosed() {
        ch.pipeline().fireExceptionCaught(new ClosedChannelException());
        assertThat(ch.outboundMessages()).isEmpty();
        assertThat(ch.isActive()).as("nothing to do: the channel closes by itself").isTrue();
    }

    @Test
    void shouldCloseOnASocketErrorWithoutWritingToIt() {
        ch.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));
        assertThat(ch.outboundMessages()).isEmpty();
        assertThat(ch.isActive()).isFalse();
    }
}
