package io.raftbus.ingest.pusher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.raftbus.ingest.internal.Json;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** Random input never crashes the decoder: every frame is a message or a {@code pusher:error}, never a close. */
class PusherFrameDecoderFuzzTest {
    @Property(tries = 500)
    void shouldAnswerErrorOrMessageForRandomBytes(@ForAll @Size(max = 300) byte[] bytes) throws Exception {
        check(new TextWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
    }

    @Property(tries = 500)
    void shouldAnswerErrorOrMessageForRandomJsonLikeText(@ForAll @StringLength(max = 200) String s)
            throws Exception {
        check(new TextWebSocketFrame("{\"event\":" + s + "}"));
        check(new TextWebSocketFrame(s));
    }

    private static void check(TextWebSocketFrame frame) throws Exception {
        EmbeddedChannel ch = new EmbeddedChannel(new PusherFrameDecoder(256), new PusherErrorHandler());
        ch.writeInbound(frame);
        TextWebSocketFrame out = ch.readOutbound();
        if (out != null) {
            JsonNode n = Json.MAPPER.readTree(out.text());
            out.release();
            assertThat(n.path("event").asText()).isEqualTo("pusher:error");
            assertThat(n.path("data").path("code").asInt()).isEqualTo(4200);
        }
        assertThat(ch.isActive()).isTrue();
        ch.finishAndReleaseAll();
    }
}
