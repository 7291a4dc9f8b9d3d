package io.raftbus.ingest.pusher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftbus.ingest.AppConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Test vectors of PUSHER-PROTOCOL.md §2.6 (Pusher's documentation credentials). */
class ChannelAuthorizerTest {
    private static final AppConfig DOC_APP = new AppConfig("3", "278d425bdf160c739803", "7ad3773142a6692b25b8",
            true, true, false, AppConfig.Limits.PUSHER, List.of());

    @Test
    void shouldAcceptPrivateChannelVector() {
        ChannelAuthorizer.verify(DOC_APP, "1234.1234:private-foobar",
                "278d425bdf160c739803:58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4", null,
                PusherError.INVALID_SIGNATURE);
    }

    @Test
    void shouldAcceptPresenceChannelVector() {
        ChannelAuthorizer.verify(DOC_APP,
                "1234.1234:presence-foobar:{\"user_id\":10,\"user_info\":{\"name\":\"Mr. Channels\"}}",
                "278d425bdf160c739803:31935e7d86dba64c2a90aed31fdc61869f9b22ba9d8863bba239c03ca481bc80", null,
                PusherError.INVALID_SIGNATURE);
    }

    @Test
    void shouldAcceptSigninVector() {
        ChannelAuthorizer.verify(DOC_APP, "1234.1234::user::{\"id\":\"12345\",\"user_info\":{\"name\":\"John Smith\"},"
                        + "\"watchlist\":[\"another_id_1\",\"another_id_2\"]}",
                "278d425bdf160c739803:a40ac8e0060398bd2af6b3509f53225a9b5eb29db1284d2a5fa81b271f0ad6a8", null,
                PusherError.SIGNIN_FAILED);
    }

    @Test
    void shouldNameStringToSignButNotExpectedSignatureWhenSignatureIsBad() {
        assertThatThrownBy(() -> ChannelAuthorizer.verify(DOC_APP, "1234.1234:private-foobar",
                "278d425bdf160c739803:00", "private-foobar", PusherError.INVALID_SIGNATURE))
                .isInstanceOf(PusherProtocolException.class)
                .hasMessageContaining("1234.1234:private-foobar")
                .hasMessageNotContaining("58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4");
    }

    @Test
    void shouldRejectSignatureWithWrongKeyPrefix() {
        assertThatThrownBy(() -> ChannelAuthorizer.verify(DOC_APP, "1234.1234:private-foobar",
                "other:58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4", null,
                PusherError.INVALID_SIGNATURE)).isInstanceOf(PusherProtocolException.class);
    }

    @Test
    void shouldValidateChannelNames() {
        assertThat(ChannelAuthorizer.validChannel("private-a_b-=@,.;", 164)).isTrue();
        assertThat(ChannelAuthorizer.validChannel("#server-to-user-42", 164)).isTrue();
        assertThat(ChannelAuthorizer.validChannel("#cluster-g0", 164)).isFalse();
        assertThat(ChannelAuthorizer.validChannel("#terminate", 164)).isFalse();
        assertThat(ChannelAuthorizer.validChannel("a b", 164)).isFalse();
        assertThat(ChannelAuthorizer.validChannel("x".repeat(165), 164)).isFalse();
        assertThat(ChannelAuthorizer.validChannel("", 164)).isFalse();
    }

    @Test
    void shouldStringifyNumericUserIdsAndEnforceLimits() {
        assertThat(ChannelAuthorizer.member(DOC_APP, "{\"user_id\":10}", "user_id", null).userId()).isEqualTo("10");
        assertThatThrownBy(() -> ChannelAuthorizer.member(DOC_APP, "{\"user_id\":\"" + "u".repeat(129) + "\"}",
                "user_id", null)).hasMessageContaining("128");
        assertThatThrownBy(() -> ChannelAuthorizer.member(DOC_APP, "{\"user_id\":\"u\",\"user_info\":\""
                + "i".repeat(1100) + "\"}", "user_id", null)).hasMessageContaining("1024");
    }
}
