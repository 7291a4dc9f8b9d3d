package io.raftbus.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * Pacing of the open-loop senders of {@code bench e2e} and {@code bench ws}.
 *
 * <p>A sender parks until an event's intended send time, but never for less than {@link #TICK_NS}: events
 * that became due while it was parked go out back to back. At 20,000 events/s this wakes the sender about
 * 2,000 times a second instead of 20,000. On this project's virtual machines a context switch is costly
 * ({@code perf bench sched pipe}: 13-26 µs per round trip, much of it in the hypervisor's interrupt path), so
 * one wake-up per event took 15-24% of a core from the nodes under test on the same two cores. Latency is
 * still counted from each event's intended time, so a sender that sends late is charged for it (at most one
 * tick, half a tick on average).
 */
final class OpenLoop {
    /** The shortest park, in nanoseconds (500 µs). */
    static final long TICK_NS = 500_000;

    private OpenLoop() {
    }

    /** Parks until {@code intended} (a {@code System.nanoTime()} value) has passed; never spins. */
    static void awaitDue(long intended) {
        long wait;
        while ((wait = intended - System.nanoTime()) > 0) {
            LockSupport.parkNanos(Math.max(wait, TICK_NS));
        }
    }
}
