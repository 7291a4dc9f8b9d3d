package io.raftbus.log;

import java.util.Objects;

/**
 * A channel's cluster-wide occupancy, as the replicated occupancy table holds it.
 *
 * @param channel the app and channel.
 * @param subscriptionCount subscriptions to it on all nodes.
 * @param userCount distinct presence members (0 for other channels).
 */
public record ChannelOccupancy(ChannelKey channel, int subscriptionCount, int userCount) {
    /** Checks the invariants. */
    public ChannelOccupancy {
        Objects.requireNonNull(channel, "channel");
    }

    /**
     * Returns whether any node holds a subscription.
     *
     * @return true if occupied.
     */
    public boolean occupied() {
        return subscriptionCount > 0;
    }
}
