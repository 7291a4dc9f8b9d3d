package io.raftbus.ingest.pusher;

/**
 * The registry of every error the WebSocket edge reports to a client: its Pusher code, its message and whether
 * the connection is closed. The codes follow Pusher's ranges as pusher-js reads them: 4000–4099 refuse (do not
 * reconnect), 4100–4199 back off, 4200–4299 reconnect at once, 4300–4399 other.
 *
 * <p>Append-only: codes are on the wire; names may change, codes may not. {@code PusherErrorTest} pins them.
 */
public enum PusherError {
    /** Unknown app key (handshake). */
    APP_NOT_FOUND(4001, "Application does not exist", CloseAction.CLOSE),
    /** The app is disabled (handshake). */
    APP_DISABLED(4003, "Application disabled", CloseAction.CLOSE),
    /** The app holds its maximum of connections on this node (handshake). */
    OVER_CONNECTION_QUOTA(4004, "Application is over connection quota", CloseAction.CLOSE),
    /** The {@code protocol} query parameter is outside 4..7 (handshake). */
    UNSUPPORTED_PROTOCOL(4007, "Unsupported protocol version", CloseAction.CLOSE),
    /** No {@code protocol} query parameter (handshake). */
    NO_PROTOCOL(4008, "No protocol version supplied", CloseAction.CLOSE),
    /** A {@code pusher:signin} with a bad signature or user data. */
    SIGNIN_FAILED(4009, "Connection is unauthorized", CloseAction.CLOSE),
    /** The app terminated the connections of the signed-in user. */
    TERMINATED(4009, "You got disconnected by the app.", CloseAction.CLOSE),
    /** A subscription whose {@code auth} signature does not match; the socket stays open. */
    INVALID_SIGNATURE(4009, "Invalid signature", CloseAction.KEEP_OPEN),
    /** The connection could not keep up with its outbound traffic. */
    OVER_CAPACITY(4100, "Over capacity: the connection is too slow for its subscriptions", CloseAction.CLOSE),
    /** A presence channel is full, or the member's data is over the limits. */
    PRESENCE_LIMIT(4100, "Presence limit exceeded", CloseAction.KEEP_OPEN),
    /** A frame that is not JSON, not UTF-8, not text, or has no event name. */
    INVALID_MESSAGE(4200, "Invalid message format", CloseAction.KEEP_OPEN),
    /** A frame larger than the configured maximum. */
    MESSAGE_TOO_LARGE(4200, "Message too large", CloseAction.KEEP_OPEN),
    /** An event name the server does not know. */
    UNKNOWN_EVENT(4200, "Unknown event", CloseAction.KEEP_OPEN),
    /** Something failed inside the server; details are logged, never sent. */
    INTERNAL(4200, "Internal server error", CloseAction.KEEP_OPEN),
    /** No pong or other message arrived after a ping. */
    PONG_TIMEOUT(4201, "Pong reply not received", CloseAction.CLOSE),
    /** A channel name that is invalid or reserved. */
    INVALID_CHANNEL(4009, "Invalid channel", CloseAction.KEEP_OPEN),
    /** More client events per second than allowed. */
    CLIENT_EVENT_RATE_LIMIT(4301, "Client event rejected due to rate limit", CloseAction.KEEP_OPEN),
    /** A client event that is not allowed: app setting, channel type, membership or size. */
    CLIENT_EVENT_REJECTED(4301, "Client event rejected", CloseAction.KEEP_OPEN),
    /**
     * A client event on a channel bound to a schema whose data does not match it; the message names the field
     * and the problem. 4301 like every other client-event refusal (pusher-js keeps the connection for it).
     */
    CLIENT_EVENT_SCHEMA_MISMATCH(4301, "Client event data does not match the channel's schema",
            CloseAction.KEEP_OPEN);

    /** What happens to the connection after the error is reported. */
    public enum CloseAction {
        /** Send {@code pusher:error} and keep the connection. */
        KEEP_OPEN,
        /** Send {@code pusher:error}, then a close frame with the code and message, then close. */
        CLOSE
    }

    private final int code;
    private final String message;
    private final CloseAction closeAction;

    PusherError(int code, String message, CloseAction closeAction) {
        this.code = code;
        this.message = message;
        this.closeAction = closeAction;
    }

    /**
     * Returns the Pusher code sent in {@code pusher:error} and, when closing, in the close frame.
     *
     * @return 4000..4399.
     */
    public int code() {
        return code;
    }

    /**
     * Returns the default message.
     *
     * @return the message.
     */
    public String message() {
        return message;
    }

    /**
     * Returns whether the connection is closed after the error.
     *
     * @return the action.
     */
    public CloseAction closeAction() {
        return closeAction;
    }
}
