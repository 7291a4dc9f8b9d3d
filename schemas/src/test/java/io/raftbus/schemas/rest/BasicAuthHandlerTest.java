package io.raftbus.schemas.rest;

import static io.raftbus.schemas.rest.RegistryHarness.KEY;
import static io.raftbus.schemas.rest.RegistryHarness.ORDER_V1;
import static io.raftbus.schemas.rest.RegistryHarness.SECRET;
import static io.raftbus.schemas.rest.RegistryHarness.V1;
import static io.raftbus.schemas.rest.RegistryHarness.basic;
import static io.raftbus.schemas.rest.RegistryHarness.body;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Writes need an app's key and secret; reads (lookup and compatibility included) are open unless configured. */
class BasicAuthHandlerTest {
    final RegistryHarness api = new RegistryHarness();

    private void assertRefused(RegistryHarness.Answer a) {
        assertThat(a.status()).isEqualTo(401);
        assertThat(a.errorCode()).isEqualTo(40101);
        assertThat(a.json().get("message").asText()).startsWith("Unauthorized").doesNotContain(SECRET);
        assertThat(a.headers().get("WWW-Authenticate")).isEqualTo("Basic realm=\"raftbus\"");
    }

    @Test
    void shouldRefuseEveryWriteWhenCredentialsAreMissing() {
        assertRefused(api.send("POST", "/subjects/s/versions", body(ORDER_V1), V1, null));
        assertRefused(api.send("PUT", "/config", "{\"compatibility\":\"NONE\"}", V1, null));
        assertRefused(api.send("PUT", "/config/s", "{\"compatibility\":\"NONE\"}", V1, null));
        assertRefused(api.send("DELETE", "/config", "", V1, null));
        assertRefused(api.send("DELETE", "/subjects/s", "", V1, null));
        assertRefused(api.send("DELETE", "/subjects/s/versions/1", "", V1, null));
        assertRefused(api.send("PUT", "/mode", "{\"mode\":\"READWRITE\"}", V1, null));
        assertThat(api.registry.calls("register") + api.registry.calls("setLevel")
                + api.registry.calls("deleteLevel") + api.registry.calls("deleteSubject")
                + api.registry.calls("deleteVersion")).isZero();
    }

    @Test
    void shouldRefuseWriteWhenCredentialsAreWrongOrMalformed() {
        for (String header : List.of(basic(KEY, "wrong"), basic("other", SECRET), basic(KEY, SECRET + "x"),
                "Basic !!!notbase64", "Basic " + java.util.Base64.getEncoder().encodeToString("nocolon".getBytes()),
                "Bearer " + SECRET, "Basic", "")) {
            assertRefused(api.send("POST", "/subjects/s/versions", body(ORDER_V1), V1, header));
        }
        api.registry.assertCalls("register", 0);
    }

    @Test
    void shouldAcceptWriteWhenKeyAndSecretMatch() {
        assertThat(api.send("POST", "/subjects/s/versions", body(ORDER_V1), V1, basic(KEY, SECRET)).status())
                .isEqualTo(200);
        assertThat(api.send("POST", "/subjects/s/versions", body(ORDER_V1), V1, "basic " +
                java.util.Base64.getEncoder().encodeToString((KEY + ":" + SECRET).getBytes())).status()).isEqualTo(200);
    }

    @Test
    void shouldLeaveReadsOpenWhenReadAuthIsOff() {
        api.post("/subjects/s/versions", body(ORDER_V1));
        assertThat(api.send("GET", "/subjects", "", null, null).status()).isEqualTo(200);
        assertThat(api.send("POST", "/subjects/s", body(ORDER_V1), V1, null).status()).isEqualTo(200);
        assertThat(api.send("POST", "/compatibility/subjects/s/versions/latest", body(ORDER_V1), V1, null).status())
                .isEqualTo(200);
        assertThat(api.send("GET", "/config/s", "", null, null).status()).isEqualTo(404);
    }

    @Test
    void shouldRefuseReadsWithoutCredentialsWhenReadAuthIsOn() {
        RegistryHarness locked = new RegistryHarness(true);
        assertRefused(locked.send("GET", "/subjects", "", null, null));
        assertRefused(locked.send("POST", "/subjects/s", body(ORDER_V1), V1, null));
        assertRefused(locked.send("GET", "/schemas/ids/1", "", null, basic(KEY, "nope")));
        assertThat(locked.send("GET", "/subjects", "", null, basic(KEY, SECRET)).body()).isEqualTo("[]");
    }

    @Test
    void shouldClassifyOnlyChangesAsWrites() {
        assertThat(BasicAuthHandler.isWrite("GET", List.of("subjects"))).isFalse();
        assertThat(BasicAuthHandler.isWrite("POST", List.of())).isFalse();
        assertThat(BasicAuthHandler.isWrite("POST", List.of("subjects", "s"))).isFalse();
        assertThat(BasicAuthHandler.isWrite("POST", List.of("compatibility", "subjects", "s", "versions"))).isFalse();
        assertThat(BasicAuthHandler.isWrite("POST", List.of("subjects", "s", "versions"))).isTrue();
        assertThat(BasicAuthHandler.isWrite("PUT", List.of("config"))).isTrue();
        assertThat(BasicAuthHandler.isWrite("DELETE", List.of("subjects", "s"))).isTrue();
    }

    @Test
    void shouldCompareSecretsOfKnownKeysOnly() {
        RegistryAuth auth = RegistryAuth.of(Map.of(KEY, SECRET));
        assertThat(auth.check(KEY, SECRET)).isTrue();
        assertThat(auth.check(KEY, "")).isFalse();
        assertThat(auth.check("unknown", SECRET)).isFalse();
        assertThat(RegistryAuth.DENY_ALL.check(KEY, SECRET)).isFalse();
        assertThat(RegistryAuth.constantTimeEquals("a", null)).isFalse();
    }
}
