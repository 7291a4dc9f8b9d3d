package io.raftbus.ingest.httpapi;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A request to the HTTP API, copied out of Netty's buffers so it can be answered asynchronously.
 *
 * @param method the upper-case method.
 * @param rawPath the path as received (percent-escapes kept), which is what a client signs.
 * @param path the decoded path, used for routing.
 * @param query the query parameters, decoded; each name at most once.
 * @param body the raw body bytes (empty if none); owned by the record.
 * @param idempotencyKey the {@code Idempotency-Key} header, or null.
 */
record ApiRequest(String method, String rawPath, String path, Map<String, String> query, byte[] body,
                  String idempotencyKey) {
    ApiRequest {
        Objects.requireNonNull(method, "method");
        query = Map.copyOf(query);
    }

    /**
     * Copies a Netty request.
     *
     * @param request the request; not retained.
     * @return the copy.
     * @throws HttpApiException (400) if the URI cannot be decoded or a query parameter is given twice.
     */
    static ApiRequest of(FullHttpRequest request) {
        QueryStringDecoder q = new QueryStringDecoder(request.uri());
        Map<String, List<String>> decoded;
        String path;
        try {
            decoded = q.parameters();
            path = q.path();
        } catch (IllegalArgumentException e) {
            throw HttpApiException.badRequest("malformed URI: " + e.getMessage());
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : decoded.entrySet()) {
            if (e.getValue().size() != 1) {
                throw HttpApiException.badRequest("query parameter '" + e.getKey() + "' is given "
                        + e.getValue().size() + " times; give it once");
            }
            params.put(e.getKey(), e.getValue().get(0));
        }
        byte[] body = ByteBufUtil.getBytes(request.content());
        return new ApiRequest(request.method().name(), q.rawPath(), path, params, body,
                request.headers().get("Idempotency-Key"));
    }

    /**
     * Returns a query parameter.
     *
     * @param name its name.
     * @return the decoded value, or null if absent.
     */
    String param(String name) {
        return query.get(name);
    }

    /**
     * Returns the body as UTF-8 text.
     *
     * @return the text.
     */
    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApiRequest r && method.equals(r.method) && rawPath.equals(r.rawPath)
                && query.equals(r.query) && Arrays.equals(body, r.body)
                && Objects.equals(idempotencyKey, r.idempotencyKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, rawPath, query);
    }

    @Override
    public String toString() {
        return "ApiRequest[" + method + " " + rawPath + " " + body.length + "B]";
    }
}
