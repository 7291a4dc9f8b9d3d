package io.raftbus.ingest.httpapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftbus.ingest.internal.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random bodies and queries, correctly signed, are answered with a JSON 2xx/4xx and never a 500. */
class HttpApiFuzzTest {
    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(30);
        Arbitrary<String> fieldValue = Arbitraries.oneOf(text.map(Json::quote),
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.of("null", "true", "[]", "{}", "[\"a\",\"presence-b\"]", "[1,2]", "\"123.456\"",
                        "\"user_count\"", "\"subscription_count\"", "[{}]",
                        "[{\"name\":\"e\",\"channel\":\"c\",\"data\":\"d\"}]"));
        Arbitrary<String> field = Arbitraries.of("name", "channel", "channels", "data", "socket_id", "info",
                "batch", "idempotency_key", "x");
        Arbitrary<String> object = Arbitraries.maps(field, fieldValue).ofMaxSize(6).map(m -> {
            StringBuilder b = new StringBuilder("{");
            m.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
            return b.append('}').toString();
        });
        return Arbitraries.oneOf(object, text, Arbitraries.of("", "[", "{\"name\":", "\u0000", "{}"));
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.of("/apps/3/events", "/apps/3/batch_events", "/apps/3/channels", "/apps/3/channels/a",
                "/apps/3/channels/presence-a/users", "/apps/3/channels/a/events",
                "/apps/3/users/u1/terminate_connections", "/apps/3/channels/%25/users", "/apps/3/x");
    }

    @Provide
    Arbitrary<Map<String, String>> queries() {
        return Arbitraries.maps(Arbitraries.of("info", "filter_by_prefix", "from", "limit", "x"),
                Arbitraries.strings().ofMaxLength(12)).ofMaxSize(3);
    }

    @Property(tries = 400)
    void shouldNeverAnswer500(@ForAll("paths") String path, @ForAll("bodies") String body,
                              @ForAll("queries") Map<String, String> query, @ForAll boolean post) {
        ApiHarness api = new ApiHarness();
        api.log.occupy("3", "presence-a", 1, 1);
        ApiHarness.Answer a = api.send(post ? "POST" : "GET", path, new LinkedHashMap<>(query), body,
                ApiHarness.APP, ApiHarness.TIMESTAMP, null);
        assertThat(a.status()).isLessThan(500);
        assertThat(a.body()).startsWith("{");
    }

    @Property(tries = 200)
    void shouldNeverAnswer500ForRawUris(@ForAll("paths") String path, @ForAll String junk) {
        ApiHarness api = new ApiHarness();
        String uri = path + "?" + junk.replace(' ', '+').replace('#', '+');
        ApiHarness.Answer a;
        try {
            a = api.raw("GET", uri, new byte[0], null);
        } catch (IllegalArgumentException e) {
            return; // Netty refuses to build a request with such a URI; nothing reaches the API.
        }
        assertThat(a.status()).isLessThan(500);
    }
}
