package io.raftbus.ingest.httpapi;

/**
 * A request to the HTTP API is refused; the one exception type of this edge. The message is safe to show to the
 * caller: it says what was wrong and never contains a secret or an expected signature.
 */
public final class HttpApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient HttpApiError error;
    private final long oldest;

    /**
     * Creates an exception.
     *
     * @param error the registry entry.
     * @param detail what was wrong, shown to the caller.
     */
    public HttpApiException(HttpApiError error, String detail) {
        this(error, detail, -1);
    }

    private HttpApiException(HttpApiError error, String detail, long oldest) {
        super(detail, null, false, false);
        this.error = error;
        this.oldest = oldest;
    }

    /**
     * Creates the answer to a history read of expired offsets.
     *
     * @param oldest the oldest offset still kept.
     * @return the exception.
     */
    static HttpApiException expired(long oldest) {
        return new HttpApiException(HttpApiError.EXPIRED, "expired", oldest);
    }

    static HttpApiException badRequest(String detail) {
        return new HttpApiException(HttpApiError.BAD_REQUEST, detail);
    }

    static HttpApiException unauthorized(String detail) {
        return new HttpApiException(HttpApiError.UNAUTHORIZED, detail);
    }

    /**
     * Returns the registry entry.
     *
     * @return the error.
     */
    public HttpApiError error() {
        return error;
    }

    /**
     * Returns the JSON body answered.
     *
     * @return {@code {"error":...}}, with {@code "oldest"} for {@link HttpApiError#EXPIRED}.
     */
    public String body() {
        String quoted = io.raftbus.ingest.internal.Json.quote(getMessage());
        return error == HttpApiError.EXPIRED ? "{\"error\":" + quoted + ",\"oldest\":" + oldest + "}"
                : "{\"error\":" + quoted + "}";
    }
}
