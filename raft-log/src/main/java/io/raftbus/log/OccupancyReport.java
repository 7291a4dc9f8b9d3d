package io.raftbus.log;

import java.util.List;
import java.util.Objects;

/**
 * What one node's edge holds now: its subscriptions per channel and its presence members, written through the
 * log so that every node answers occupancy and presence questions the same way.
 *
 * <p>Counts are absolute per node, so a report can be retried and re-sent safely. A report with no counts is a
 * heartbeat. A node that has not reported for {@code nodeTimeoutMs} (judged on the log's own timestamps, so every
 * replica agrees) is expired: every row it had is removed, which emits {@code channel_vacated} and
 * {@code member_removed} as for any other departure.
 *
 * @param nodeId the reporting node.
 * @param nodeTimeoutMs after how long without a report the node is expired.
 * @param full true if the report lists everything the node holds (its other rows are removed); false if it lists
 *     only changes.
 * @param channels subscription counts, absolute per node.
 * @param members presence members, absolute per node.
 */
public record OccupancyReport(String nodeId, long nodeTimeoutMs, boolean full, List<ChannelCount> channels,
                              List<MemberCount> members) {
    /** Checks the invariants and copies the lists. */
    public OccupancyReport {
        Objects.requireNonNull(nodeId, "nodeId");
        if (nodeTimeoutMs <= 0) {
            throw new IllegalArgumentException("nodeTimeoutMs must be > 0: " + nodeTimeoutMs);
        }
        channels = List.copyOf(channels);
        members = List.copyOf(members);
    }
}
