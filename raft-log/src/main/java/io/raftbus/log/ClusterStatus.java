package io.raftbus.log;

import java.util.List;

/**
 * What every node reports of every group.
 *
 * @param groups one entry per group, in group order.
 */
public record ClusterStatus(List<GroupStatus> groups) {
    /** Copies the list. */
    public ClusterStatus {
        groups = List.copyOf(groups);
    }

    /**
     * One group.
     *
     * @param group the group's number, 0..G-1.
     * @param groupId the Ratis group id.
     * @param members what each reachable member reports.
     */
    public record GroupStatus(int group, String groupId, List<MemberStatus> members) {
        /** Copies the list. */
        public GroupStatus {
            members = List.copyOf(members);
        }
    }

    /**
     * One member of a group, as it reports itself.
     *
     * @param nodeId the node.
     * @param role LEADER, FOLLOWER, CANDIDATE, LISTENER, or UNREACHABLE.
     * @param term the term of its last log entry (from a remote status) or its current term (local status).
     * @param commitIndex its commit index.
     * @param appliedIndex its applied index.
     * @param snapshotIndex the index of its newest snapshot, -1 if none.
     */
    public record MemberStatus(String nodeId, String role, long term, long commitIndex, long appliedIndex,
                               long snapshotIndex) {
    }

    /**
     * Renders a table for people.
     *
     * @return the table text.
     */
    public String toTable() {
        StringBuilder sb = new StringBuilder(String.format("%-6s %-8s %-12s %6s %10s %10s %10s%n", "group", "node",
                "role", "term", "commit", "applied", "snapshot"));
        for (GroupStatus g : groups) {
            for (MemberStatus m : g.members()) {
                sb.append(String.format("%-6d %-8s %-12s %6d %10d %10d %10d%n", g.group(), m.nodeId(), m.role(),
                        m.term(), m.commitIndex(), m.appliedIndex(), m.snapshotIndex()));
            }
        }
        return sb.toString();
    }
}
