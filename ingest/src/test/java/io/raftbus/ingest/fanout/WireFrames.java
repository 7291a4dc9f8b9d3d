package io.raftbus.ingest.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;

/** Reads the fan-out's wire frames the way a client does: with Netty's own WebSocket decoder. */
public final class WireFrames {
    private WireFrames() {
    }

    /**
     * Decodes one server frame as a WebSocket client would and returns its text.
     *
     * @param raw the frame's bytes; released.
     * @return the text.
     */
    public static String text(ByteBuf raw) {
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(false, false, 1 << 24));
        try {
            client.writeInbound(raw);
            TextWebSocketFrame f = client.readInbound();
            assertThat(f).as("one complete text frame").isNotNull();
            assertThat(f.isFinalFragment()).isTrue();
            assertThat(client.inboundMessages()).as("nothing after the frame").isEmpty();
            try {
                return f.text();
            } finally {
                f.release();
            }
        } finally {
            client.finishAndReleaseAll();
        }
    }
}
