package io.raftbus.log.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Pins the on-disk operation codes (STYLE rule 8): every Raft log and snapshot holds them, so a code may never
 * change and a new operation must take a new code at the end. If this test fails, do not "fix" the expected
 * values: put the old code back.
 */
class LogOpCodesTest {
    private static final Map<LogOp, Integer> PINNED = new LinkedHashMap<>();

    static {
        PINNED.put(LogOp.PUBLISH_BATCH, 1);
        PINNED.put(LogOp.SET_POSITION, 2);
        PINNED.put(LogOp.TICK, 3);
        PINNED.put(LogOp.PUBLISH_BATCH_V2, 4);
        PINNED.put(LogOp.OCCUPANCY_REPORT, 5);
    }

    @Test
    void shouldNeverRenumberExistingCodes() {
        for (Map.Entry<LogOp, Integer> e : PINNED.entrySet()) {
            assertThat(e.getKey().code()).as(e.getKey().name()).isEqualTo(e.getValue());
            assertThat(LogOp.ofCode(e.getValue())).isEqualTo(e.getKey());
        }
    }

    @Test
    void shouldPinEveryOperationWhenOneIsAdded() {
        assertThat(LogOp.values()).as("a new LogOp needs a pinned code here").containsExactlyInAnyOrderElementsOf(
                PINNED.keySet());
    }

    @Test
    void shouldNeverReuseACodeWhenOperationsAreAdded() {
        Map<Integer, Long> perCode = Arrays.stream(LogOp.values())
                .collect(Collectors.groupingBy(LogOp::code, Collectors.counting()));

        assertThat(perCode.values()).allMatch(n -> n == 1);
        assertThat(perCode.keySet()).allMatch(code -> code > 0 && code < 256, "fits the u8 op field");
    }

    @Test
    void shouldAnswerNullWhenCodeIsUnknown() {
        assertThat(LogOp.ofCode(0)).isNull();
        assertThat(LogOp.ofCode(6)).isNull();
        assertThat(LogOp.ofCode(-1)).isNull();
        assertThat(LogOp.ofCode(255)).isNull();
    }
}
