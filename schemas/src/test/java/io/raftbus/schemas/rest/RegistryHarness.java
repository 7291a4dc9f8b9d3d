package io.raftbus.schemas.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.raftbus.schemas.InMemorySchemaRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Drives the registry pipeline (adapter, auth, routes) through an {@link EmbeddedChannel}, in front of an
 * {@link InMemorySchemaRegistry}. Writes carry the credentials of app {@link #KEY} unless sent raw; every answer
 * is checked to be {@code application/vnd.schemaregistry.v1+json}.
 */
final class RegistryHarness {
    static final String KEY = "app-key";
    static final String SECRET = "app-secret";
    static final String V1 = "application/vnd.schemaregistry.v1+json";
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ORDER_V1 = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"io.test\","
            + "\"fields\":[{\"name\":\"id\",\"type\":\"long\"}]}";
    static final String ORDER_V2 = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"io.test\","
            + "\"fields\":[{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"note\",\"type\":\"string\",\"default\":\"\"}]}";
    static final String ORDER_BAD = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"io.test\","
            + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"qty\",\"type\":\"int\"}]}";

    static {
        io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.PARANOID);
    }

    final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    final EmbeddedChannel channel;

    RegistryHarness() {
        this(false);
    }

    RegistryHarness(boolean readAuth) {
        channel = new EmbeddedChannel(new RegistryRequestAdapter(),
                new BasicAuthHandler(RegistryAuth.of(Map.of(KEY, SECRET)), readAuth),
                new RegistryRouteHandler(new RegistryRoutes(registry)));
    }

    /** A response: status, body, headers. */
    record Answer(int status, String body, io.netty.handler.codec.http.HttpHeaders headers) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        int errorCode() {
            return json().path("error_code").asInt(-1);
        }
    }

    static String basic(String key, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    static String body(String schema) {
        try {
            return JSON.writeValueAsString(Map.of("schema", schema));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Answer get(String uri) {
        return send("GET", uri, "", V1, null);
    }

    Answer post(String uri, String body) {
        return send("POST", uri, body, V1, basic(KEY, SECRET));
    }

    Answer put(String uri, String body) {
        return send("PUT", uri, body, V1, basic(KEY, SECRET));
    }

    Answer delete(String uri) {
        return send("DELETE", uri, "", V1, basic(KEY, SECRET));
    }

    int register(String subject, String schema) {
        Answer a = post("/subjects/" + subject + "/versions", body(schema));
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return a.json().get("id").asInt();
    }

    Answer send(String method, String uri, String body, String contentType, String authorization) {
        write(method, uri, body.getBytes(StandardCharsets.UTF_8), contentType, authorization);
        Answer a = read();
        if (a == null) {
            throw new AssertionError("no response to " + method + " " + uri);
        }
        return a;
    }

    void write(String method, String uri, byte[] body, String contentType, String authorization) {
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), uri,
                Unpooled.wrappedBuffer(body));
        if (contentType != null) {
            req.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        if (authorization != null) {
            req.headers().set(HttpHeaderNames.AUTHORIZATION, authorization);
        }
        channel.writeInbound(req);
    }

    /** Reads the next answer written, after running pending tasks; null if none yet. */
    Answer read() {
        channel.runPendingTasks();
        FullHttpResponse resp = channel.readOutbound();
        if (resp == null) {
            return null;
        }
        try {
            assertThat(resp.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo(V1);
            assertThat(resp.headers().getInt(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo(resp.content().readableBytes());
            return new Answer(resp.status().code(), resp.content().toString(StandardCharsets.UTF_8), resp.headers());
        } finally {
            resp.release();
        }
    }
}
