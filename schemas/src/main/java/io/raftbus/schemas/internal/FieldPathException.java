package io.raftbus.schemas.internal;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A decoding failure inside a record field, with the path of field names from the top-level record down to the
 * field that failed. Thrown by {@link FieldTrackingReader}; turned into a readable message by
 * {@link Violations}.
 */
final class FieldPathException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Deque<String> path = new ArrayDeque<>();

    FieldPathException(String field, Throwable cause) {
        super(cause.getMessage(), cause, false, false);
        path.addFirst(field);
    }

    /**
     * Adds the enclosing field.
     *
     * @param field the name of the field that contains the failed one.
     * @return this.
     */
    FieldPathException under(String field) {
        path.addFirst(field);
        return this;
    }

    /**
     * Returns the field names, outermost first.
     *
     * @return the path.
     */
    Deque<String> path() {
        return path;
    }
}
