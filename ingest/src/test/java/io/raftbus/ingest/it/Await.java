package io.raftbus.ingest.it;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** The one await helper of these tests: polls a condition until it holds or the time is up. */
final class Await {
    private Await() {
    }

    /**
     * Waits until the condition holds.
     *
     * @param what what is awaited, for the failure message.
     * @param timeout how long at most.
     * @param condition the condition; runtime exceptions count as "not yet", errors fail at once.
     */
    static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Throwable last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what, last);
    }

    /**
     * Lets time pass. The one fixed wait of these tests, only for scenarios whose subject is elapsed time
     * (a client away for 5 s); never use it to wait for something to happen.
     *
     * @param duration how long.
     */
    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while pausing", e);
        }
    }
}
