package io.raftbus.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tests' own signer against the worked examples of Pusher's docs (PUSHER-PROTOCOL.md 2.6). */
class SignedRequestsTest {
    private static final String KEY = "278d425bdf160c739803";
    private static final String SECRET = "7ad3773142a6692b25b8";

    @Test
    void shouldMatchPushersWorkedExampleWhenSigningAnEventsRequest() {
        String body = "{\"name\":\"foo\",\"channels\":[\"project-3\"],\"data\":\"{\\\"some\\\":\\\"data\\\"}\"}";
        String uri = SignedRequests.request("http://h", "POST", "/apps/3/events", Map.of(), body, KEY, SECRET,
                1353088179L).build().uri().toString();
        assertThat(uri).contains("body_md5=ec365a775a4cd0599faeb73354201b6f")
                .endsWith("auth_signature=da454824c97ba181a32ccc17a72625ba02771f50b50e1e7430e47a1f3f457e6c");
    }

    @Test
    void shouldMatchPushersExampleWhenSigningAPrivateChannel() {
        assertThat(SignedRequests.channelAuth(KEY, SECRET, "1234.1234", "private-foobar", null))
                .isEqualTo(KEY + ":58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4");
    }
}
