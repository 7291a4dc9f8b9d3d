package io.raftbus.ingest.pusher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PusherErrorTest {
    @Test
    void shouldNeverRenumberExistingCodes() {
        Map<PusherError, Integer> pinned = new LinkedHashMap<>();
        pinned.put(PusherError.APP_NOT_FOUND, 4001);
        pinned.put(PusherError.APP_DISABLED, 4003);
        pinned.put(PusherError.OVER_CONNECTION_QUOTA, 4004);
        pinned.put(PusherError.UNSUPPORTED_PROTOCOL, 4007);
        pinned.put(PusherError.NO_PROTOCOL, 4008);
        pinned.put(PusherError.SIGNIN_FAILED, 4009);
        pinned.put(PusherError.TERMINATED, 4009);
        pinned.put(PusherError.INVALID_SIGNATURE, 4009);
        pinned.put(PusherError.OVER_CAPACITY, 4100);
        pinned.put(PusherError.PRESENCE_LIMIT, 4100);
        pinned.put(PusherError.INVALID_MESSAGE, 4200);
        pinned.put(PusherError.MESSAGE_TOO_LARGE, 4200);
        pinned.put(PusherError.UNKNOWN_EVENT, 4200);
        pinned.put(PusherError.INTERNAL, 4200);
        pinned.put(PusherError.PONG_TIMEOUT, 4201);
        pinned.put(PusherError.INVALID_CHANNEL, 4009);
        pinned.put(PusherError.CLIENT_EVENT_RATE_LIMIT, 4301);
        pinned.put(PusherError.CLIENT_EVENT_REJECTED, 4301);
        pinned.put(PusherError.CLIENT_EVENT_SCHEMA_MISMATCH, 4301);
        assertThat(pinned).hasSize(PusherError.values().length);
        pinned.forEach((e, code) -> assertThat(e.code()).as(e.name()).isEqualTo(code));
    }

    @Test
    void shouldCloseOnlyForConnectionLevelErrors() {
        assertThat(PusherError.INVALID_SIGNATURE.closeAction()).isEqualTo(PusherError.CloseAction.KEEP_OPEN);
        assertThat(PusherError.SIGNIN_FAILED.closeAction()).isEqualTo(PusherError.CloseAction.CLOSE);
        assertThat(PusherError.PONG_TIMEOUT.closeAction()).isEqualTo(PusherError.CloseAction.CLOSE);
        assertThat(PusherError.INVALID_MESSAGE.closeAction()).isEqualTo(PusherError.CloseAction.KEEP_OPEN);
    }
}
