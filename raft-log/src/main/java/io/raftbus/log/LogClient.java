package io.raftbus.log;

import io.raftbus.log.internal.LogClientImpl;
import java.util.concurrent.CompletableFuture;

/**
 * A client of a raftbus cluster's log: publishes with group commit, reads with linearizable consistency, and
 * stores consumer positions. Thread-safe; one instance serves a whole process.
 *
 * <p>Every future completes exceptionally with a {@link LogException} on failure: bad input is refused before
 * it is sent; {@link LogError#UNAVAILABLE} means no leader answered within the bounded retries, and the publish
 * may or may not have been committed (retry it with the same idempotency key).
 */
public interface LogClient extends AutoCloseable {
    /**
     * Connects to a cluster. Nothing is sent until the first request.
     *
     * @param config the cluster's peers, group count and client settings; the node id is ignored.
     * @return the client.
     */
    static LogClient connect(RaftLogConfig config) {
        return new LogClientImpl(config);
    }

    /**
     * Publishes one event. Concurrent publishes to a group are coalesced into one log entry; the future
     * completes once that entry is committed by a majority and applied by the leader.
     *
     * @param command the event.
     * @return its offset and epoch, or the first publish's if the idempotency key was seen.
     */
    CompletableFuture<PublishResult> publish(PublishCommand command);

    /**
     * Reads a channel with linearizable consistency: the answer includes every event acknowledged before.
     *
     * @param channel the channel.
     * @param fromOffset the first offset wanted, from 1.
     * @param max the most events returned (at most 10,000).
     * @return the events or the news that the offset expired.
     */
    CompletableFuture<ReadResult> read(ChannelKey channel, long fromOffset, int max);

    /**
     * Returns a channel's newest offset, epoch and oldest offset, linearizably.
     *
     * @param channel the channel.
     * @return the extent.
     */
    CompletableFuture<LatestOffset> latest(ChannelKey channel);

    /**
     * Stores a consumer's position if it is still {@code expected}; the fencing primitive of exporters and
     * stream apps. A stale {@code expected} leaves the position as it is.
     *
     * @param consumer the consumer's name.
     * @param expected the position the caller last read (0 if never set).
     * @param next the new position.
     * @return whether it was set, and the position now stored.
     */
    CompletableFuture<PositionUpdate> compareAndSetPosition(String consumer, long expected, long next);

    /**
     * Reads a consumer's position linearizably.
     *
     * @param consumer the consumer's name.
     * @return the position, 0 if never set.
     */
    CompletableFuture<Long> position(String consumer);

    /**
     * Returns the group a channel belongs to; stable for a given group count.
     *
     * @param channel the channel.
     * @return 0..groupCount-1.
     */
    int groupOf(ChannelKey channel);

    /**
     * Asks every node for its view of every group. Unreachable nodes are reported as such.
     *
     * @return the status.
     */
    ClusterStatus status();

    /**
     * Writes a node's occupancy report (subscription counts, presence members, or a heartbeat) through the log.
     * Counts in the report are split by group; a heartbeat or a full report goes to every group.
     *
     * @param report the report.
     * @return completes with true once committed in every group concerned; with false if some group had
     *     expired the node (or never heard of it), so the caller should send a full report now.
     */
    CompletableFuture<Boolean> report(OccupancyReport report);

    @Override
    void close();
}
