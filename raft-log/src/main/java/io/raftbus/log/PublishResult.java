package io.raftbus.log;

/**
 * Where a published event was stored.
 *
 * @param offset the event's offset in its channel, from 1.
 * @param epoch the channel's epoch: the log index of the entry that created the channel in its group.
 * @param duplicate true if the idempotency key was seen within the dedupe window and nothing new was stored;
 *     then offset and epoch are those of the first publish.
 */
public record PublishResult(long offset, long epoch, boolean duplicate) {
    /** Checks the invariants. */
    public PublishResult {
        if (offset < 1) {
            throw new IllegalArgumentException("offset must be >= 1: " + offset);
        }
    }
}
