package io.raftbus.log;

/**
 * How much history a channel keeps. An event is removed as soon as any limit is exceeded, oldest first; the
 * newest event of a channel is kept by the count and byte limits so that "latest" always answers.
 *
 * <p>Limits are applied inside the state machine from entry timestamps, so every replica removes the same
 * events at the same log index.
 *
 * @param maxEvents the most events kept per channel.
 * @param maxAgeMs the oldest an event may be, in milliseconds of leader time.
 * @param maxBytes the most payload bytes kept per channel.
 */
public record RetentionPolicy(long maxEvents, long maxAgeMs, long maxBytes) {
    /** The defaults: 100,000 events, 24 hours, 64 MiB per channel. */
    public static final RetentionPolicy DEFAULT = new RetentionPolicy(100_000, 24L * 3600 * 1000, 64L << 20);

    /** Checks that every limit is positive. */
    public RetentionPolicy {
        if (maxEvents < 1 || maxAgeMs < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("retention limits must be positive: " + maxEvents + ", "
                    + maxAgeMs + ", " + maxBytes);
        }
    }
}
