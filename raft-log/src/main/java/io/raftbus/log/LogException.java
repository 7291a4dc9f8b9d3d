package io.raftbus.log;

/**
 * A request to the raft-log failed with a known {@link LogError}.
 *
 * <p>The message says what was wrong with the input (for example the bad channel name), so the edge can hand
 * it to the client in the protocol's own error form. The message starts with {@code [RB<code>]} so that the
 * error survives the trip from the leader's state machine to a remote client as text.
 */
public final class LogException extends RaftbusException {
    private static final long serialVersionUID = 1L;

    private final transient LogError error;

    /**
     * Creates an exception.
     *
     * @param error the registry entry.
     * @param detail what exactly was wrong.
     */
    public LogException(LogError error, String detail) {
        this(error, detail, null);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param error the registry entry.
     * @param detail what exactly was wrong.
     * @param cause the underlying failure, or null.
     */
    public LogException(LogError error, String detail, Throwable cause) {
        super(Category.ERROR, "[RB" + error.code() + "] " + error.description() + ": " + detail, cause);
        this.error = error;
    }

    /**
     * Returns the registry entry of this failure.
     *
     * @return the error, never null.
     */
    public LogError error() {
        return error;
    }
}
