package io.raftbus.ingest.httpapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpApiRoutesTest {
    final ApiHarness api = new ApiHarness();

    @Test
    void shouldAnswer404WhenAppIsUnknown() {
        ApiHarness.Answer a = api.post("/apps/nope/events", "{}");
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.body()).isEqualTo("{\"error\":\"unknown app 'nope'\"}");
    }

    @Test
    void shouldAnswer403WhenAppIsDisabled() {
        ApiHarness.Answer a = api.send("POST", "/apps/off/events", Map.of(),
                "{\"name\":\"e\",\"channel\":\"a\",\"data\":\"d\"}", ApiHarness.DISABLED, ApiHarness.TIMESTAMP, null);
        assertThat(a.status()).isEqualTo(403);
        assertThat(a.body()).contains("disabled");
        assertThat(api.log.published).isEmpty();
    }

    @Test
    void shouldAnswer404OrMethodNotAllowedForUnknownEndpoints() {
        assertThat(api.get("/apps/3/nothing", Map.of()).status()).isEqualTo(404);
        assertThat(api.get("/apps/3/channels/a/b/c", Map.of()).status()).isEqualTo(404);
        assertThat(api.get("/apps/3", Map.of()).status()).isEqualTo(404);
        assertThat(api.get("/apps/3/events", Map.of()).status()).isEqualTo(405);
        assertThat(api.post("/apps/3/channels", "{}").status()).isEqualTo(405);
    }

    @Test
    void shouldAnswer400WhenQueryParameterIsRepeated() {
        ApiHarness.Answer a = api.raw("GET", "/apps/3/channels?info=a&info=b", new byte[0], null);
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body()).contains("info");
    }

    @Test
    void shouldAnswer401WhenRequestIsNotSigned() {
        ApiHarness.Answer a = api.raw("GET", "/apps/3/channels", "".getBytes(StandardCharsets.UTF_8), null);
        assertThat(a.status()).isEqualTo(401);
        assertThat(a.body()).contains("Missing auth_key");
    }

    @Test
    void shouldAnswer400WhenUriCannotBeDecoded() {
        assertThat(api.raw("GET", "/apps/3/channels?x=%zz", new byte[0], null).status()).isEqualTo(400);
        assertThat(api.raw("GET", "/apps/3/channels/%zz", new byte[0], null).status()).isEqualTo(400);
    }
}
