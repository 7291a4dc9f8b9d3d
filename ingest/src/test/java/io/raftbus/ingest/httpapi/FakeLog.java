package io.raftbus.ingest.httpapi;

import io.raftbus.log.ChannelEvent;
import io.raftbus.log.ChannelKey;
import io.raftbus.log.ChannelListener;
import io.raftbus.log.ChannelOccupancy;
import io.raftbus.log.ClusterStatus;
import io.raftbus.log.CommittedListener;
import io.raftbus.log.LatestOffset;
import io.raftbus.log.LogClient;
import io.raftbus.log.LogException;
import io.raftbus.log.OccupancyReport;
import io.raftbus.log.PositionUpdate;
import io.raftbus.log.PresenceMember;
import io.raftbus.log.PublishCommand;
import io.raftbus.log.PublishResult;
import io.raftbus.log.RaftLog;
import io.raftbus.log.ReadResult;
import io.raftbus.log.Subscription;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A recording, in-memory stand-in for a raft-log node and its client: publishes are "committed" at once (or fail
 * with a set error), idempotency keys are honoured, positions are compare-and-set, occupancy and members are set
 * by the test. Answers synchronously, so {@code EmbeddedChannel} tests need no threads. Thread-safe enough for
 * the webhook tests (synchronized).
 */
public final class FakeLog implements RaftLog, LogClient {
    /** Every command published, in order (duplicates included). */
    public final List<PublishCommand> published = new CopyOnWriteArrayList<>();
    private final Map<ChannelKey, List<ChannelEvent>> events = new HashMap<>();
    private final Map<ChannelKey, Long> oldest = new HashMap<>();
    private final Map<String, PublishResult> keys = new HashMap<>();
    private final Map<String, Long> positions = new HashMap<>();
    private final Map<ChannelKey, ChannelOccupancy> occupancy = new HashMap<>();
    private final Map<ChannelKey, List<PresenceMember>> members = new HashMap<>();
    private final List<CommittedListener> listeners = new CopyOnWriteArrayList<>();
    private volatile LogException failure;
    private volatile String[] roles = {"LEADER"};
    private volatile long clockMs = 1_000;

    /**
     * Makes every following publish fail.
     *
     * @param e the failure, or null to succeed again.
     */
    public void failWith(LogException e) {
        failure = e;
    }

    /**
     * Sets this node's role in each group (the array's length is the group count).
     *
     * @param r the roles.
     */
    public void roles(String... r) {
        roles = r.clone();
    }

    /**
     * Sets a channel's occupancy.
     *
     * @param app the app.
     * @param channel the channel.
     * @param subscriptions the subscription count.
     * @param users the user count.
     */
    public synchronized void occupy(String app, String channel, int subscriptions, int users) {
        ChannelKey k = new ChannelKey(app, channel);
        occupancy.put(k, new ChannelOccupancy(k, subscriptions, users));
    }

    /**
     * Sets a presence channel's members.
     *
     * @param app the app.
     * @param channel the channel.
     * @param ids the user ids.
     */
    public synchronized void members(String app, String channel, String... ids) {
        List<PresenceMember> list = new ArrayList<>();
        for (String id : ids) {
            list.add(new PresenceMember(id, new byte[0]));
        }
        members.put(new ChannelKey(app, channel), list);
    }

    /**
     * Removes a channel's events before an offset, as retention would.
     *
     * @param key the channel.
     * @param oldestKept the oldest offset kept.
     */
    public synchronized void expireBefore(ChannelKey key, long oldestKept) {
        oldest.put(key, oldestKept);
    }

    /**
     * Returns the events stored in a channel.
     *
     * @param key the channel.
     * @return the events.
     */
    public synchronized List<ChannelEvent> stored(ChannelKey key) {
        return List.copyOf(events.getOrDefault(key, List.of()));
    }

    /**
     * Appends an event as if committed, with a user id and socket id; calls committed listeners.
     *
     * @param c the command.
     * @return the result.
     */
    public PublishResult append(PublishCommand c) {
        ChannelEvent e;
        PublishResult r;
        synchronized (this) {
            if (c.idempotencyKey() != null && keys.containsKey(c.channel() + "|" + c.idempotencyKey())) {
                PublishResult first = keys.get(c.channel() + "|" + c.idempotencyKey());
                return new PublishResult(first.offset(), first.epoch(), true);
            }
            List<ChannelEvent> list = events.computeIfAbsent(c.channel(), k -> new ArrayList<>());
            long offset = list.size() + 1;
            e = new ChannelEvent(c.channel(), offset, 7, clockMs++, c.eventName(), c.data(), c.excludeSocketId(),
                    c.schemaId(), c.userId());
            list.add(e);
            r = new PublishResult(offset, 7, false);
            if (c.idempotencyKey() != null) {
                keys.put(c.channel() + "|" + c.idempotencyKey(), r);
            }
        }
        for (CommittedListener l : listeners) {
            l.onCommitted(List.of(e));
        }
        return r;
    }

    @Override
    public CompletableFuture<PublishResult> publish(PublishCommand command) {
        published.add(command);
        LogException f = failure;
        if (f != null) {
            return CompletableFuture.failedFuture(f);
        }
        return CompletableFuture.completedFuture(append(command));
    }

    @Override
    public synchronized ReadResult readLocal(ChannelKey channel, long fromOffset, int max) {
        long first = oldest.getOrDefault(channel, 1L);
        if (fromOffset < first) {
            return new ReadResult.Expired(first, 7);
        }
        List<ChannelEvent> list = events.getOrDefault(channel, List.of());
        List<ChannelEvent> out = new ArrayList<>();
        for (ChannelEvent e : list) {
            if (e.offset() >= fromOffset && out.size() < max) {
                out.add(e);
            }
        }
        long next = out.isEmpty() ? Math.max(fromOffset, list.size() + 1L) : out.get(out.size() - 1).offset() + 1;
        return new ReadResult.Events(out, next, list.isEmpty() ? 0 : 7);
    }

    @Override
    public CompletableFuture<ReadResult> read(ChannelKey channel, long fromOffset, int max) {
        return CompletableFuture.completedFuture(readLocal(channel, fromOffset, max));
    }

    @Override
    public synchronized LatestOffset latestLocal(ChannelKey channel) {
        int n = events.getOrDefault(channel, List.of()).size();
        return new LatestOffset(n, n == 0 ? 0 : 7, oldest.getOrDefault(channel, 1L));
    }

    @Override
    public CompletableFuture<LatestOffset> latest(ChannelKey channel) {
        return CompletableFuture.completedFuture(latestLocal(channel));
    }

    @Override
    public synchronized CompletableFuture<PositionUpdate> compareAndSetPosition(String consumer, long expected,
                                                                                long next) {
        long now = positions.getOrDefault(consumer, 0L);
        if (now != expected) {
            return CompletableFuture.completedFuture(new PositionUpdate(false, now));
        }
        positions.put(consumer, next);
        return CompletableFuture.completedFuture(new PositionUpdate(true, next));
    }

    @Override
    public synchronized CompletableFuture<Long> position(String consumer) {
        return CompletableFuture.completedFuture(positions.getOrDefault(consumer, 0L));
    }

    @Override
    public int groupOf(ChannelKey channel) {
        if (channel.channel().startsWith("#cluster-g")) {
            return Integer.parseInt(channel.channel().substring("#cluster-g".length()));
        }
        return Math.floorMod(channel.hashCode(), roles.length);
    }

    @Override
    public ClusterStatus status() {
        return localStatus();
    }

    @Override
    public CompletableFuture<Boolean> report(OccupancyReport report) {
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public String nodeId() {
        return "n1";
    }

    @Override
    public LogClient client() {
        return this;
    }

    @Override
    public Subscription subscribe(ChannelKey channel, long fromOffset, ChannelListener listener) {
        throw new UnsupportedOperationException("not in the fake");
    }

    @Override
    public AutoCloseable addCommittedListener(CommittedListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public ClusterStatus localStatus() {
        String[] r = roles;
        List<ClusterStatus.GroupStatus> groups = new ArrayList<>();
        for (int g = 0; g < r.length; g++) {
            groups.add(new ClusterStatus.GroupStatus(g, "g" + g,
                    List.of(new ClusterStatus.MemberStatus("n1", r[g], 1, 1, 1, -1))));
        }
        return new ClusterStatus(groups);
    }

    @Override
    public CompletableFuture<Throwable> failure() {
        return new CompletableFuture<>();
    }

    @Override
    public long stateDigest(int group) {
        return 0;
    }

    @Override
    public synchronized ChannelOccupancy occupancyLocal(ChannelKey channel) {
        return occupancy.getOrDefault(channel, new ChannelOccupancy(channel, 0, 0));
    }

    @Override
    public synchronized List<ChannelOccupancy> occupiedLocal(String app, String prefix) {
        List<ChannelOccupancy> out = new ArrayList<>();
        occupancy.values().stream().filter(o -> o.channel().app().equals(app) && o.occupied()
                        && o.channel().channel().startsWith(prefix))
                .sorted((a, b) -> a.channel().channel().compareTo(b.channel().channel())).forEach(out::add);
        return out;
    }

    @Override
    public synchronized List<PresenceMember> membersLocal(ChannelKey channel) {
        return List.copyOf(members.getOrDefault(channel, List.of()));
    }

    @Override
    public void close() {
    }
}
