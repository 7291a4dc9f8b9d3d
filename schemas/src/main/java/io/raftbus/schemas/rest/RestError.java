package io.raftbus.schemas.rest;

/**
 * The errors of the HTTP layer itself, which {@link io.raftbus.schemas.RegistryError} (the registry's own) does
 * not cover. Confluent's server answers these from JAX-RS / rest-utils with the HTTP status as the
 * {@code error_code} ({@code {"error_code":404,"message":"HTTP 404 Not Found"}}); {@link #SUBJECT_MODE_NOT_CONFIGURED}
 * is Confluent's 40409. Codes are on the wire: never renumber, add at the end.
 */
enum RestError {
    /** Malformed JSON body, a body of the wrong shape, a malformed URI or HTTP request. */
    BAD_REQUEST(400),
    /** No such path. */
    NOT_FOUND(404),
    /** The path exists, not with this method. */
    METHOD_NOT_ALLOWED(405),
    /** The body is larger than {@code raftbus.schemas.max-request-bytes}. */
    TOO_LARGE(413),
    /** A body whose content type is not a JSON one the registry accepts. */
    UNSUPPORTED_MEDIA_TYPE(415),
    /** {@code GET /mode/{subject}} without {@code defaultToGlobal}: raftbus has no subject-level modes. */
    SUBJECT_MODE_NOT_CONFIGURED(40409),
    /** An unexpected failure; details are in the server log, never in the answer. */
    INTERNAL(500);

    private final int code;

    RestError(int code) {
        this.code = code;
    }

    /**
     * Returns the {@code error_code}.
     *
     * @return the code.
     */
    int code() {
        return code;
    }

    /**
     * Returns the HTTP status: the code itself, or the first three digits of a five-digit code.
     *
     * @return the status.
     */
    int httpStatus() {
        return code < 1000 ? code : code / 100;
    }
}
