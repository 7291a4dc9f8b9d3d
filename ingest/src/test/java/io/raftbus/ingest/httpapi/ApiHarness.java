package io.raftbus.ingest.httpapi;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringEncoder;
import io.raftbus.ingest.AppConfig;
import io.raftbus.ingest.Apps;
import io.raftbus.ingest.IngestConfig;
import io.raftbus.ingest.internal.Signatures;
import io.raftbus.schemas.ChannelSchemas;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drives {@link HttpApiRoutes} through an {@code EmbeddedChannel} with signed requests. The app of Pusher's docs
 * (id {@code 3}, key {@code 278d425bdf160c739803}, secret {@code 7ad3773142a6692b25b8}) and the docs' timestamp
 * are the defaults; the server clock is fixed at that timestamp unless changed.
 */
final class ApiHarness {
    static final String KEY = "278d425bdf160c739803";
    static final String SECRET = "7ad3773142a6692b25b8";
    static final long TIMESTAMP = 1353088179L;
    static final AppConfig APP = new AppConfig("3", KEY, SECRET, true, true, false, AppConfig.Limits.PUSHER,
            List.of());
    static final AppConfig COUNTING = new AppConfig("counting", "ckey", "csecret", true, true, true,
            AppConfig.Limits.PUSHER, List.of());
    static final AppConfig DISABLED = new AppConfig("off", "okey", "osecret", false, true, false,
            AppConfig.Limits.PUSHER, List.of());

    final FakeLog log = new FakeLog();
    Clock clock = Clock.fixed(Instant.ofEpochSecond(TIMESTAMP), ZoneOffset.UTC);
    ChannelSchemas schemas = ChannelSchemas.NONE;
    final IngestConfig config = IngestConfig.defaults(0).withApps(new Apps(List.of(APP, COUNTING, DISABLED)));

    /** A response's status and body. */
    record Answer(int status, String body) {
    }

    Answer post(String path, String body) {
        return send("POST", path, new LinkedHashMap<>(), body, APP, TIMESTAMP, null);
    }

    Answer get(String path, Map<String, String> params) {
        return send("GET", path, new LinkedHashMap<>(params), "", APP, TIMESTAMP, null);
    }

    /**
     * Sends a request signed like the Pusher SDKs do.
     */
    Answer send(String method, String path, Map<String, String> params, String body, AppConfig app, long ts,
                String idempotencyKey) {
        Map<String, String> q = new LinkedHashMap<>(params);
        q.put("auth_key", app.key());
        q.put("auth_timestamp", Long.toString(ts));
        q.put("auth_version", "1.0");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0) {
            q.put("body_md5", Signatures.md5Hex(bytes));
        }
        q.put("auth_signature", Signatures.hmacSha256Hex(app.secret(),
                RequestAuthenticator.stringToSign(method, path, q)));
        return raw(method, uri(path, q), bytes, idempotencyKey);
    }

    static String uri(String path, Map<String, String> q) {
        QueryStringEncoder enc = new QueryStringEncoder(path);
        q.forEach(enc::addParam);
        return enc.toString();
    }

    Answer raw(String method, String uri, byte[] body, String idempotencyKey) {
        HttpApiRoutes routes = new HttpApiRoutes(config, log, log, clock, schemas);
        EmbeddedChannel ch = new EmbeddedChannel(new SimpleChannelInboundHandler<FullHttpRequest>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
                routes.serve(ctx, msg);
            }
        });
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), uri,
                Unpooled.wrappedBuffer(body));
        if (idempotencyKey != null) {
            req.headers().set("Idempotency-Key", idempotencyKey);
        }
        ch.writeInbound(req);
        FullHttpResponse resp = ch.readOutbound();
        if (resp == null) {
            throw new AssertionError("no response to " + method + " " + uri);
        }
        try {
            return new Answer(resp.status().code(), resp.content().toString(StandardCharsets.UTF_8));
        } finally {
            resp.release();
            ch.finishAndReleaseAll();
        }
    }
}
