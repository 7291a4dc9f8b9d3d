package io.raftbus.log;

import io.raftbus.log.internal.RaftLogNode;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One node of the raftbus log: a member of every Raft group, with its own materialised store of each group.
 * Publishing goes through the cluster; reads, subscriptions and listeners are served from this node's replica.
 *
 * <p>Lifecycle: {@link #launch} starts the node and returns once its Raft servers are running (a leader may
 * not be elected yet); {@link #close} stops it. Thread-safe.
 */
public interface RaftLog extends AutoCloseable {
    /**
     * Starts a node. On first start each group's storage is formatted; on later starts it is recovered from the
     * newest snapshot and the log.
     *
     * @param config the node's config; {@link RaftLogConfig#nodeId()} must be set.
     * @return the running node.
     * @throws IOException if storage cannot be opened or the port cannot be bound.
     */
    static RaftLog launch(RaftLogConfig config) throws IOException {
        return RaftLogNode.start(config);
    }

    /**
     * Completes, with the cause, once this node has stopped itself because one of its replicas could not go on:
     * a write to a group's Raft log or store failed (a full or failing disk). By then the node is closed, as by
     * {@link #close}; the other nodes go on without it, and starting it again once the disk is fixed recovers it
     * from its snapshots and logs. Never completes when the node is closed normally.
     *
     * @return a future of the cause; each call returns a new one.
     */
    CompletableFuture<Throwable> failure();

    /**
     * Returns this node's id.
     *
     * @return the id.
     */
    String nodeId();

    /**
     * Returns the cluster client this node publishes through.
     *
     * @return the client, owned by this node.
     */
    LogClient client();

    /**
     * Reads from this node's replica; may lag the leader by a few milliseconds.
     *
     * @param channel the channel.
     * @param fromOffset the first offset wanted, from 1.
     * @param max the most events.
     * @return the events or the news that the offset expired.
     */
    ReadResult readLocal(ChannelKey channel, long fromOffset, int max);

    /**
     * Returns the extent of a channel in this node's replica.
     *
     * @param channel the channel.
     * @return the extent.
     */
    LatestOffset latestLocal(ChannelKey channel);

    /**
     * Subscribes to a channel on this node: stored events from {@code fromOffset} first, then live ones, with
     * no gap and no duplicate.
     *
     * @param channel the channel.
     * @param fromOffset the first offset wanted; use {@code latestLocal(..).newest() + 1} for live only.
     * @param listener the receiver.
     * @return the subscription.
     */
    Subscription subscribe(ChannelKey channel, long fromOffset, ChannelListener listener);

    /**
     * Adds a listener of every event committed to this node's replicas, all groups.
     *
     * @param listener the listener.
     * @return a handle whose {@code close} removes it.
     */
    AutoCloseable addCommittedListener(CommittedListener listener);

    /**
     * Returns this node's view of its groups: role, term, commit and applied index.
     *
     * @return the local status.
     */
    ClusterStatus localStatus();

    /**
     * Returns a digest of one group's stored state, for checks that replicas agree.
     *
     * @param group the group number.
     * @return the digest.
     */
    long stateDigest(int group);

    /**
     * Returns a channel's cluster-wide occupancy from this node's replica.
     *
     * @param channel the channel.
     * @return its occupancy; zero counts if no node holds it.
     */
    ChannelOccupancy occupancyLocal(ChannelKey channel);

    /**
     * Lists an app's occupied channels from this node's replicas, all groups, in name order.
     *
     * @param app the app id.
     * @param prefix only channels starting with it; empty for all.
     * @return the occupied channels (system channels excluded).
     */
    List<ChannelOccupancy> occupiedLocal(String app, String prefix);

    /**
     * Lists a presence channel's members from this node's replica, in user-id order.
     *
     * @param channel the presence channel.
     * @return its distinct members.
     */
    List<PresenceMember> membersLocal(ChannelKey channel);

    @Override
    void close();
}
