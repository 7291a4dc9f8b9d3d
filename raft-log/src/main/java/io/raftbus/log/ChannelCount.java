package io.raftbus.log;

import java.util.Objects;

/**
 * How many subscriptions one node holds on a channel: part of an {@link OccupancyReport}.
 *
 * @param channel the app and channel.
 * @param subscriptions the node's subscriptions to it now, 0 or more (absolute, not a delta).
 */
public record ChannelCount(ChannelKey channel, int subscriptions) {
    /** Checks the invariants. */
    public ChannelCount {
        Objects.requireNonNull(channel, "channel");
        if (subscriptions < 0) {
            throw new IllegalArgumentException("subscriptions must be >= 0: " + subscriptions);
        }
    }
}
