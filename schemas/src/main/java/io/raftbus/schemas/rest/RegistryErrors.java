package io.raftbus.schemas.rest;

import io.netty.handler.codec.DecoderException;
import io.raftbus.schemas.RegistryError;
import io.raftbus.schemas.RegistryException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one translator from failures to answers: {@code {"error_code": N, "message": "..."}} with the status of the
 * code. A {@link RegistryException} keeps its {@link RegistryError}; a {@link RegistryHttpException} its code;
 * anything else is logged with detail and answered 500 without any.
 */
final class RegistryErrors {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryErrors.class);

    private RegistryErrors() {
    }

    static Answer answer(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof RegistryException e) {
            Map<String, String> headers = e.error() == RegistryError.UNAUTHORIZED
                    ? Map.of("WWW-Authenticate", "Basic realm=\"raftbus\"") : Map.of();
            return new Answer(e.error().httpStatus(), body(e.error().code(), e.getMessage()), headers, false);
        }
        if (t instanceof RegistryHttpException e) {
            return new Answer(e.status(), body(e.code(), e.getMessage()), e.headers(), e.close());
        }
        LOG.warn("schema registry request failed unexpectedly", t);
        return new Answer(500, body(RestError.INTERNAL.code(), "Internal Server Error"), Map.of(), false);
    }

    static String body(int code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error_code", code);
        m.put("message", message == null ? "" : message);
        return Answer.json(m);
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException || c instanceof DecoderException)
                && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
