package io.raftbus.ingest.pusher;

import java.util.Objects;

/**
 * The one exception of the WebSocket edge: a {@link PusherError} with an optional detail message and channel.
 * {@link PusherErrorHandler} turns it into a {@code pusher:error} frame and, for closing errors, a close frame.
 * The message is sent to the client, so it must never contain secrets or expected signatures.
 */
public final class PusherProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final PusherError error;
    private final String channel;

    /**
     * Creates an exception with the error's own message.
     *
     * @param error the registry entry.
     */
    public PusherProtocolException(PusherError error) {
        this(error, error.message(), null);
    }

    /**
     * Creates an exception with a client-facing message.
     *
     * @param error the registry entry.
     * @param message the message sent to the client.
     * @param channel the channel concerned, or null.
     */
    public PusherProtocolException(PusherError error, String message, String channel) {
        super(message, null, false, false);
        this.error = Objects.requireNonNull(error, "error");
        this.channel = channel;
    }

    /**
     * Returns the registry entry.
     *
     * @return the error.
     */
    public PusherError error() {
        return error;
    }

    /**
     * Returns the channel concerned.
     *
     * @return the channel, or null.
     */
    public String channel() {
        return channel;
    }
}
