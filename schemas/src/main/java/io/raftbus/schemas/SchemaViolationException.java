package io.raftbus.schemas;

/** Published data that does not match its channel's schema; the message names the field and the problem. */
public final class SchemaViolationException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message e.g. {@code channel 'orders' (subject orders-value, schema id 3): field 'amount': expected
     *     long, got string "ten"}.
     */
    public SchemaViolationException(String message) {
        super(message);
    }
}
