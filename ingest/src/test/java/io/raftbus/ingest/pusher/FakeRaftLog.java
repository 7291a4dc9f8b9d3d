package io.raftbus.ingest.pusher;

import io.raftbus.log.ChannelEvent;
import io.raftbus.log.ChannelKey;
import io.raftbus.log.ChannelListener;
import io.raftbus.log.ChannelOccupancy;
import io.raftbus.log.ClusterStatus;
import io.raftbus.log.CommittedListener;
import io.raftbus.log.LatestOffset;
import io.raftbus.log.LogClient;
import io.raftbus.log.OccupancyReport;
import io.raftbus.log.PositionUpdate;
import io.raftbus.log.PresenceMember;
import io.raftbus.log.PublishCommand;
import io.raftbus.log.PublishResult;
import io.raftbus.log.RaftLog;
import io.raftbus.log.ReadResult;
import io.raftbus.log.Subscription;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-memory, single-threaded stand-in for a log node: publishes commit at once and reach listeners inline. */
public final class FakeRaftLog implements RaftLog, LogClient {
    public final Map<ChannelKey, List<ChannelEvent>> events = new HashMap<>();
    public final Map<ChannelKey, Long> oldest = new HashMap<>();
    public final Map<ChannelKey, List<PresenceMember>> members = new HashMap<>();
    public final List<CommittedListener> listeners = new CopyOnWriteArrayList<>();
    public final List<OccupancyReport> reports = new ArrayList<>();
    public final List<PublishCommand> published = new ArrayList<>();
    public boolean reportAnswer = true;
    public CompletableFuture<Boolean> nextReport;
    public long epoch = 7;
    public long nowMs = 1_000_000;

    public ChannelEvent append(ChannelKey key, String name, String data, String exclude, String userId) {
        return append(key, name, data.getBytes(StandardCharsets.UTF_8), exclude, userId, PublishCommand.NO_SCHEMA);
    }

    public ChannelEvent append(ChannelKey key, String name, byte[] data, String exclude, String userId,
                               int schemaId) {
        List<ChannelEvent> list = events.computeIfAbsent(key, k -> new ArrayList<>());
        ChannelEvent e = new ChannelEvent(key, list.size() + 1, epoch, nowMs, name, data, exclude, schemaId,
                userId);
        list.add(e);
        listeners.forEach(l -> l.onCommitted(List.of(e)));
        return e;
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
    public ReadResult readLocal(ChannelKey channel, long fromOffset, int max) {
        List<ChannelEvent> list = events.getOrDefault(channel, List.of());
        long old = oldest.getOrDefault(channel, 1L);
        if (fromOffset < old && !list.isEmpty()) {
            return new ReadResult.Expired(old, epoch);
        }
        List<ChannelEvent> out = new ArrayList<>();
        for (long o = fromOffset; o <= list.size() && out.size() < max; o++) {
            out.add(list.get((int) o - 1));
        }
        return new ReadResult.Events(out, fromOffset + out.size(), list.isEmpty() ? 0 : epoch);
    }

    @Override
    public LatestOffset latestLocal(ChannelKey channel) {
        List<ChannelEvent> list = events.getOrDefault(channel, List.of());
        return new LatestOffset(list.size(), list.isEmpty() ? 0 : epoch, oldest.getOrDefault(channel, 1L));
    }

    @Override
    public Subscription subscribe(ChannelKey channel, long fromOffset, ChannelListener listener) {
        throw new UnsupportedOperationException();
    }

    @Override
    public AutoCloseable addCommittedListener(CommittedListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public ClusterStatus localStatus() {
        throw new UnsupportedOperationException();
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
    public ChannelOccupancy occupancyLocal(ChannelKey channel) {
        return new ChannelOccupancy(channel, 0, members.getOrDefault(channel, List.of()).size());
    }

    @Override
    public List<ChannelOccupancy> occupiedLocal(String app, String prefix) {
        return List.of();
    }

    @Override
    public List<PresenceMember> membersLocal(ChannelKey channel) {
        return members.getOrDefault(channel, List.of());
    }

    @Override
    public CompletableFuture<PublishResult> publish(PublishCommand c) {
        published.add(c);
        ChannelEvent e = append(c.channel(), c.eventName(), c.data(), c.excludeSocketId(), c.userId(),
                c.schemaId());
        return CompletableFuture.completedFuture(new PublishResult(e.offset(), e.epoch(), false));
    }

    @Override
    public CompletableFuture<ReadResult> read(ChannelKey channel, long fromOffset, int max) {
        return CompletableFuture.completedFuture(readLocal(channel, fromOffset, max));
    }

    @Override
    public CompletableFuture<LatestOffset> latest(ChannelKey channel) {
        return CompletableFuture.completedFuture(latestLocal(channel));
    }

    @Override
    public CompletableFuture<PositionUpdate> compareAndSetPosition(String consumer, long expected, long next) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<Long> position(String consumer) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int groupOf(ChannelKey channel) {
        return 0;
    }

    @Override
    public ClusterStatus status() {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<Boolean> report(OccupancyReport report) {
        reports.add(report);
        if (nextReport != null) {
            CompletableFuture<Boolean> f = nextReport;
            nextReport = null;
            return f;
        }
        return CompletableFuture.completedFuture(reportAnswer);
    }

    @Override
    public void close() {
    }
}
