package io.raftbus.schemas.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestErrorTest {
    @Test
    void shouldNeverRenumberExistingCodes() {
        Map<String, Integer> codes = new LinkedHashMap<>();
        for (RestError e : RestError.values()) {
            codes.put(e.name(), e.code());
        }
        assertThat(codes).containsExactly(Map.entry("BAD_REQUEST", 400), Map.entry("NOT_FOUND", 404),
                Map.entry("METHOD_NOT_ALLOWED", 405), Map.entry("TOO_LARGE", 413),
                Map.entry("UNSUPPORTED_MEDIA_TYPE", 415), Map.entry("SUBJECT_MODE_NOT_CONFIGURED", 40409),
                Map.entry("INTERNAL", 500));
        assertThat(RestError.SUBJECT_MODE_NOT_CONFIGURED.httpStatus()).isEqualTo(404);
        assertThat(RestError.UNSUPPORTED_MEDIA_TYPE.httpStatus()).isEqualTo(415);
    }
}
