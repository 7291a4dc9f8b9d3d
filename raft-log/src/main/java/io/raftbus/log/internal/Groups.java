package io.raftbus.log.internal;

import io.raftbus.log.ChannelKey;
import io.raftbus.log.ClusterEvents;
import io.raftbus.log.PeerAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;

/**
 * Maps channels onto Raft groups and names the groups. The mapping is a stable hash (FNV-1a, 64 bit, of
 * {@code app \0 channel}) modulo the group count, so it is the same on every node and across restarts; the
 * group count is therefore fixed when a cluster is created. The system channel {@code #cluster-g<N>} of every app
 * maps to group N, whose state machine writes the occupancy transitions there.
 */
public final class Groups {
    private Groups() {
    }

    /**
     * Returns the group of a channel.
     *
     * @param channel the channel.
     * @param groupCount the number of groups.
     * @return 0..groupCount-1.
     */
    public static int groupOf(ChannelKey channel, int groupCount) {
        int system = systemGroup(channel.channel(), groupCount);
        return system >= 0 ? system : Math.floorMod(fnv1a(channel.app() + '\0' + channel.channel()), groupCount);
    }

    /** Returns N for {@code #cluster-g<N>} with 0 <= N < groupCount (N in canonical decimal), else -1. */
    private static int systemGroup(String channel, int groupCount) {
        String prefix = ClusterEvents.CHANNEL_PREFIX;
        if (!channel.startsWith(prefix) || channel.length() == prefix.length()
                || channel.length() > prefix.length() + 9) {
            return -1;
        }
        int n = 0;
        for (int i = prefix.length(); i < channel.length(); i++) {
            char c = channel.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n < groupCount && channel.equals(ClusterEvents.clusterChannel(n)) ? n : -1;
    }

    /**
     * Returns the group that stores a consumer's position.
     *
     * @param consumer the consumer name.
     * @param groupCount the number of groups.
     * @return 0..groupCount-1.
     */
    public static int groupOfConsumer(String consumer, int groupCount) {
        return Math.floorMod(fnv1a("\u0001" + consumer), groupCount);
    }

    static long fnv1a(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /**
     * Returns the Ratis id of group {@code i}: a name-based UUID, the same in every cluster.
     *
     * @param i the group number.
     * @return the id.
     */
    public static RaftGroupId groupId(int i) {
        return RaftGroupId.valueOf(UUID.nameUUIDFromBytes(("raftbus-group-" + i).getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Returns group {@code i} with its peers.
     *
     * @param i the group number.
     * @param peers the members.
     * @return the Ratis group.
     */
    public static RaftGroup group(int i, List<PeerAddress> peers) {
        return RaftGroup.valueOf(groupId(i), peers.stream().map(Groups::peer).toList());
    }

    static RaftPeer peer(PeerAddress p) {
        return RaftPeer.newBuilder().setId(RaftPeerId.valueOf(p.id())).setAddress(p.hostPort()).build();
    }
}
