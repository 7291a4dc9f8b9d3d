package io.raftbus.log;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** The one await helper of the tests: polls a condition until it holds or the time is up. */
public final class Await {
    private Await() {
    }

    /**
     * Waits until the condition holds.
     *
     * @param what what is awaited, for the failure message.
     * @param timeout how long at most.
     * @param condition the condition; exceptions count as "not yet".
     */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
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
}
