package io.raftbus.ingest.fanout;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.raftbus.ingest.internal.Json;

/**
 * One outbound Pusher frame, encoded at most once per variant (plain, and with the {@code raftbus} position for
 * resume clients) and shared by every subscriber through {@link TextWebSocketFrame#retainedDuplicate()}.
 *
 * <pre>
 * {"event":E,"channel":C,"data":"&lt;data as a JSON string&gt;"[,"user_id":U][,"raftbus":{"offset":N,"epoch":P}]}
 * </pre>
 *
 * <p>Not thread-safe: used by one dispatch thread for one event; {@link #release()} frees the frames.
 */
public final class EncodedEvent {
    private final String event;
    private final String channel;
    private final String dataJson;
    private final String userId;
    private final long offset;
    private final long epoch;
    private TextWebSocketFrame plain;
    private TextWebSocketFrame positioned;

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
     * Returns the shared frame for a connection (not retained: callers write a retained duplicate).
     *
     * @param resume whether the connection is a resume client.
     * @return the frame.
     */
    public TextWebSocketFrame frame(boolean resume) {
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

    private TextWebSocketFrame encode(boolean withPosition) {
        String text = text(withPosition);
        ByteBuf buf = ByteBufAllocator.DEFAULT.buffer(ByteBufUtil.utf8MaxBytes(text));
        ByteBufUtil.writeUtf8(buf, text);
        return new TextWebSocketFrame(buf);
    }
}
