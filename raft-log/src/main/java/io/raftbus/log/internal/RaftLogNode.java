package io.raftbus.log.internal;

import io.raftbus.log.ChannelKey;
import io.raftbus.log.ChannelOccupancy;
import io.raftbus.log.PresenceMember;
import io.raftbus.log.ChannelListener;
import io.raftbus.log.ClusterEvents;
import io.raftbus.log.ClusterStatus;
import io.raftbus.log.CommittedListener;
import io.raftbus.log.LatestOffset;
import io.raftbus.log.LogClient;
import io.raftbus.log.PeerAddress;
import io.raftbus.log.RaftLog;
import io.raftbus.log.RaftLogConfig;
import io.raftbus.log.ReadResult;
import io.raftbus.log.Subscription;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupManagementRequest;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SnapshotManagementRequest;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only implementation of {@link RaftLog}: one Ratis server hosting every group (multi-raft on one port),
 * a state machine and dispatcher per group, a cluster client for publishing, and a scheduler that appends
 * ticks on the groups this node leads and takes time-based snapshots.
 */
public final class RaftLogNode implements RaftLog {
    private static final Logger LOG = LoggerFactory.getLogger(RaftLogNode.class);

    private final RaftLogConfig config;
    private final RaftServer server;
    private final List<ChannelLogStateMachine> machines = new ArrayList<>();
    private final List<CommittedDispatcher> dispatchers = new ArrayList<>();
    private final LogClientImpl client;
    private final ScheduledExecutorService scheduler;
    private final ScheduledExecutorService settingsChecker;
    private final ClientId adminClientId = ClientId.randomId();
    private final AtomicLong callIds = new AtomicLong();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean failing = new AtomicBoolean();
    private final CompletableFuture<Throwable> failure = new CompletableFuture<>();
    /** Per peer reached, how its apply settings differ from this node's (empty: they agree), as last checked. */
    private final Map<String, List<String>> settingsMismatches = new ConcurrentHashMap<>();
    /** Settings checks run so far; only the settings checker's thread uses it. */
    private int settingsRounds;
    /** Guarded by {@link #failure}: whether the constructor finished, and a failure it has to act on. */
    private boolean started;
    private Throwable failedWhileStarting;

    private RaftLogNode(RaftLogConfig config) throws IOException {
        this.config = config;
        Files.createDirectories(config.dataDir());
        for (int i = 0; i < config.groupCount(); i++) {
            CommittedDispatcher d = new CommittedDispatcher("raftbus-dispatch-" + config.nodeId() + "-g" + i);
            dispatchers.add(d);
            Path dataDir = config.dataDir();
            GroupSettings settings = new GroupSettings(dataDir.resolve("store").resolve("g" + i),
                    config.maxEventBytes(), config.dedupeWindow().toMillis(), config.retention(),
                    config.minFreeDiskBytes(), System::currentTimeMillis, () -> dataDir.toFile().getUsableSpace(),
                    i);
            int group = i;
            machines.add(new ChannelLogStateMachine(settings, d, cause -> replicaFailed(group, cause)));
        }
        List<RaftGroupId> ids = new ArrayList<>();
        for (int i = 0; i < config.groupCount(); i++) {
            ids.add(Groups.groupId(i));
        }
        this.server = RaftServer.newBuilder().setServerId(RaftPeerId.valueOf(config.nodeId()))
                .setProperties(RatisConfig.server(config)).setParameters(new Parameters())
                .setOption(RaftStorage.StartupOption.RECOVER)
                .setStateMachineRegistry(gid -> {
                    int i = ids.indexOf(gid);
                    if (i < 0) {
                        throw new IllegalArgumentException("unknown group " + gid);
                    }
                    return machines.get(i);
                }).build();
        server.start();
        Set<RaftGroupId> existing = new HashSet<>();
        server.getGroupIds().forEach(existing::add);
        for (int i = 0; i < config.groupCount(); i++) {
            if (!existing.contains(ids.get(i))) {
                RaftClientReply r = server.groupManagement(GroupManagementRequest.newAdd(adminClientId,
                        server.getId(), callIds.incrementAndGet(), Groups.group(i, config.peers())));
                if (!r.isSuccess()) {
                    throw new IOException("cannot add group " + i + ": " + r.getException());
                }
            }
        }
        this.client = new LogClientImpl(config);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "raftbus-scheduler-" + config.nodeId());
            t.setDaemon(true);
            return t;
        });
        long tick = config.tickInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::tickLedGroups, tick, tick, TimeUnit.MILLISECONDS);
        long snap = config.snapshotInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::snapshotIfBehind, snap, snap, TimeUnit.MILLISECONDS);
        // On its own thread: a peer that does not answer costs a 2 s timeout, which must not delay ticks.
        this.settingsChecker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "raftbus-settings-check-" + config.nodeId());
            t.setDaemon(true);
            return t;
        });
        settingsChecker.schedule(this::settingsCheckRound, 1, TimeUnit.SECONDS);
        LOG.info("node {} started: {} groups on {}, data in {}", config.nodeId(), config.groupCount(),
                config.self().hostPort(), config.dataDir().toAbsolutePath());
        synchronized (failure) {
            started = true;
            if (failedWhileStarting != null) {
                stopAfterFailure(failedWhileStarting);
            }
        }
    }

    /**
     * Starts a node.
     *
     * @param config the node config.
     * @return the node.
     * @throws IOException if storage or the port fails.
     */
    public static RaftLogNode start(RaftLogConfig config) throws IOException {
        if (config.nodeId() == null) {
            throw new IllegalArgumentException(RaftLogConfig.Keys.NODE_ID + ": required to start a node");
        }
        return new RaftLogNode(config);
    }

    /**
     * Fail-stop: one replica of this node could not write its log or store, so the whole node stops rather than
     * serve a replica that no longer applies (its subscribers would wait forever for events the others deliver).
     * The group's other members go on without it; a restart after the disk is fixed recovers it from its snapshot
     * and the log, or from the leader.
     */
    private void replicaFailed(int group, Throwable cause) {
        if (closing.get() || !failing.compareAndSet(false, true)) {
            return;
        }
        LOG.error("node {} stops: its replica of group {} failed a write in {} ({}). The other nodes go on"
                + " without it. Free or fix the disk, then restart the node: it recovers from its snapshot and the"
                + " log.", config.nodeId(), group, config.dataDir().toAbsolutePath(), cause.toString());
        synchronized (failure) {
            if (!started) {
                // During Ratis' start (log replay): the constructor stops the node once it has finished.
                failedWhileStarting = cause;
                return;
            }
        }
        stopAfterFailure(cause);
    }

    private void stopAfterFailure(Throwable cause) {
        Thread stopper = new Thread(() -> {
            close();
            failure.complete(cause);
        }, "raftbus-fail-stop-" + config.nodeId());
        stopper.setDaemon(true);
        stopper.start();
    }

    @Override
    public CompletableFuture<Throwable> failure() {
        return failure.copy();
    }

    /** How often a node compares its apply settings with each peer's. */
    static final long SETTINGS_CHECK_SECONDS = 30;

    /**
     * Asks every reachable peer for its {@link ApplySettings} and logs an ERROR when they differ from this node's
     * (once per change). Runs every second in the first minute while some peer has not answered (a new group
     * answers only once it applied its first entry), else every {@value #SETTINGS_CHECK_SECONDS} s. Apply is
     * deterministic only if every replica uses the same settings; this check finds a node started with different
     * ones, it does not stop it.
     */
    private void settingsCheckRound() {
        boolean allReached = checkPeerSettings();
        boolean soon = !allReached && ++settingsRounds < 60;
        try {
            settingsChecker.schedule(this::settingsCheckRound, soon ? 1 : SETTINGS_CHECK_SECONDS, TimeUnit.SECONDS);
        } catch (RejectedExecutionException closed) {
            // the node is closing
        }
    }

    /** Returns whether every peer answered. */
    private boolean checkPeerSettings() {
        ApplySettings mine = machines.get(0).applySettings();
        boolean allReached = true;
        for (PeerAddress p : config.peers()) {
            if (p.id().equals(config.nodeId())) {
                continue;
            }
            ApplySettings theirs;
            try {
                theirs = peerSettings(p);
            } catch (IOException | RuntimeException e) {
                LOG.debug("node {}: settings of node {} not read: {}", config.nodeId(), p.id(), e.toString());
                allReached = false;
                continue; // not reachable now; asked again next round
            }
            List<String> differences = mine.differences(theirs, p.id());
            List<String> before = settingsMismatches.put(p.id(), differences);
            if (!differences.isEmpty() && !differences.equals(before)) {
                LOG.error("node {}: its apply settings differ from node {}'s: {}. Every replica applies retention"
                        + " and the dedupe window itself, so with different values the same log gives different"
                        + " stores: set the same values on every node", config.nodeId(), p.id(),
                        String.join("; ", differences));
            } else if (differences.isEmpty() && before != null && !before.isEmpty()) {
                LOG.info("node {}: apply settings agree with node {}'s again", config.nodeId(), p.id());
            }
        }
        return allReached;
    }

    private ApplySettings peerSettings(PeerAddress p) throws IOException {
        try (RaftClient c = RaftClients.askOnce(config, 0)) {
            Message query = Message.valueOf(UnsafeByteOperations.unsafeWrap(QueryCodec.settings()));
            RaftClientReply r = c.io().sendStaleRead(query, 0, RaftPeerId.valueOf(p.id()));
            return QueryCodec.decodeSettings(r.getMessage().getContent().asReadOnlyByteBuffer());
        }
    }

    /**
     * Returns, for each peer a check has reached, how its apply settings differ from this node's, one line per
     * setting (an empty list: they agree). Checked a second after start, then every second in the first minute
     * while a peer does not answer, and every {@value #SETTINGS_CHECK_SECONDS} s after that.
     *
     * @return peer id to differences; a peer never reached is absent.
     */
    public Map<String, List<String>> settingsDifferences() {
        return Map.copyOf(settingsMismatches);
    }

    private void tickLedGroups() {
        for (int i = 0; i < config.groupCount(); i++) {
            try {
                if (division(i).isLeader()) {
                    client.tick(i);
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("tick of group {} skipped: {}", i, e.toString());
            }
        }
    }

    private void snapshotIfBehind() {
        for (int i = 0; i < config.groupCount(); i++) {
            try {
                SnapshotInfo s = machines.get(i).getLatestSnapshot();
                long applied = division(i).getLastAppliedIndex();
                if (applied > 0 && (s == null || s.getIndex() < applied)) {
                    requestSnapshot(i, BACKGROUND_SNAPSHOT_POLLS);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("time-based snapshot of group {} failed: {}", i, e.toString());
            }
        }
    }

    /** How many times a time-based snapshot asks again whether its background checkpoint is done, 1 s apart. */
    private static final int BACKGROUND_SNAPSHOT_POLLS = 120;

    /**
     * Asks Ratis for a snapshot. The first request starts a background checkpoint and is answered -1; asking
     * again once it is written lets Ratis record it and purge the log up to it.
     */
    private void requestSnapshot(int group, int pollsLeft) throws IOException {
        RaftClientReply r = server.snapshotManagement(SnapshotManagementRequest.newCreate(adminClientId,
                server.getId(), Groups.groupId(group), callIds.incrementAndGet(), 60_000));
        if (r.isSuccess() && r.getLogIndex() < 0 && pollsLeft > 0) {
            scheduler.schedule(() -> {
                try {
                    requestSnapshot(group, pollsLeft - 1);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("time-based snapshot of group {} failed: {}", group, e.toString());
                }
            }, 1, TimeUnit.SECONDS);
        }
    }

    private DivisionInfo division(int group) throws IOException {
        return server.getDivision(Groups.groupId(group)).getInfo();
    }

    /**
     * Takes a snapshot of a group now; for tests and operators.
     *
     * @param group the group.
     * @return the snapshot's index.
     * @throws IOException if it fails.
     */
    public long takeSnapshot(int group) throws IOException {
        for (int attempt = 1; ; attempt++) {
            machines.get(group).requestSnapshotNow();
            RaftClientReply r = server.snapshotManagement(SnapshotManagementRequest.newCreate(adminClientId,
                    server.getId(), Groups.groupId(group), callIds.incrementAndGet(), 60_000));
            if (!r.isSuccess()) {
                throw new IOException("snapshot of group " + group + " failed: " + r.getException());
            }
            // -1 only if Ratis' own trigger took the request for "now" first; ask again.
            if (r.getLogIndex() >= 0 || attempt == 10) {
                return r.getLogIndex();
            }
        }
    }

    @Override
    public String nodeId() {
        return config.nodeId();
    }

    @Override
    public LogClient client() {
        return client;
    }

    @Override
    public ReadResult readLocal(ChannelKey channel, long fromOffset, int max) {
        return machines.get(client.groupOf(channel)).read(s -> s.read(channel, fromOffset, max));
    }

    @Override
    public LatestOffset latestLocal(ChannelKey channel) {
        long[] l = machines.get(client.groupOf(channel)).read(s -> s.latest(channel));
        return new LatestOffset(l[0], l[1], l[2]);
    }

    @Override
    public Subscription subscribe(ChannelKey channel, long fromOffset, ChannelListener listener) {
        return dispatchers.get(client.groupOf(channel)).subscribe(channel, fromOffset, listener);
    }

    @Override
    public AutoCloseable addCommittedListener(CommittedListener listener) {
        List<AutoCloseable> handles = new ArrayList<>();
        for (CommittedDispatcher d : dispatchers) {
            handles.add(d.addListener(listener));
        }
        return () -> {
            for (AutoCloseable h : handles) {
                h.close();
            }
        };
    }

    @Override
    public ClusterStatus localStatus() {
        List<ClusterStatus.GroupStatus> groups = new ArrayList<>();
        for (int i = 0; i < config.groupCount(); i++) {
            try {
                RaftServer.Division d = server.getDivision(Groups.groupId(i));
                DivisionInfo info = d.getInfo();
                SnapshotInfo s = machines.get(i).getLatestSnapshot();
                groups.add(new ClusterStatus.GroupStatus(i, Groups.groupId(i).getUuid().toString(), List.of(
                        new ClusterStatus.MemberStatus(config.nodeId(), info.getCurrentRole().name(),
                                info.getCurrentTerm(), d.getRaftLog().getLastCommittedIndex(),
                                info.getLastAppliedIndex(), s == null ? -1 : s.getIndex()))));
            } catch (IOException e) {
                groups.add(new ClusterStatus.GroupStatus(i, Groups.groupId(i).getUuid().toString(), List.of()));
            }
        }
        return new ClusterStatus(groups);
    }

    /**
     * Returns the leader this node knows of for a group.
     *
     * @param group the group.
     * @return the leader's id, or null if none is known.
     */
    public String leaderOf(int group) {
        try {
            RaftPeerId id = division(group).getLeaderId();
            return id == null ? null : id.toString();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public ChannelOccupancy occupancyLocal(ChannelKey channel) {
        return machines.get(client.groupOf(channel)).read(s -> s.occupancy(channel));
    }

    @Override
    public List<ChannelOccupancy> occupiedLocal(String app, String prefix) {
        List<ChannelOccupancy> out = new ArrayList<>();
        for (ChannelLogStateMachine m : machines) {
            out.addAll(m.read(s -> s.occupied(app, prefix)));
        }
        out.removeIf(o -> o.channel().channel().startsWith(ClusterEvents.CHANNEL_PREFIX));
        out.sort(java.util.Comparator.comparing(o -> o.channel().channel()));
        return out;
    }

    @Override
    public List<PresenceMember> membersLocal(ChannelKey channel) {
        return machines.get(client.groupOf(channel)).read(s -> s.members(channel));
    }

    @Override
    public long stateDigest(int group) {
        return machines.get(group).read(ChannelStore::contentDigest);
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        scheduler.shutdownNow();
        settingsChecker.shutdownNow();
        client.close();
        try {
            server.close();
        } catch (IOException e) {
            LOG.warn("closing the Raft server of {} failed", config.nodeId(), e);
        }
        awaitReplicasClosed();
        for (CommittedDispatcher d : dispatchers) {
            d.close();
        }
    }

    /** How long a node's close waits for a replica that Ratis is closing on another thread. */
    static final long REPLICA_CLOSE_WAIT_SECONDS = 60;

    private void awaitReplicasClosed() {
        for (ChannelLogStateMachine m : machines) {
            try {
                if (!m.awaitClosed(REPLICA_CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    LOG.warn("node {}: a replica's store did not close within {} s", config.nodeId(),
                            REPLICA_CLOSE_WAIT_SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
