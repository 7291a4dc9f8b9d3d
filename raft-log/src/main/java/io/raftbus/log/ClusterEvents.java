package io.raftbus.log;

/**
 * The system channels where the state machine records occupancy transitions, and the names of their events.
 *
 * <p>Every transition of the replicated occupancy table is appended, in the same apply, as an ordinary event to
 * the system channel {@code #cluster-g<G>} of the channel's app, where G is the Raft group of the channel. So the
 * transitions have offsets, are durable, and can be consumed exactly like channel events: the edge delivers
 * {@code member_added}/{@code member_removed} to subscribers from them, and webhooks are sent from them with a
 * stored position. {@code ChannelKey(app, clusterChannel(g))} always maps to group g.
 *
 * <p>Event data is UTF-8 JSON:
 * <pre>
 * channel_occupied    {"channel":"c"}
 * channel_vacated     {"channel":"c"}
 * member_added        {"channel":"c","user_id":"u","user_info":{...}}   (user_info omitted if empty)
 * member_removed      {"channel":"c","user_id":"u"}
 * subscription_count  {"channel":"c","subscription_count":n}
 * </pre>
 */
public final class ClusterEvents {
    /** The prefix of the system channels; applications may not publish to channels starting with it. */
    public static final String CHANNEL_PREFIX = "#cluster-g";
    /** A channel went from no subscriptions to some, cluster-wide. */
    public static final String CHANNEL_OCCUPIED = "channel_occupied";
    /** A channel went from some subscriptions to none, cluster-wide. */
    public static final String CHANNEL_VACATED = "channel_vacated";
    /** A user's first connection to a presence channel, cluster-wide. */
    public static final String MEMBER_ADDED = "member_added";
    /** A user's last connection to a presence channel left, cluster-wide. */
    public static final String MEMBER_REMOVED = "member_removed";
    /** A channel's cluster-wide subscription count changed. */
    public static final String SUBSCRIPTION_COUNT = "subscription_count";

    private ClusterEvents() {
    }

    /**
     * Returns the system channel of a group.
     *
     * @param group the group number.
     * @return {@code #cluster-g<group>}.
     */
    public static String clusterChannel(int group) {
        return CHANNEL_PREFIX + group;
    }
}
