package io.raftbus.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Pins the error codes (STYLE rule 8): they travel between nodes as {@code [RB<code>]} and may be stored by
 * callers, so names may change but codes may not, and new errors take new codes at the end.
 */
class LogErrorCodesTest {
    private static final Map<LogError, Integer> PINNED = new LinkedHashMap<>();

    static {
        PINNED.put(LogError.INVALID_CHANNEL, 1);
        PINNED.put(LogError.INVALID_APP, 2);
        PINNED.put(LogError.INVALID_EVENT_NAME, 3);
        PINNED.put(LogError.EVENT_TOO_LARGE, 4);
        PINNED.put(LogError.MALFORMED_ENTRY, 5);
        PINNED.put(LogError.DISK_FULL, 6);
        PINNED.put(LogError.UNAVAILABLE, 7);
        PINNED.put(LogError.TIMEOUT, 8);
        PINNED.put(LogError.INVALID_FIELD, 9);
        PINNED.put(LogError.CLOSED, 10);
        PINNED.put(LogError.INTERNAL, 11);
    }

    @Test
    void shouldNeverRenumberExistingCodes() {
        for (Map.Entry<LogError, Integer> e : PINNED.entrySet()) {
            assertThat(e.getKey().code()).as(e.getKey().name()).isEqualTo(e.getValue());
            assertThat(LogError.ofCode(e.getValue())).isEqualTo(e.getKey());
        }
    }

    @Test
    void shouldPinEveryErrorWhenOneIsAdded() {
        assertThat(LogError.values()).as("a new LogError needs a pinned code here")
                .containsExactlyInAnyOrderElementsOf(PINNED.keySet());
    }

    @Test
    void shouldNeverReuseACodeWhenErrorsAreAdded() {
        Map<Integer, Long> perCode = Arrays.stream(LogError.values())
                .collect(Collectors.groupingBy(LogError::code, Collectors.counting()));

        assertThat(perCode.values()).allMatch(n -> n == 1);
    }

    @Test
    void shouldAnswerInternalWhenCodeIsUnknown() {
        assertThat(LogError.ofCode(0)).isEqualTo(LogError.INTERNAL);
        assertThat(LogError.ofCode(12)).isEqualTo(LogError.INTERNAL);
        assertThat(LogError.ofCode(-5)).isEqualTo(LogError.INTERNAL);
    }

    @Test
    void shouldPrefixMessageWithCodeWhenExceptionIsCreated() {
        LogException e = new LogException(LogError.DISK_FULL, "12 bytes free");

        assertThat(e.getMessage()).isEqualTo("[RB6] disk full: 12 bytes free");
        assertThat(e.error()).isEqualTo(LogError.DISK_FULL);
        assertThat(e.category()).isEqualTo(RaftbusException.Category.ERROR);
    }
}
