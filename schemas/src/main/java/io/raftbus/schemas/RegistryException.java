package io.raftbus.schemas;

import java.util.Objects;

/** A registry request that was refused; the REST layer answers it as {@code {"error_code","message"}}. */
public final class RegistryException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient RegistryError error;

    /**
     * Creates the exception.
     *
     * @param error the error.
     * @param message what was wrong, for the client (Confluent's wording where it has one).
     */
    public RegistryException(RegistryError error, String message) {
        super(message);
        this.error = Objects.requireNonNull(error, "error");
    }

    /**
     * Returns the error.
     *
     * @return the error.
     */
    public RegistryError error() {
        return error;
    }
}
