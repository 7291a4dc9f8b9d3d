package io.raftbus.schemas.internal;

import io.raftbus.log.Subscription;
import java.util.concurrent.CompletableFuture;

/**
 * What the registry needs from the replicated log: append a command to its channel, read the channel's newest
 * offset linearizably, and fold the channel in offset order. {@link RaftRegistryLog} is the real one; tests use a
 * synchronous in-memory one.
 */
interface RegistryLog {
    /**
     * Appends one command.
     *
     * @param idempotencyKey the key that makes a retry store it once.
     * @param data the encoded command.
     * @return its offset once committed (the first one's if the key was seen); fails with a
     *     {@code LogException}.
     */
    CompletableFuture<Long> append(String idempotencyKey, byte[] data);

    /**
     * Reads the channel's newest offset with linearizable consistency.
     *
     * @return the offset, 0 if empty.
     */
    CompletableFuture<Long> newestOffset();

    /**
     * Delivers the channel's events from an offset, in order, with no gap and no duplicate: stored ones on the
     * calling thread first, later ones on another thread.
     *
     * @param fromOffset the first offset.
     * @param listener the receiver.
     * @return the subscription.
     */
    Subscription subscribe(long fromOffset, EntryListener listener);

    /** Receives the channel's events. */
    interface EntryListener {
        /**
         * One event.
         *
         * @param offset its offset.
         * @param data its data.
         */
        void onEntry(long offset, byte[] data);

        /**
         * Events were lost (retention trimmed the channel; never expected, since {@code #system-} channels are
         * exempt).
         *
         * @param missedFrom the first offset missed.
         * @param resumeAt where delivery resumes.
         */
        void onGap(long missedFrom, long resumeAt);
    }
}
