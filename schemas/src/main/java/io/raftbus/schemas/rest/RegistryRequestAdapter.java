package io.raftbus.schemas.rest;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decodes a {@link FullHttpRequest} into a {@link RegistryRequest}: splits the raw path into segments and
 * URL-decodes each one (so a subject may contain {@code /} as {@code %2F}; {@code +} stays {@code +}), decodes
 * the query and copies the body. Refuses, as a {@link RegistryHttpException} for the route handler to answer, an
 * HTTP request Netty could not decode (400, then close), a malformed escape (400) and a body whose content type is
 * not one the registry accepts (415). Stateless; one per connection.
 */
final class RegistryRequestAdapter extends MessageToMessageDecoder<FullHttpRequest> {
    /** The body content types Confluent's server accepts (parameters such as charset are ignored). */
    static final Set<String> ACCEPTED_TYPES = Set.of("application/vnd.schemaregistry.v1+json",
            "application/vnd.schemaregistry+json", "application/json", "application/octet-stream");

    @Override
    protected void decode(ChannelHandlerContext ctx, FullHttpRequest msg, List<Object> out) {
        if (!msg.decoderResult().isSuccess()) {
            throw RegistryHttpException.badRequest("malformed HTTP request").closing();
        }
        out.add(adapt(msg));
    }

    static RegistryRequest adapt(FullHttpRequest msg) {
        QueryStringDecoder q = new QueryStringDecoder(msg.uri());
        List<String> segments = new ArrayList<>();
        Map<String, String> params = new LinkedHashMap<>();
        try {
            String raw = q.rawPath();
            for (String s : raw.split("/", -1)) {
                segments.add(QueryStringDecoder.decodeComponent(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
            q.parameters().forEach((k, v) -> params.put(k, v.get(0)));
        } catch (IllegalArgumentException e) {
            throw RegistryHttpException.badRequest("malformed URI: " + e.getMessage());
        }
        // "/a/b" splits to "", "a", "b"; "/" to "", ""; a trailing slash is ignored, as JAX-RS does.
        segments.remove(0);
        if (!segments.isEmpty() && segments.get(segments.size() - 1).isEmpty()) {
            segments.remove(segments.size() - 1);
        }
        byte[] body = ByteBufUtil.getBytes(msg.content());
        String type = msg.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (body.length > 0 && type != null && !ACCEPTED_TYPES.contains(mediaType(type))) {
            throw RegistryHttpException.of(RestError.UNSUPPORTED_MEDIA_TYPE, "HTTP 415 Unsupported Media Type");
        }
        return new RegistryRequest(msg.method().name(), segments, params, body,
                msg.headers().get(HttpHeaderNames.AUTHORIZATION), HttpUtil.isKeepAlive(msg));
    }

    private static String mediaType(String contentType) {
        int semi = contentType.indexOf(';');
        String t = semi < 0 ? contentType : contentType.substring(0, semi);
        return t.trim().toLowerCase(Locale.ROOT);
    }
}
