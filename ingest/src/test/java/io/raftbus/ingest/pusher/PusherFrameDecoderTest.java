package io.raftbus.ingest.pusher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.raftbus.ingest.internal.Json;
import org.junit.jupiter.api.Test;

class PusherFrameDecoderTest {
    private final EmbeddedChannel ch = new EmbeddedChannel(new PusherFrameDecoder(1024), new PusherErrorHandler());

    private JsonNode errorData() throws Exception {
        TextWebSocketFrame f = ch.readOutbound();
        assertThat(f).isNotNull();
        JsonNode n = Json.MAPPER.readTree(f.text());
        f.release();
        assertThat(n.path("event").asText()).isEqualTo("pusher:error");
        return n.get("data");
    }

    @Test
    void shouldDecodeObjectMessage() {
        EmbeddedChannel plain = new EmbeddedChannel(new PusherFrameDecoder(1024));
        plain.writeInbound(new TextWebSocketFrame("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"a\"}}"));
        PusherMessage m = plain.readInbound();
        assertThat(m.event()).isEqualTo("pusher:subscribe");
        assertThat(m.text("channel")).isEqualTo("a");
    }

    @Test
    void shouldAcceptStringDataForControlEvents() {
        EmbeddedChannel plain = new EmbeddedChannel(new PusherFrameDecoder(1024));
        plain.writeInbound(new TextWebSocketFrame("{\"event\":\"pusher:subscribe\",\"data\":\"{\\\"channel\\\":\\\"b\\\"}\"}"));
        PusherMessage m = plain.readInbound();
        assertThat(m.text("channel")).isEqualTo("b");
    }

    @Test
    void shouldAnswerErrorAndStayOpenWhenJsonIsMalformed() throws Exception {
        ch.writeInbound(new TextWebSocketFrame("{not json"));
        assertThat(errorData().path("code").asInt()).isEqualTo(4200);
        assertThat(ch.isActive()).isTrue();
    }

    @Test
    void shouldAnswerErrorWhenUtf8IsInvalid() throws Exception {
        ch.writeInbound(new TextWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {'"', (byte) 0xC3, (byte) 0x28, '"'})));
        assertThat(errorData().path("message").asText()).contains("UTF-8");
        assertThat(ch.isActive()).isTrue();
    }

    @Test
    void shouldAnswerErrorWhenFrameIsBinary() throws Exception {
        ch.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer("{\"event\":\"x\"}".getBytes())));
        assertThat(errorData().path("message").asText()).contains("Binary");
    }

    @Test
    void shouldAnswerErrorWhenFrameIsTooLarge() throws Exception {
        ch.writeInbound(new TextWebSocketFrame("{\"event\":\"x\",\"data\":\"" + "a".repeat(2000) + "\"}"));
        assertThat(errorData().path("message").asText()).contains("too large");
    }

    @Test
    void shouldAnswerUnknownEventError() throws Exception {
        ch.writeInbound(new TextWebSocketFrame("{\"event\":\"nope\"}"));
        JsonNode d = errorData();
        assertThat(d.path("message").asText()).contains("Unknown event");
        assertThat(ch.isActive()).isTrue();
    }

    @Test
    void shouldAnswerPingFrameWithPong() {
        ch.writeInbound(new PingWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2})));
        PongWebSocketFrame pong = ch.readOutbound();
        assertThat(pong.content().readableBytes()).isEqualTo(2);
        pong.release();
    }

    @Test
    void shouldEchoCloseFrameAndClose() {
        ch.writeInbound(new CloseWebSocketFrame(1000, "bye"));
        CloseWebSocketFrame close = ch.readOutbound();
        assertThat(close.statusCode()).isEqualTo(1000);
        close.release();
        assertThat(ch.isActive()).isFalse();
    }
}
