package io.raftbus.ingest.pusher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.raftbus.ingest.internal.Json;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes WebSocket frames into {@link PusherMessage}s and answers the control frames: ping gets pong, close is
 * echoed. Text frames must be UTF-8 JSON objects with a string {@code event} and at most {@code maxFrameBytes};
 * anything else (binary frames, invalid UTF-8, malformed JSON, oversize) raises {@link PusherError#INVALID_MESSAGE}
 * or {@link PusherError#MESSAGE_TOO_LARGE}, which keep the connection open.
 */
public final class PusherFrameDecoder extends ChannelInboundHandlerAdapter {
    private final int maxFrameBytes;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    /**
     * Creates the decoder.
     *
     * @param maxFrameBytes the largest text frame accepted.
     */
    public PusherFrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (frame instanceof TextWebSocketFrame) {
                ctx.fireChannelRead(decode(frame.content()));
            } else if (frame instanceof PingWebSocketFrame) {
                ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
            } else if (frame instanceof CloseWebSocketFrame) {
                ctx.writeAndFlush(new CloseWebSocketFrame(((CloseWebSocketFrame) frame).statusCode(), ""))
                        .addListener(ChannelFutureListener.CLOSE);
            } else if (frame instanceof BinaryWebSocketFrame) {
                throw new PusherProtocolException(PusherError.INVALID_MESSAGE,
                        "Binary frames are not supported; send JSON in text frames", null);
            } else if (!(frame instanceof PongWebSocketFrame)) {
                throw new PusherProtocolException(PusherError.INVALID_MESSAGE, "Unexpected frame", null);
            }
        } finally {
            ReferenceCountUtil.release(frame);
        }
    }

    /**
     * Decodes one text frame's payload.
     *
     * @param content the payload.
     * @return the message.
     * @throws PusherProtocolException if it is not a valid Pusher message.
     */
    PusherMessage decode(ByteBuf content) {
        if (content.readableBytes() > maxFrameBytes) {
            throw new PusherProtocolException(PusherError.MESSAGE_TOO_LARGE,
                    "Message too large: over " + maxFrameBytes + " bytes", null);
        }
        String text;
        try {
            ByteBuffer nio = content.nioBufferCount() == 1 ? content.nioBuffer()
                    : ByteBuffer.wrap(io.netty.buffer.ByteBufUtil.getBytes(content));
            text = utf8.reset().decode(nio).toString();
        } catch (CharacterCodingException e) {
            throw new PusherProtocolException(PusherError.INVALID_MESSAGE, "Invalid UTF-8 in text frame", null);
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new PusherProtocolException(PusherError.INVALID_MESSAGE, "Invalid JSON", null);
        }
        if (root == null || !root.isObject()) {
            throw new PusherProtocolException(PusherError.INVALID_MESSAGE, "A message must be a JSON object", null);
        }
        JsonNode event = root.get("event");
        if (event == null || !event.isTextual() || event.asText().isEmpty()) {
            throw new PusherProtocolException(PusherError.INVALID_MESSAGE, "A message needs a string \"event\"",
                    null);
        }
        JsonNode channel = root.get("channel");
        return new PusherMessage(event.asText(), channel != null && channel.isTextual() ? channel.asText() : null,
                root.get("data"));
    }
}
