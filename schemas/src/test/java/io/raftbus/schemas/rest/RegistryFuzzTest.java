package io.raftbus.schemas.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.raftbus.schemas.InMemorySchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random bodies, bytes and wire input never crash the pipeline: every answer is JSON with the registry content
 * type, never a 500, and every error is {@code {"error_code": int, "message": string}} whose code matches the
 * status.
 */
class RegistryFuzzTest {
    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.of("/", "/subjects", "/subjects/s", "/subjects/s/versions", "/subjects/s/versions/1",
                "/subjects/s/versions/latest/schema", "/schemas", "/schemas/ids/1", "/schemas/ids/1/versions",
                "/compatibility/subjects/s/versions", "/compatibility/subjects/s/versions/latest", "/config",
                "/config/s", "/mode", "/mode/s", "/x", "/subjects/%41%2f/versions", "/subjects/s/versions/-7");
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH");
    }

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(30);
        Arbitrary<String> value = Arbitraries.oneOf(text.map(t -> RegistryHarness.JSON.valueToTree(t).toString()),
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.of("null", "true", "[]", "{}", "[{}]", "\"AVRO\"", "\"PROTOBUF\"", "\"FULL\"",
                        "\"READWRITE\"", "\"\\\"string\\\"\"", RegistryHarness.JSON.valueToTree(RegistryHarness.ORDER_V2)
                                .toString(), "[{\"name\":\"a\",\"subject\":\"b\",\"version\":1}]"));
        Arbitrary<String> field = Arbitraries.of("schema", "schemaType", "references", "compatibility", "mode", "x");
        Arbitrary<String> object = Arbitraries.maps(field, value).ofMaxSize(4).map(m -> {
            StringBuilder b = new StringBuilder("{");
            m.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
            return b.append('}').toString();
        });
        return Arbitraries.oneOf(object, text, Arbitraries.of("", "{", "[", "{\"schema\":", "\u0000", "{}"));
    }

    @Provide
    Arbitrary<Map<String, String>> queries() {
        return Arbitraries.maps(Arbitraries.of("deleted", "permanent", "verbose", "defaultToGlobal", "subjectPrefix",
                "offset", "limit", "latestOnly", "deletedOnly", "sync"), Arbitraries.of("true", "false", "x", "-1", "3"))
                .ofMaxSize(3);
    }

    private static RegistryHarness seeded() {
        RegistryHarness api = new RegistryHarness();
        api.register("s", RegistryHarness.ORDER_V1);
        return api;
    }

    private static void assertWellFormed(RegistryHarness.Answer a) {
        assertThat(a.status()).isNotEqualTo(500);
        if (a.status() >= 400) {
            JsonNode n = a.json();
            assertThat(n.get("error_code").isInt()).as(a.body()).isTrue();
            assertThat(n.get("message").isTextual()).as(a.body()).isTrue();
            int code = n.get("error_code").asInt();
            assertThat(code < 1000 ? code : code / 100).isEqualTo(a.status());
        } else {
            a.json();
        }
    }

    @Property(tries = 400)
    void shouldAnswerWellFormedJsonWhenBodyIsRandom(@ForAll("paths") String path, @ForAll("methods") String method,
                                                    @ForAll("bodies") String body,
                                                    @ForAll("queries") Map<String, String> query) {
        RegistryHarness api = seeded();
        StringBuilder uri = new StringBuilder(path);
        query.forEach((k, v) -> uri.append(uri.indexOf("?") < 0 ? '?' : '&').append(k).append('=').append(v));
        assertWellFormed(api.send(method, uri.toString(), body, RegistryHarness.V1,
                RegistryHarness.basic(RegistryHarness.KEY, RegistryHarness.SECRET)));
    }

    @Property(tries = 200)
    void shouldAnswerWellFormedJsonWhenBodyBytesAreRandom(@ForAll("paths") String path, @ForAll byte[] body) {
        RegistryHarness api = seeded();
        api.write("POST", path, body, RegistryHarness.V1, RegistryHarness.basic(RegistryHarness.KEY,
                RegistryHarness.SECRET));
        RegistryHarness.Answer a = api.read();
        assertThat(a).isNotNull();
        assertWellFormed(a);
    }

    @Provide
    Arbitrary<byte[]> wire() {
        Arbitrary<String> tail = Arbitraries.strings().ofMaxLength(200);
        return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
                tail.map(t -> ("POST /subjects/s/versions HTTP/1.1\r\n" + t).getBytes(StandardCharsets.UTF_8)),
                tail.map(t -> ("GET /" + t + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.UTF_8)));
    }

    @Property(tries = 300)
    void shouldAnswerWithHttpOrWaitWhenWireBytesAreRandom(@ForAll("wire") byte[] bytes) {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        EmbeddedChannel ch = new EmbeddedChannel(new HttpServerCodec(4096, 16 * 1024, 16 * 1024),
                new HttpObjectAggregator(64 * 1024), new RegistryRequestAdapter(),
                new BasicAuthHandler(RegistryAuth.DENY_ALL, false), new RegistryRouteHandler(new RegistryRoutes(registry)));
        try {
            ch.writeInbound(Unpooled.wrappedBuffer(bytes));
            ch.runPendingTasks();
            StringBuilder out = new StringBuilder();
            for (Object o = ch.readOutbound(); o != null; o = ch.readOutbound()) {
                ByteBuf b = (ByteBuf) o;
                out.append(b.toString(StandardCharsets.ISO_8859_1));
                b.release();
            }
            if (out.length() > 0) {
                assertThat(out.toString()).startsWith("HTTP/1.1 ").doesNotStartWith("HTTP/1.1 500")
                        .contains("application/vnd.schemaregistry.v1+json");
                if (!out.toString().startsWith("HTTP/1.1 2")) {
                    assertThat(out.toString()).contains("\"error_code\":");
                }
            }
        } finally {
            ch.finishAndReleaseAll();
        }
    }
}
