package io.raftbus.log;

/**
 * Every error the raft-log can answer a caller with, each with a permanent numeric code.
 *
 * <p>Codes travel in reply messages between nodes and may be persisted by callers, so they never change and
 * new errors are only ever added at the end (append-only: codes are on the wire). Never use {@code ordinal()}.
 */
public enum LogError {
    /** The channel name is empty, too long or has a character outside {@code [A-Za-z0-9_\-=@,.;#]}. */
    INVALID_CHANNEL(1, "invalid channel name"),
    /** The app id is empty, too long or has a character outside {@code [A-Za-z0-9_\-]}. */
    INVALID_APP(2, "invalid app id"),
    /** The event name is empty or longer than the limit. */
    INVALID_EVENT_NAME(3, "invalid event name"),
    /** The event data is larger than {@code raftbus.log.max-event-bytes}. */
    EVENT_TOO_LARGE(4, "event too large"),
    /** A log entry could not be decoded; it was refused before entering the log. */
    MALFORMED_ENTRY(5, "malformed log entry"),
    /** The disk of the leader has less free space than {@code raftbus.log.min-free-disk-bytes}. */
    DISK_FULL(6, "disk full"),
    /** No leader could be reached within the client's bounded retries. */
    UNAVAILABLE(7, "no leader available"),
    /** The request did not complete in time; it may or may not have been committed. */
    TIMEOUT(8, "request timed out"),
    /** The idempotency key or another string field is too long. */
    INVALID_FIELD(9, "invalid field"),
    /** The node is shutting down or the publisher was closed. */
    CLOSED(10, "closed"),
    /** An unexpected internal failure; the details are in the node's log. */
    INTERNAL(11, "internal error");

    private final int code;
    private final String description;

    LogError(int code, String description) {
        this.code = code;
        this.description = description;
    }

    /**
     * Returns the permanent numeric code of this error.
     *
     * @return the code, never reused.
     */
    public int code() {
        return code;
    }

    /**
     * Returns a short human description.
     *
     * @return the description.
     */
    public String description() {
        return description;
    }

    /**
     * Finds the error with the given code.
     *
     * @param code a code from {@link #code()}.
     * @return the error, or {@link #INTERNAL} for an unknown code.
     */
    public static LogError ofCode(int code) {
        for (LogError e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        return INTERNAL;
    }
}
