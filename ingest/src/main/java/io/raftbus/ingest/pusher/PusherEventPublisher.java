package io.raftbus.ingest.pusher;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.raftbus.ingest.internal.Json;

/**
 * Encodes the protocol's own outbound events. Pusher's double encoding is applied: {@code data} is a JSON
 * string, except for {@code pusher:error}, whose data is an object as hosted Pusher sends it.
 */
public final class PusherEventPublisher {
    private PusherEventPublisher() {
    }

    /**
     * Returns an event frame's text with a JSON-string {@code data}.
     *
     * @param event the event name.
     * @param channel the channel, or null.
     * @param data the data JSON text, encoded again as a string; null for no data.
     * @return the frame text.
     */
    public static String event(String event, String channel, String data) {
        StringBuilder b = new StringBuilder(64).append("{\"event\":").append(Json.quote(event));
        if (channel != null) {
            b.append(",\"channel\":").append(Json.quote(channel));
        }
        if (data != null) {
            b.append(",\"data\":").append(Json.quote(data));
        }
        return b.append('}').toString();
    }

    /**
     * Returns a {@code pusher:error} frame's text.
     *
     * @param code the Pusher code.
     * @param message the message.
     * @param channel the channel, or null.
     * @return the frame text.
     */
    public static String error(int code, String message, String channel) {
        StringBuilder b = new StringBuilder(80).append("{\"event\":\"pusher:error\"");
        if (channel != null) {
            b.append(",\"channel\":").append(Json.quote(channel));
        }
        return b.append(",\"data\":{\"code\":").append(code).append(",\"message\":").append(Json.quote(message))
                .append("}}").toString();
    }

    /**
     * Returns the {@code pusher:connection_established} frame's text.
     *
     * @param socketId the socket id.
     * @param activityTimeoutS the activity timeout in seconds.
     * @return the frame text.
     */
    public static String connectionEstablished(String socketId, long activityTimeoutS) {
        return event("pusher:connection_established", null,
                "{\"socket_id\":" + Json.quote(socketId) + ",\"activity_timeout\":" + activityTimeoutS + "}");
    }

    /**
     * Writes and flushes a text frame.
     *
     * @param ch the channel.
     * @param text the frame text.
     * @return the write's future.
     */
    public static ChannelFuture send(Channel ch, String text) {
        return ch.writeAndFlush(new TextWebSocketFrame(text));
    }
}
