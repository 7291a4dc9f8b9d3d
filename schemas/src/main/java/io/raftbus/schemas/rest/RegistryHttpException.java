package io.raftbus.schemas.rest;

import io.raftbus.schemas.RegistryError;
import java.util.Map;

/**
 * A request refused by the HTTP edge, before or around the registry; the one exception type of this edge (the
 * registry's own refusals are {@link io.raftbus.schemas.RegistryException}s). The message is shown to the
 * client and never contains a secret.
 */
final class RegistryHttpException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final int code;
    private final transient Map<String, String> headers;
    private final boolean close;

    private RegistryHttpException(int status, int code, String message, Map<String, String> headers, boolean close) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.headers = Map.copyOf(headers);
        this.close = close;
    }

    static RegistryHttpException of(RestError error, String message) {
        return new RegistryHttpException(error.httpStatus(), error.code(), message, Map.of(), false);
    }

    static RegistryHttpException of(RegistryError error, String message) {
        return new RegistryHttpException(error.httpStatus(), error.code(), message, Map.of(), false);
    }

    static RegistryHttpException badRequest(String message) {
        return of(RestError.BAD_REQUEST, message);
    }

    static RegistryHttpException notFound() {
        return of(RestError.NOT_FOUND, "HTTP 404 Not Found");
    }

    static RegistryHttpException methodNotAllowed(String allow) {
        return new RegistryHttpException(405, RestError.METHOD_NOT_ALLOWED.code(), "HTTP 405 Method Not Allowed",
                Map.of("Allow", allow), false);
    }

    static RegistryHttpException unauthorized(String message) {
        return new RegistryHttpException(401, RegistryError.UNAUTHORIZED.code(), message,
                Map.of("WWW-Authenticate", "Basic realm=\"raftbus\""), false);
    }

    /**
     * Returns a copy that closes the connection after the answer (the request could not be framed reliably).
     *
     * @return the copy.
     */
    RegistryHttpException closing() {
        return new RegistryHttpException(status, code, getMessage(), headers, true);
    }

    int status() {
        return status;
    }

    int code() {
        return code;
    }

    Map<String, String> headers() {
        return headers;
    }

    boolean close() {
        return close;
    }
}
