package io.raftbus.ingest.httpapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftbus.ingest.internal.Signatures;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestAuthenticatorTest {
    static final String DOC_BODY = "{\"name\":\"foo\",\"channels\":[\"project-3\"],"
            + "\"data\":\"{\\\"some\\\":\\\"data\\\"}\"}";
    static final String DOC_MD5 = "ec365a775a4cd0599faeb73354201b6f";
    static final String DOC_SIGNATURE = "da454824c97ba181a32ccc17a72625ba02771f50b50e1e7430e47a1f3f457e6c";
    final ApiHarness api = new ApiHarness();

    private static Map<String, String> docQuery() {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("auth_key", ApiHarness.KEY);
        q.put("auth_timestamp", Long.toString(ApiHarness.TIMESTAMP));
        q.put("auth_version", "1.0");
        q.put("body_md5", DOC_MD5);
        return q;
    }

    @Test
    void shouldMatchPusherDocVectorWhenSigningTheWorkedExample() {
        assertThat(Signatures.md5Hex(DOC_BODY.getBytes(StandardCharsets.UTF_8))).isEqualTo(DOC_MD5);
        String toSign = RequestAuthenticator.stringToSign("POST", "/apps/3/events", docQuery());
        assertThat(toSign).isEqualTo("POST\n/apps/3/events\nauth_key=278d425bdf160c739803&auth_timestamp=1353088179"
                + "&auth_version=1.0&body_md5=ec365a775a4cd0599faeb73354201b6f");
        assertThat(Signatures.hmacSha256Hex(ApiHarness.SECRET, toSign)).isEqualTo(DOC_SIGNATURE);
    }

    @Test
    void shouldAcceptDocRequestWhenSentWithDocSignature() {
        Map<String, String> q = docQuery();
        q.put("auth_signature", DOC_SIGNATURE);
        ApiHarness.Answer a = api.raw("POST", ApiHarness.uri("/apps/3/events", q),
                DOC_BODY.getBytes(StandardCharsets.UTF_8), null);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).isEqualTo("{}");
        assertThat(api.log.published).hasSize(1);
        assertThat(api.log.published.get(0).channel().channel()).isEqualTo("project-3");
    }

    @Test
    void shouldSortLowercasedKeysAndExcludeSignatureWhenBuildingStringToSign() {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("info", "user_count");
        q.put("auth_signature", "x");
        q.put("Filter_By_Prefix", "presence-");
        q.put("auth_key", "k");
        assertThat(RequestAuthenticator.stringToSign("GET", "/apps/3/channels", q))
                .isEqualTo("GET\n/apps/3/channels\nauth_key=k&filter_by_prefix=presence-&info=user_count");
    }

    @Test
    void shouldRefuseWithStringToSignButNotExpectedHmacWhenSignatureIsWrong() {
        Map<String, String> q = docQuery();
        q.put("auth_signature", "0".repeat(64));
        ApiHarness.Answer a = api.raw("POST", ApiHarness.uri("/apps/3/events", q),
                DOC_BODY.getBytes(StandardCharsets.UTF_8), null);
        assertThat(a.status()).isEqualTo(401);
        assertThat(a.body()).contains("Invalid signature").contains("auth_timestamp=1353088179")
                .doesNotContain(DOC_SIGNATURE);
        assertThat(api.log.published).isEmpty();
    }

    @Test
    void shouldRefuseWhenSignedWithWrongSecret() {
        var wrong = new io.raftbus.ingest.AppConfig("3", ApiHarness.KEY, "not-the-secret", true, true, false,
                io.raftbus.ingest.AppConfig.Limits.PUSHER, java.util.List.of());
        ApiHarness.Answer a = api.send("POST", "/apps/3/events", Map.of(), DOC_BODY, wrong, ApiHarness.TIMESTAMP,
                null);
        assertThat(a.status()).isEqualTo(401);
        assertThat(api.log.published).isEmpty();
    }

    @Test
    void shouldRefuseReplayWhenTimestampIsOutsideWindow() {
        assertThat(api.post("/apps/3/events", DOC_BODY).status()).isEqualTo(200);
        api.clock = Clock.fixed(Instant.ofEpochSecond(ApiHarness.TIMESTAMP + 600), ZoneOffset.UTC);
        ApiHarness.Answer replay = api.post("/apps/3/events", DOC_BODY);
        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.body()).contains("Timestamp expired");
        api.clock = Clock.fixed(Instant.ofEpochSecond(ApiHarness.TIMESTAMP - 600), ZoneOffset.UTC);
        assertThat(api.post("/apps/3/events", DOC_BODY).status()).isEqualTo(401);
        api.clock = Clock.fixed(Instant.ofEpochSecond(ApiHarness.TIMESTAMP + 599), ZoneOffset.UTC);
        assertThat(api.post("/apps/3/events", DOC_BODY).status()).isEqualTo(200);
        assertThat(api.log.published).hasSize(2);
    }

    @Test
    void shouldRefuseWhenBodyMd5DoesNotMatchBody() {
        Map<String, String> q = docQuery();
        String tampered = DOC_BODY.replace("foo", "bar");
        q.put("auth_signature", DOC_SIGNATURE);
        ApiHarness.Answer a = api.raw("POST", ApiHarness.uri("/apps/3/events", q),
                tampered.getBytes(StandardCharsets.UTF_8), null);
        assertThat(a.status()).isEqualTo(401);
        assertThat(a.body()).contains("body_md5");
        assertThat(api.log.published).isEmpty();
    }

    @Test
    void shouldRefuseWhenBodyHasNoMd5() {
        Map<String, String> q = docQuery();
        q.remove("body_md5");
        q.put("auth_signature", Signatures.hmacSha256Hex(ApiHarness.SECRET,
                RequestAuthenticator.stringToSign("POST", "/apps/3/events", q)));
        ApiHarness.Answer a = api.raw("POST", ApiHarness.uri("/apps/3/events", q),
                DOC_BODY.getBytes(StandardCharsets.UTF_8), null);
        assertThat(a.status()).isEqualTo(401);
        assertThat(a.body()).contains("Missing body_md5");
    }

    @Test
    void shouldRefuseWhenAuthKeyIsNotTheAppsKey() {
        Map<String, String> q = docQuery();
        q.put("auth_key", "ckey");
        q.put("auth_signature", DOC_SIGNATURE);
        ApiHarness.Answer a = api.raw("POST", ApiHarness.uri("/apps/3/events", q),
                DOC_BODY.getBytes(StandardCharsets.UTF_8), null);
        assertThat(a.status()).isEqualTo(401);
        assertThat(a.body()).contains("auth_key");
    }

    @Test
    void shouldRefuseWhenAuthParametersAreMissingOrWrong() {
        for (String drop : new String[] {"auth_key", "auth_timestamp", "auth_version", "auth_signature"}) {
            Map<String, String> q = docQuery();
            q.put("auth_signature", DOC_SIGNATURE);
            q.remove(drop);
            ApiHarness.Answer a = api.raw("POST", ApiHarness.uri("/apps/3/events", q),
                    DOC_BODY.getBytes(StandardCharsets.UTF_8), null);
            assertThat(a.status()).as(drop).isEqualTo(401);
            assertThat(a.body()).as(drop).contains(drop);
        }
        Map<String, String> q = docQuery();
        q.put("auth_version", "2.0");
        q.put("auth_signature", DOC_SIGNATURE);
        assertThat(api.raw("POST", ApiHarness.uri("/apps/3/events", q), DOC_BODY.getBytes(StandardCharsets.UTF_8),
                null).body()).contains("auth_version must be 1.0");
        q.put("auth_timestamp", "yesterday");
        assertThat(api.raw("POST", ApiHarness.uri("/apps/3/events", q), DOC_BODY.getBytes(StandardCharsets.UTF_8),
                null).status()).isEqualTo(401);
        assertThat(api.log.published).isEmpty();
    }
}
