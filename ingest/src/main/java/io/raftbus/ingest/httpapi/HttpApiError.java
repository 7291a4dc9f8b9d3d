package io.raftbus.ingest.httpapi;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Every error the HTTP API answers with: a permanent numeric code and the HTTP status it maps to. The body is
 * always {@code {"error": "<detail>"}} (for {@link #EXPIRED} also {@code "oldest"}).
 *
 * <p>Append-only: codes may be logged and matched on by operators, so they never change and new entries go at
 * the end. Never use {@code ordinal()}.
 */
public enum HttpApiError {
    /** Malformed JSON, a missing or mistyped field, an invalid name or parameter: 400. */
    BAD_REQUEST(1, HttpResponseStatus.BAD_REQUEST),
    /** Missing or wrong auth parameters, stale timestamp, body_md5 mismatch, bad signature: 401. */
    UNAUTHORIZED(2, HttpResponseStatus.UNAUTHORIZED),
    /** The app is disabled: 403. */
    APP_DISABLED(3, HttpResponseStatus.FORBIDDEN),
    /** The app id is unknown: 404. */
    UNKNOWN_APP(4, HttpResponseStatus.NOT_FOUND),
    /** No such endpoint: 404. */
    NOT_FOUND(5, HttpResponseStatus.NOT_FOUND),
    /** The endpoint exists but not with this method: 405. */
    METHOD_NOT_ALLOWED(6, HttpResponseStatus.METHOD_NOT_ALLOWED),
    /** Event data larger than the app's limit: 413. */
    TOO_LARGE(7, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE),
    /** A history read asked for offsets removed by retention: 410, with the oldest offset still kept. */
    EXPIRED(8, HttpResponseStatus.GONE),
    /**
     * The log could not commit (no leader, disk full, timeout, shutting down): 503. A publish answered with it
     * may or may not have been stored; retry with the same {@code Idempotency-Key}.
     */
    UNAVAILABLE(9, HttpResponseStatus.SERVICE_UNAVAILABLE),
    /** A feature this node cannot serve yet: 501. */
    NOT_IMPLEMENTED(10, HttpResponseStatus.NOT_IMPLEMENTED),
    /** An unexpected failure; the details are in the node's log, never in the answer: 500. */
    INTERNAL(11, HttpResponseStatus.INTERNAL_SERVER_ERROR),
    /**
     * Data published to a channel bound to a schema does not match it (or the bound subject has no schema): 400,
     * with a message naming the channel, subject, schema id, field and problem. Nothing is stored.
     */
    SCHEMA_MISMATCH(12, HttpResponseStatus.BAD_REQUEST);

    private final int code;
    private final HttpResponseStatus status;

    HttpApiError(int code, HttpResponseStatus status) {
        this.code = code;
        this.status = status;
    }

    /**
     * Returns the permanent numeric code.
     *
     * @return the code, never reused.
     */
    public int code() {
        return code;
    }

    /**
     * Returns the HTTP status answered.
     *
     * @return the status.
     */
    public HttpResponseStatus status() {
        return status;
    }
}
