package io.raftbus.schemas.rest;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Checks HTTP Basic credentials ({@code Authorization: Basic base64(key:secret)}) with a {@link RegistryAuth}.
 * Writes always need them: every {@code PUT} and {@code DELETE}, and every {@code POST} except the two that only
 * read, as Confluent's RBAC classifies them: lookup ({@code POST /subjects/{s}}) and compatibility tests
 * ({@code POST /compatibility/...}), plus {@code POST /}. Reads need them only if configured. A refusal is a
 * 401 with {@code error_code} 40101 and {@code WWW-Authenticate: Basic realm="raftbus"}; a request that passes
 * is forwarded unchanged. Stateless; one per connection.
 */
final class BasicAuthHandler extends SimpleChannelInboundHandler<RegistryRequest> {
    private final RegistryAuth auth;
    private final boolean readAuth;

    BasicAuthHandler(RegistryAuth auth, boolean readAuth) {
        this.auth = auth;
        this.readAuth = readAuth;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, RegistryRequest request) {
        if (readAuth || isWrite(request.method(), request.segments())) {
            check(request.authorization());
        }
        ctx.fireChannelRead(request);
    }

    /**
     * Tells whether a request changes the registry.
     *
     * @param method the upper-case method.
     * @param segments the decoded path segments.
     * @return true for a write.
     */
    static boolean isWrite(String method, List<String> segments) {
        return switch (method) {
            case "GET", "HEAD", "OPTIONS" -> false;
            case "POST" -> !(segments.isEmpty()
                    || segments.size() == 2 && segments.get(0).equals("subjects")
                    || segments.get(0).equals("compatibility"));
            default -> true;
        };
    }

    private void check(String header) {
        if (header == null) {
            throw RegistryHttpException.unauthorized("Unauthorized: this request needs HTTP Basic credentials "
                    + "(an app's key and secret)");
        }
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw RegistryHttpException.unauthorized("Unauthorized: only the Basic scheme is supported");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw RegistryHttpException.unauthorized("Unauthorized: the Basic credentials are not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw RegistryHttpException.unauthorized("Unauthorized: the Basic credentials have no ':'");
        }
        String key = decoded.substring(0, colon);
        if (!auth.check(key, decoded.substring(colon + 1))) {
            throw RegistryHttpException.unauthorized("Unauthorized: unknown key or wrong secret for key '"
                    + abbreviate(key) + "'");
        }
    }

    private static String abbreviate(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        StringBuilder b = new StringBuilder();
        for (char c : t.toCharArray()) {
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }
}
