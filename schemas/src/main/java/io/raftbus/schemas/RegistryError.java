package io.raftbus.schemas;

/**
 * The Confluent Schema Registry errors raftbus answers: the body is {@code {"error_code": code, "message": ...}}
 * and the HTTP status is the first three digits of the code. Codes are the protocol's; never renumber.
 */
public enum RegistryError {
    /** Missing or wrong credentials on a write (or on a read when reads need them). */
    UNAUTHORIZED(40101),
    /** No subject of that name (or only a soft-deleted one when deleted ones are not asked for). */
    SUBJECT_NOT_FOUND(40401),
    /** The subject has no such version. */
    VERSION_NOT_FOUND(40402),
    /** No schema with that id, or the schema is not registered under the subject. */
    SCHEMA_NOT_FOUND(40403),
    /** The subject was soft-deleted. */
    SUBJECT_SOFT_DELETED(40404),
    /** A permanent delete of a subject that was not soft-deleted first. */
    SUBJECT_NOT_SOFT_DELETED(40405),
    /** The version was soft-deleted. */
    VERSION_SOFT_DELETED(40406),
    /** A permanent delete of a version that was not soft-deleted first. */
    VERSION_NOT_SOFT_DELETED(40407),
    /** The subject has no compatibility level of its own. */
    SUBJECT_LEVEL_NOT_CONFIGURED(40408),
    /** The schema is incompatible with the versions its subject's level checks against (HTTP 409). */
    INCOMPATIBLE(40901),
    /** The schema does not parse, or its type is not supported. */
    INVALID_SCHEMA(42201),
    /** The version is not a positive number, {@code latest} or {@code -1}. */
    INVALID_VERSION(42202),
    /** Not one of the compatibility levels. */
    INVALID_COMPATIBILITY_LEVEL(42203),
    /** Not one of the modes. */
    INVALID_MODE(42204),
    /** The operation is not allowed in the current mode. */
    OPERATION_NOT_PERMITTED(42205),
    /** The subject name is not valid (empty). */
    INVALID_SUBJECT(42208),
    /** The replicated log could not store the change (no leader, disk full). */
    STORE_ERROR(50001),
    /** The change was not committed in time. */
    TIMEOUT(50002);

    private final int code;

    RegistryError(int code) {
        this.code = code;
    }

    /**
     * Returns the Confluent error code.
     *
     * @return the code, e.g. 40401.
     */
    public int code() {
        return code;
    }

    /**
     * Returns the HTTP status: the first three digits of the code.
     *
     * @return the status, e.g. 404.
     */
    public int httpStatus() {
        return code / 100;
    }
}
