package io.raftbus.ingest.presence;

import io.raftbus.log.ChannelCount;
import io.raftbus.log.ChannelKey;
import io.raftbus.log.LogClient;
import io.raftbus.log.MemberCount;
import io.raftbus.log.OccupancyReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's occupancy counts and reports them through the log.
 *
 * <p>Counts are absolute per node, so reports are idempotent. {@link #doWork(long)} sends the changed rows every
 * {@code reportIntervalMs} (a report without rows is a heartbeat that keeps the node alive), a full report on the
 * first call and whenever the log answered {@code false} (the node was expired). {@link #flush()} sends the
 * pending changes at once (used before answering a presence subscription). Reports are sent one at a time, in
 * order, so an older count never overwrites a newer one.
 *
 * <p>Thread-safe: counters are changed on event loops, {@code doWork} runs on the edge timer.
 */
public final class OccupancyReporter {
    private static final Logger LOG = LoggerFactory.getLogger(OccupancyReporter.class);

    private final LogClient client;
    private final String nodeId;
    private final long nodeTimeoutMs;
    private final long reportIntervalMs;
    private final Map<ChannelKey, Integer> subscriptions = new HashMap<>();
    private final Map<MemberKey, Member> members = new HashMap<>();
    private final Set<ChannelKey> dirtyChannels = new LinkedHashSet<>();
    private final Set<MemberKey> dirtyMembers = new LinkedHashSet<>();
    private CompletableFuture<Boolean> tail = CompletableFuture.completedFuture(true);
    private boolean needFull = true;
    private long lastReportMs = Long.MIN_VALUE;

    private record MemberKey(ChannelKey channel, String userId) {
    }

    private static final class Member {
        private byte[] userInfo;
        private int connections;
    }

    /**
     * Creates the reporter.
     *
     * @param client the log client reports are written with.
     * @param nodeId this node's id.
     * @param nodeTimeoutMs after how long without a report the cluster expires this node.
     * @param reportIntervalMs how often changes (or a heartbeat) are sent.
     */
    public OccupancyReporter(LogClient client, String nodeId, long nodeTimeoutMs, long reportIntervalMs) {
        this.client = Objects.requireNonNull(client, "client");
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.nodeTimeoutMs = nodeTimeoutMs;
        this.reportIntervalMs = reportIntervalMs;
    }

    /**
     * Counts a new local subscription.
     *
     * @param channel the channel.
     */
    public synchronized void subscribed(ChannelKey channel) {
        subscriptions.merge(channel, 1, Integer::sum);
        dirtyChannels.add(channel);
    }

    /**
     * Counts a local subscription that ended.
     *
     * @param channel the channel.
     */
    public synchronized void unsubscribed(ChannelKey channel) {
        subscriptions.computeIfPresent(channel, (k, n) -> n <= 1 ? null : n - 1);
        dirtyChannels.add(channel);
    }

    /**
     * Counts a local connection of a presence member.
     *
     * @param channel the presence channel.
     * @param userId the user id.
     * @param userInfo the {@code user_info} JSON in UTF-8, or empty.
     */
    public synchronized void memberJoined(ChannelKey channel, String userId, byte[] userInfo) {
        MemberKey k = new MemberKey(channel, userId);
        Member m = members.computeIfAbsent(k, x -> new Member());
        if (m.connections == 0) {
            m.userInfo = userInfo.clone();
        }
        m.connections++;
        dirtyMembers.add(k);
    }

    /**
     * Counts a local connection of a presence member that left.
     *
     * @param channel the presence channel.
     * @param userId the user id.
     */
    public synchronized void memberLeft(ChannelKey channel, String userId) {
        MemberKey k = new MemberKey(channel, userId);
        Member m = members.get(k);
        if (m != null) {
            m.connections--;
            dirtyMembers.add(k);
        }
    }

    /**
     * Returns this node's subscriptions of a channel.
     *
     * @param channel the channel.
     * @return the count.
     */
    public synchronized int localSubscriptions(ChannelKey channel) {
        return subscriptions.getOrDefault(channel, 0);
    }

    /**
     * The duty cycle: sends a full report if one is needed, else the changes (or a heartbeat) once per interval.
     *
     * @param nowMs the current time in milliseconds.
     * @return the report sent, or null if nothing was due.
     */
    public synchronized CompletableFuture<Boolean> doWork(long nowMs) {
        if (!needFull && lastReportMs != Long.MIN_VALUE && nowMs - lastReportMs < reportIntervalMs) {
            return null;
        }
        lastReportMs = nowMs;
        return send();
    }

    /**
     * Sends the pending changes now, after any report in flight.
     *
     * @return completes with the log's answer once committed (exceptionally if the log failed).
     */
    public synchronized CompletableFuture<Boolean> flush() {
        return send();
    }

    private CompletableFuture<Boolean> send() {
        OccupancyReport report = nextReport();
        CompletableFuture<Boolean> result = tail.handle((ok, err) -> null)
                .thenCompose(x -> client.report(report))
                .whenComplete((ok, err) -> onAnswer(report, ok, err));
        tail = result;
        return result;
    }

    private synchronized void onAnswer(OccupancyReport report, Boolean ok, Throwable err) {
        if (err != null || !Boolean.TRUE.equals(ok)) {
            if (err != null) {
                LOG.debug("occupancy report of {} failed: {}", nodeId, err.toString());
            }
            needFull = true;
        }
    }

    /**
     * Builds the next report and clears the dirty sets (package-private for tests).
     *
     * @return the report.
     */
    synchronized OccupancyReport nextReport() {
        boolean full = needFull;
        needFull = false;
        List<ChannelCount> counts = new ArrayList<>();
        List<MemberCount> rows = new ArrayList<>();
        Set<ChannelKey> cs = full ? new LinkedHashSet<>(subscriptions.keySet()) : dirtyChannels;
        for (ChannelKey c : cs) {
            counts.add(new ChannelCount(c, subscriptions.getOrDefault(c, 0)));
        }
        Set<MemberKey> ms = full ? new LinkedHashSet<>(members.keySet()) : dirtyMembers;
        for (MemberKey k : ms) {
            Member m = members.get(k);
            int n = m == null ? 0 : Math.max(0, m.connections);
            rows.add(new MemberCount(k.channel(), k.userId(), m == null ? new byte[0] : m.userInfo, n));
            if (m != null && m.connections <= 0) {
                members.remove(k);
            }
        }
        dirtyChannels.clear();
        dirtyMembers.clear();
        if (full) {
            members.values().removeIf(m -> m.connections <= 0);
        }
        return new OccupancyReport(nodeId, nodeTimeoutMs, full, counts, rows);
    }
}
