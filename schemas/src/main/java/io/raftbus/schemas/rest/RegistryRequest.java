package io.raftbus.schemas.rest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A registry API request, copied out of Netty's buffers so it can be answered asynchronously.
 *
 * @param method the upper-case method.
 * @param segments the path segments, each URL-decoded on its own (so {@code %2F} stays inside a subject name);
 *     empty for {@code /}.
 * @param params the query parameters, decoded; the first value of a repeated name (as JAX-RS does).
 * @param body the raw body bytes (empty if none); owned by the record.
 * @param authorization the {@code Authorization} header, or null.
 * @param keepAlive true if the connection stays open after the answer.
 */
record RegistryRequest(String method, List<String> segments, Map<String, String> params, byte[] body,
                       String authorization, boolean keepAlive) {
    RegistryRequest {
        Objects.requireNonNull(method, "method");
        segments = List.copyOf(segments);
        params = Map.copyOf(params);
        Objects.requireNonNull(body, "body");
    }

    /**
     * Returns a query parameter.
     *
     * @param name its name.
     * @return the decoded value, or null if absent.
     */
    String param(String name) {
        return params.get(name);
    }

    /**
     * Tells whether a boolean query parameter is {@code true} (case-insensitive; anything else is false).
     *
     * @param name its name.
     * @return true if it is.
     */
    boolean flag(String name) {
        return "true".equalsIgnoreCase(params.get(name));
    }

    /**
     * Returns the body as UTF-8 text.
     *
     * @return the text.
     */
    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * Returns the path, for messages and logs.
     *
     * @return {@code /} and the decoded segments.
     */
    String path() {
        return "/" + String.join("/", segments);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RegistryRequest r && method.equals(r.method) && segments.equals(r.segments)
                && params.equals(r.params) && java.util.Arrays.equals(body, r.body)
                && Objects.equals(authorization, r.authorization) && keepAlive == r.keepAlive;
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, segments, params);
    }

    @Override
    public String toString() {
        return "RegistryRequest[" + method + " " + path() + " " + body.length + "B]";
    }
}
