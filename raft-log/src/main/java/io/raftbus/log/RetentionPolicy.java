package io.raftbus.log;

/**
 * How much history a channel keeps. An event is removed as soon as any limit is exceeded, oldest first; the
 * newest event of a channel is kept by the count and byte limits so that "latest" always answers.
 *
 * <p>Limits are applied inside the state machine from entry timestamps, so every replica removes the same
 * events at the same log index.
 *
 * <p>Channels whose name starts with {@link #EXEMPT_PREFIX} ({@code #system-}) are durable system state, such as
 * the schema registry's {@code #system-schemas}, and are never trimmed by any limit. The Pusher edge refuses
 * every {@code #} channel other than {@code #server-to-user-}, so applications cannot publish there.
 *
 * @param maxEvents the most events kept per channel.
 * @param maxAgeMs the oldest an event may be, in milliseconds of leader time.
 * @param maxBytes the most payload bytes kept per channel.
 */
public record RetentionPolicy(long maxEvents, long maxAgeMs, long maxBytes) {
    /** The defaults: 100,000 events, 24 hours, 64 MiB per channel. */
    public static final RetentionPolicy DEFAULT = new RetentionPolicy(100_000, 24L * 3600 * 1000, 64L << 20);

    /** The channel-name prefix of channels that retention never trims; decided in apply, so on disk: never change. */
    public static final String EXEMPT_PREFIX = "#system-";

    /** Checks that every limit is positive. */
    public RetentionPolicy {
        if (maxEvents < 1 || maxAgeMs < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("retention limits must be positive: " + maxEvents + ", "
                    + maxAgeMs + ", " + maxBytes);
        }
    }

    /**
     * Tells whether a channel is exempt from retention: its name starts with {@link #EXEMPT_PREFIX}, in any app.
     *
     * @param channel the channel.
     * @return true if no limit ever removes its events.
     */
    public static boolean exempt(ChannelKey channel) {
        return channel.channel().startsWith(EXEMPT_PREFIX);
    }
}
