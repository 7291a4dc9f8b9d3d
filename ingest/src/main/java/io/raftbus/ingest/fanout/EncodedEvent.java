package io.raftbus.ingest.fanout;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.raftbus.ingest.internal.Json;

/**
 * One outbound Pusher frame, encoded at most once per variant (plain, and with the {@code raftbus} position for
 * resume clients) and shared by every subscriber through {@link ByteBuf#retainedDuplicate()}.
 *
 * <pre>
 * {"event":E,"channel":C,"data":"&lt;data as a JSON string&gt;"[,"user_id":U][,"raftbus":{"offset":N,"epoch":P}]}
 * </pre>
 *
 * <p>The shared buffer is the whole WebSocket text frame as it goes on the wire (RFC 6455 section 5.2: FIN and
 * opcode 1, the payload length, no mask), not a {@code TextWebSocketFrame}. A server's frames are unmasked and
 * the edge negotiates no extensions, so the bytes are the same for every connection, and writing them passes the
 * pipeline's WebSocket encoder unchanged (it encodes only {@code WebSocketFrame}s): each delivery is a
 * reference, not an encoding, an allocation and a copy per subscriber.
 *
 * <p>Not thread-safe: encoded by one dispatch thread; the frames it returned may then be read from any thread.
 * {@link #release()} frees the holder's references.
 */
public final class EncodedEvent {
    private final String event;
    private final String channel;
    private final String dataJson;
    private final String userId;
    private final long offset;
    private final long epoch;
    private ByteBuf plain;
    private ByteBuf positioned;

    /**
     * Creates the holder; nothing is encoded yet.
     *
     * @param event the event name.
     * @param channel the channel name.
     * @param dataJson the {@code data} value as JSON text (usually a quoted string).
     * @param userId the top-level {@code user_id}, or null.
     * @param offset the channel offset, 0 if the frame is not a channel event.
     * @param epoch the channel epoch.
     */
    public EncodedEvent(String event, String channel, String dataJson, String userId, long offset, long epoch) {
        this.event = event;
        this.channel = channel;
        this.dataJson = dataJson;
        this.userId = userId;
        this.offset = offset;
        this.epoch = epoch;
    }

    /**
     * Returns the channel offset.
     *
     * @return the offset, 0 for frames that are not channel events.
     */
    public long offset() {
        return offset;
    }

    /**
     * Returns the shared wire frame for a connection (not retained: callers write a retained duplicate).
     *
     * @param resume whether the connection is a resume client.
     * @return the WebSocket frame's bytes.
     */
    public ByteBuf frame(boolean resume) {
        if (resume && offset > 0) {
            if (positioned == null) {
                positioned = encode(true);
            }
            return positioned;
        }
        if (plain == null) {
            plain = encode(false);
        }
        return plain;
    }

    /** Releases the encoded frames. */
    public void release() {
        if (plain != null) {
            plain.release();
        }
        if (positioned != null) {
            positioned.release();
        }
    }

    /**
     * Encodes a frame as text (for tests and single deliveries).
     *
     * @param withPosition whether to add the {@code raftbus} position.
     * @return the JSON text.
     */
    public String text(boolean withPosition) {
        StringBuilder b = new StringBuilder(64 + dataJson.length());
        b.append("{\"event\":").append(Json.quote(event));
        if (channel != null) {
            b.append(",\"channel\":").append(Json.quote(channel));
        }
        b.append(",\"data\":").append(dataJson);
        if (userId != null) {
            b.append(",\"user_id\":").append(Json.quote(userId));
        }
        if (withPosition) {
            b.append(",\"raftbus\":{\"offset\":").append(offset).append(",\"epoch\":").append(epoch).append('}');
        }
        return b.append('}').toString();
    }

    private ByteBuf encode(boolean withPosition) {
        return textFrame(text(withPosition));
    }

    /**
     * Encodes a server's unmasked, unfragmented WebSocket text frame.
     *
     * @param text the payload.
     * @return a new buffer holding the frame; the caller owns it.
     */
    static ByteBuf textFrame(String text) {
        int length = ByteBufUtil.utf8Bytes(text);
        int header = length < 126 ? 2 : length < 65536 ? 4 : 10;
        ByteBuf buf = ByteBufAllocator.DEFAULT.directBuffer(header + length);
        buf.writeByte(0x81);
        if (length < 126) {
            buf.writeByte(length);
        } else if (length < 65536) {
            buf.writeByte(126).writeShort(length);
        } else {
            buf.writeByte(127).writeLong(length);
        }
        ByteBufUtil.writeUtf8(buf, text);
        return buf;
    }
}
