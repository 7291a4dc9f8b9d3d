package io.raftbus.log;

import java.util.Arrays;
import java.util.Objects;

/**
 * How many connections of one presence member one node holds on a channel: part of an {@link OccupancyReport}.
 *
 * @param channel the app and presence channel.
 * @param userId the member's user id.
 * @param userInfo the member's {@code user_info} as JSON text in UTF-8, or an empty array for none; owned by the
 *     record.
 * @param connections the node's connections of that user on the channel now, 0 or more (0 means the node has
 *     none left).
 */
public record MemberCount(ChannelKey channel, String userId, byte[] userInfo, int connections) {
    /** Checks the invariants. */
    public MemberCount {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(userInfo, "userInfo");
        if (connections < 0) {
            throw new IllegalArgumentException("connections must be >= 0: " + connections);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemberCount m && channel.equals(m.channel) && userId.equals(m.userId)
                && Arrays.equals(userInfo, m.userInfo) && connections == m.connections;
    }

    @Override
    public int hashCode() {
        return Objects.hash(channel, userId, connections);
    }

    @Override
    public String toString() {
        return "MemberCount[" + channel + " " + userId + " x" + connections + "]";
    }
}
