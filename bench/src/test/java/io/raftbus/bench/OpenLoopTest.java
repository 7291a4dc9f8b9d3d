package io.raftbus.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OpenLoopTest {
    @Test
    void shouldNotReturnBeforeTheIntendedTimeWhenItIsCloserThanATick() {
        for (int i = 0; i < 20; i++) {
            long intended = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(100);

            OpenLoop.awaitDue(intended);

            assertThat(System.nanoTime()).isGreaterThanOrEqualTo(intended);
        }
    }

    @Test
    void shouldNotReturnBeforeTheIntendedTimeWhenItIsFurtherThanATick() {
        long intended = System.nanoTime() + 3 * OpenLoop.TICK_NS;

        OpenLoop.awaitDue(intended);

        assertThat(System.nanoTime()).isGreaterThanOrEqualTo(intended);
    }

    @Test
    void shouldNotParkWhenTheEventIsAlreadyDue() {
        // A thousand events that are already due: parking even one tick for each would take 500 ms.
        long start = System.nanoTime();
        for (int i = 0; i < 1_000; i++) {
            OpenLoop.awaitDue(start - 1);
        }

        assertThat(System.nanoTime() - start).isLessThan(1_000 * OpenLoop.TICK_NS);
    }
}
