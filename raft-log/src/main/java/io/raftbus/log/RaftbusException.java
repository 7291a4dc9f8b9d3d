package io.raftbus.log;

/**
 * The root of every exception raised inside the raftbus core.
 *
 * <p>Each exception carries a {@link Category} so callers can decide whether to stop the node ({@code FATAL}),
 * fail one request ({@code ERROR}) or log and continue ({@code WARN}). Programming misuse is reported with
 * {@link IllegalArgumentException} or {@link IllegalStateException} instead; back pressure is a return value.
 */
public class RaftbusException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** How serious an exception is. */
    public enum Category {
        /** The node cannot go on and must stop. */
        FATAL,
        /** One request failed; the node goes on. */
        ERROR,
        /** Something unexpected happened that did not fail a request. */
        WARN
    }

    private final Category category;

    /**
     * Creates an exception.
     *
     * @param category how serious it is.
     * @param message what went wrong, for an operator.
     * @param cause the underlying failure, or null.
     */
    public RaftbusException(Category category, String message, Throwable cause) {
        super(message, cause);
        this.category = category;
    }

    /**
     * Returns how serious this exception is.
     *
     * @return the category, never null.
     */
    public Category category() {
        return category;
    }
}
