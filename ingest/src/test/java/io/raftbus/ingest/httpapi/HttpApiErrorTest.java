package io.raftbus.ingest.httpapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HttpApiErrorTest {
    @Test
    void shouldNeverRenumberExistingCodes() {
        Map<String, Integer> pinned = Map.ofEntries(Map.entry("BAD_REQUEST", 1), Map.entry("UNAUTHORIZED", 2),
                Map.entry("APP_DISABLED", 3), Map.entry("UNKNOWN_APP", 4), Map.entry("NOT_FOUND", 5),
                Map.entry("METHOD_NOT_ALLOWED", 6), Map.entry("TOO_LARGE", 7), Map.entry("EXPIRED", 8),
                Map.entry("UNAVAILABLE", 9), Map.entry("NOT_IMPLEMENTED", 10), Map.entry("INTERNAL", 11),
                Map.entry("SCHEMA_MISMATCH", 12));
        assertThat(Arrays.stream(HttpApiError.values()).collect(Collectors.toMap(Enum::name, HttpApiError::code)))
                .isEqualTo(pinned);
    }

    @Test
    void shouldMapToPusherStatuses() {
        assertThat(HttpApiError.BAD_REQUEST.status().code()).isEqualTo(400);
        assertThat(HttpApiError.UNAUTHORIZED.status().code()).isEqualTo(401);
        assertThat(HttpApiError.APP_DISABLED.status().code()).isEqualTo(403);
        assertThat(HttpApiError.UNKNOWN_APP.status().code()).isEqualTo(404);
        assertThat(HttpApiError.TOO_LARGE.status().code()).isEqualTo(413);
        assertThat(HttpApiError.EXPIRED.status().code()).isEqualTo(410);
        assertThat(HttpApiError.UNAVAILABLE.status().code()).isEqualTo(503);
    }
}
