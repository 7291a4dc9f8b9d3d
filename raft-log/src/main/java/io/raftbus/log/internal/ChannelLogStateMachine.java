package io.raftbus.log.internal;

import io.raftbus.log.ChannelCount;
import io.raftbus.log.ChannelEvent;
import io.raftbus.log.ChannelRules;
import io.raftbus.log.LogError;
import io.raftbus.log.LogException;
import io.raftbus.log.MemberCount;
import io.raftbus.log.OccupancyReport;
import io.raftbus.log.PublishCommand;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ratis state machine of one channel group.
 *
 * <ul>
 *   <li>{@link #startTransaction} runs on the leader only: it decodes and validates the client's entry (names,
 *       sizes, free disk) and stamps the leader's clock into it, so a bad command never enters the log.</li>
 *   <li>{@link #applyTransaction} runs on every replica in log order on Ratis' apply thread, and is a pure
 *       function of (store, entry): no clock, no randomness, no I/O beyond the group's own store.</li>
 *   <li>{@link #query} serves reads from the local store without the log.</li>
 *   <li>{@link #takeSnapshot} writes a RocksDB checkpoint (a memtable flush and hard links). Snapshots Ratis
 *       triggers by entry count are written on a background thread while apply goes on; Ratis learns of one
 *       (and purges the log up to it) on its next call. Snapshots asked for explicitly
 *       ({@link #requestSnapshotNow}) are written at once. A restart or an installed snapshot rebuilds the store
 *       from the newest checkpoint, and Raft replays the log after it.</li>
 * </ul>
 */
public final class ChannelLogStateMachine extends BaseStateMachine {
    /** The most counts one occupancy report entry may carry. */
    public static final int MAX_REPORT_ROWS = 100_000;
    /** The longest presence user id, in characters. */
    public static final int MAX_USER_ID_LENGTH = 128;
    /** The largest presence user info, in bytes. */
    public static final int MAX_USER_INFO_BYTES = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(ChannelLogStateMachine.class);

    private final GroupSettings settings;
    private final CommittedDispatcher dispatcher;
    private final SnapshotStore snapshots = new SnapshotStore();
    private final ExecutorService snapshotter;
    private final Consumer<Throwable> onFailure;
    private volatile ChannelStore store;
    /** The checkpoint being written in the background, or the finished one Ratis has not been told of. */
    private volatile CompletableFuture<TermIndex> background;
    private volatile boolean snapshotNowRequested;
    /** Counted down when {@link #close} has closed the store, on whichever thread it ran. */
    private final CountDownLatch closed = new CountDownLatch(1);

    /**
     * Creates the state machine of one group whose failures are only logged (and stop its Raft division).
     *
     * @param settings the group's settings.
     * @param dispatcher receives every committed batch after it is stored.
     */
    public ChannelLogStateMachine(GroupSettings settings, CommittedDispatcher dispatcher) {
        this(settings, dispatcher, cause -> { });
    }

    /**
     * Creates the state machine of one group.
     *
     * @param settings the group's settings.
     * @param dispatcher receives every committed batch after it is stored.
     * @param onFailure told, once per failure, when this replica cannot go on: a write to its Raft log or to its
     *     store failed (a full or failing disk), or a snapshot installed from the leader cannot be loaded.
     *     Called on a Ratis thread; must not block.
     */
    public ChannelLogStateMachine(GroupSettings settings, CommittedDispatcher dispatcher,
                                  Consumer<Throwable> onFailure) {
        this.settings = settings;
        this.dispatcher = dispatcher;
        this.onFailure = onFailure;
        this.snapshotter = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "raftbus-snapshot-g" + settings.group());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Returns the live store; replaced when a snapshot is installed, so do not keep the reference.
     *
     * @return the store.
     */
    public ChannelStore store() {
        return store;
    }

    /**
     * Runs a read against the live store, again on the new store if the old one was closed meanwhile.
     *
     * @param <T> the result type.
     * @param read the read.
     * @return its result.
     */
    public <T> T read(java.util.function.Function<ChannelStore, T> read) {
        for (int attempt = 0; ; attempt++) {
            ChannelStore s = store;
            try {
                return read.apply(s);
            } catch (StoreClosedException e) {
                if (attempt >= 100 || store == s && attempt >= 10) {
                    throw e;
                }
                Thread.onSpinWait();
            }
        }
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage storage) throws IOException {
        super.initialize(server, groupId, storage);
        snapshots.init(storage);
        getLifeCycle().startAndTransition(this::load, IOException.class);
    }

    /**
     * Pauses before Ratis replaces the snapshot directory with one installed from the leader; Ratis checks
     * that the state machine reports PAUSED before it calls {@link #reinitialize()}.
     */
    @Override
    public void pause() {
        awaitBackgroundSnapshot();
        LifeCycle lc = getLifeCycle();
        if (lc.getCurrentState() == LifeCycle.State.RUNNING) {
            lc.transition(LifeCycle.State.PAUSING);
            lc.transition(LifeCycle.State.PAUSED);
        }
    }

    /**
     * Rebuilds the store from the (newly installed) newest snapshot and runs again. A snapshot this replica cannot
     * load (a store format this build does not read, a full disk while copying it) leaves it without a store, so
     * that stops the node like a failed write.
     */
    @Override
    public void reinitialize() throws IOException {
        try {
            snapshots.reload();
            load();
        } catch (IOException | RuntimeException e) {
            LOG.error("{}: the snapshot installed from the leader cannot be loaded; this replica cannot go on",
                    getGroupId(), e);
            onFailure.accept(e);
            throw e;
        }
        LifeCycle lc = getLifeCycle();
        if (lc.getCurrentState() == LifeCycle.State.PAUSED) {
            lc.transition(LifeCycle.State.STARTING);
            lc.transition(LifeCycle.State.RUNNING);
        }
    }

    private synchronized void load() throws IOException {
        ChannelStore old = store;
        if (old != null) {
            old.close();
        }
        SnapshotInfo latest = snapshots.getLatestSnapshot();
        store = ChannelStore.restore(snapshots.latestDir(), settings.storeDir());
        TermIndex ti = latest == null ? TermIndex.valueOf(0, -1) : latest.getTermIndex();
        setLastAppliedTermIndex(ti);
        dispatcher.storeReplaced(store);
        LOG.info("{}: store loaded from {} at {}", getGroupId(), latest == null ? "nothing" : latest, ti);
    }

    @Override
    public StateMachineStorage getStateMachineStorage() {
        return snapshots;
    }

    @Override
    public SnapshotInfo getLatestSnapshot() {
        return snapshots.getLatestSnapshot();
    }

    @Override
    public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
        ByteString content = request.getMessage().getContent();
        TransactionContext.Builder b = TransactionContext.newBuilder().setStateMachine(this)
                .setClientRequest(request);
        try {
            byte[] stamped = content.toByteArray();
            LogEntry entry = EntryCodec.decode(stamped, 0, stamped.length);
            validate(entry);
            long now = settings.clock().getAsLong();
            EntryCodec.stamp(stamped, now);
            // The leader applies the entry it decoded here (Ratis passes this context to applyTransaction on
            // the leader); followers decode the same bytes, and the codec round-trips exactly.
            return b.setLogData(UnsafeByteOperations.unsafeWrap(stamped)).setStateMachineContext(entry.withTimestamp(now)).build();
        } catch (LogException e) {
            TransactionContext trx = b.setLogData(content).build();
            trx.setException(e);
            return trx;
        }
    }

    private void validate(LogEntry entry) {
        if (entry instanceof LogEntry.PublishBatch p) {
            for (PublishCommand c : p.commands()) {
                validate(c, settings.maxEventBytes());
            }
            long free = settings.freeDiskBytes().getAsLong();
            if (free < settings.minFreeDiskBytes()) {
                throw new LogException(LogError.DISK_FULL, "the leader's data disk has " + free
                        + " bytes free, below raftbus.log.min-free-disk-bytes=" + settings.minFreeDiskBytes());
            }
        } else if (entry instanceof LogEntry.SetPosition s) {
            ChannelRules.checkOptionalKey("consumer", s.consumer());
        } else if (entry instanceof LogEntry.Occupancy o) {
            validate(o.report());
        }
    }

    /**
     * Checks an occupancy report: the node id, the number of rows, every channel name, user id and user info.
     *
     * @param r the report.
     * @throws LogException naming what is wrong.
     */
    public static void validate(OccupancyReport r) {
        ChannelRules.checkOptionalKey("node id", r.nodeId());
        if (r.channels().size() + r.members().size() > MAX_REPORT_ROWS) {
            throw new LogException(LogError.INVALID_FIELD, "a report has " + (r.channels().size()
                    + r.members().size()) + " rows, over the limit of " + MAX_REPORT_ROWS);
        }
        for (ChannelCount c : r.channels()) {
            ChannelRules.checkApp(c.channel().app());
            ChannelRules.checkChannel(c.channel().channel());
        }
        for (MemberCount m : r.members()) {
            ChannelRules.checkApp(m.channel().app());
            ChannelRules.checkChannel(m.channel().channel());
            checkUserId(m.userId());
            if (m.userInfo().length > MAX_USER_INFO_BYTES) {
                throw new LogException(LogError.INVALID_FIELD, "user info of " + m.userInfo().length
                        + " bytes is over the limit of " + MAX_USER_INFO_BYTES);
            }
        }
    }

    private static void checkUserId(String userId) {
        if (userId != null && (userId.isEmpty() || userId.length() > MAX_USER_ID_LENGTH)) {
            throw new LogException(LogError.INVALID_FIELD, "user id must have 1 to " + MAX_USER_ID_LENGTH
                    + " characters when present");
        }
    }

    /**
     * Checks one publish against the channel rules and the size limit.
     *
     * @param c the publish.
     * @param maxEventBytes the size limit.
     * @throws LogException naming what is wrong.
     */
    public static void validate(PublishCommand c, int maxEventBytes) {
        ChannelRules.checkApp(c.channel().app());
        ChannelRules.checkChannel(c.channel().channel());
        ChannelRules.checkEventName(c.eventName());
        ChannelRules.checkOptionalKey("idempotency key", c.idempotencyKey());
        ChannelRules.checkOptionalKey("socket id", c.excludeSocketId());
        checkUserId(c.userId());
        if (c.data().length > maxEventBytes) {
            throw new LogException(LogError.EVENT_TOO_LARGE, c.data().length + " bytes is over the limit of "
                    + maxEventBytes);
        }
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        long term = entry.getTerm();
        long index = entry.getIndex();
        try {
            Object decoded = trx.getStateMachineContext();
            byte[] reply = decoded instanceof LogEntry e ? apply(term, index, e)
                    : apply(term, index, entry.getStateMachineLogEntry().getLogData().asReadOnlyByteBuffer());
            return reply(reply);
        } catch (IOException | RuntimeException e) {
            // The store and its caches may no longer match the log: going on would let this replica diverge.
            // Thrown on Ratis' apply thread, this stops the group's division on this node (fail-stop); a
            // restart rebuilds the store from the newest snapshot and the log.
            LOG.error("{}: apply of index {} failed; stopping this replica of the group", getGroupId(), index, e);
            onFailure.accept(e);
            throw new IllegalStateException("apply of index " + index + " failed", e);
        }
    }

    /**
     * Returns the settings this replica's apply uses.
     *
     * @return the settings.
     */
    public ApplySettings applySettings() {
        return new ApplySettings(settings.dedupeWindowMs(), settings.retention());
    }

    /**
     * Ratis could not write this replica's log (a full or failing disk). Its log worker then fails every later
     * write too, so the replica would never acknowledge or apply again while still looking alive.
     */
    @Override
    public void notifyLogFailed(Throwable cause, LogEntryProto failedEntry) {
        LOG.error("{}: writing the Raft log failed{}; this replica cannot go on", getGroupId(),
                failedEntry == null ? "" : " at index " + failedEntry.getIndex(), cause);
        onFailure.accept(cause);
    }

    /**
     * Applies one entry to the store; the deterministic core of the state machine.
     *
     * @param term the entry's term.
     * @param index the entry's index.
     * @param data the entry as the leader stamped it.
     * @return the reply to the client.
     * @throws IOException if the store write fails.
     */
    byte[] apply(long term, long index, ByteBuffer data) throws IOException {
        return apply(term, index, EntryCodec.decode(data));
    }

    private byte[] apply(long term, long index, LogEntry entry) throws IOException {
        ChannelStore s = store;
        byte[] reply;
        if (entry instanceof LogEntry.PublishBatch p) {
            ChannelStore.PublishOutcome out = s.applyPublish(term, index, p, settings.dedupeWindowMs(),
                    settings.retention());
            reply = QueryCodec.encodePublishReply(out.results());
            updateLastAppliedTermIndex(term, index);
            if (!out.stored().isEmpty()) {
                dispatcher.committed(out.stored());
            }
        } else if (entry instanceof LogEntry.SetPosition sp) {
            long[] r = s.applySetPosition(term, index, sp);
            reply = ByteBuffer.allocate(9).put((byte) r[0]).putLong(r[1]).array();
            updateLastAppliedTermIndex(term, index);
        } else if (entry instanceof LogEntry.Occupancy o) {
            ChannelStore.OccupancyOutcome out = s.applyOccupancy(term, index, o, settings.group(),
                    settings.retention());
            reply = new byte[] {(byte) (out.known() ? 1 : 0)};
            updateLastAppliedTermIndex(term, index);
            if (!out.stored().isEmpty()) {
                dispatcher.committed(out.stored());
            }
        } else {
            List<ChannelEvent> stored = s.applyTick(term, index, entry.timestampMs(), settings.dedupeWindowMs(),
                    settings.retention(), settings.group());
            reply = new byte[0];
            updateLastAppliedTermIndex(term, index);
            if (!stored.isEmpty()) {
                dispatcher.committed(stored);
            }
        }
        return reply;
    }

    private static CompletableFuture<Message> reply(byte[] bytes) {
        return CompletableFuture.completedFuture(Message.valueOf(UnsafeByteOperations.unsafeWrap(bytes)));
    }

    @Override
    public CompletableFuture<Message> query(Message request) {
        try {
            ByteBuffer query = request.getContent().asReadOnlyByteBuffer();
            if (QueryCodec.isSettings(query)) {
                return reply(applySettings().encode());
            }
            return reply(this.<byte[]>read(s -> QueryCodec.answer(s, query)));
        } catch (IllegalArgumentException | java.nio.BufferUnderflowException e) {
            return CompletableFuture.failedFuture(new LogException(LogError.MALFORMED_ENTRY,
                    "bad query: " + e.getMessage(), e));
        } catch (RuntimeException e) {
            LOG.warn("{}: query failed", getGroupId(), e);
            return CompletableFuture.failedFuture(new LogException(LogError.INTERNAL, "query failed: " + e, e));
        }
    }

    /**
     * Makes the next {@link #takeSnapshot} write its checkpoint at once, on the calling thread, at the last
     * applied index, instead of in the background: for a snapshot asked for by an operator or a test, whose
     * caller waits for its index.
     */
    public void requestSnapshotNow() {
        snapshotNowRequested = true;
    }

    /**
     * Called by Ratis on the apply thread. A checkpoint flushes the memtable, which took 0.1–0.7 s at 20,000
     * events/s, and apply must not stop that long; so unless {@link #requestSnapshotNow} asked for one now, this
     * starts a checkpoint in the background and answers -1 ("none yet"). Ratis keeps calling while the
     * threshold is passed, and the first call after the checkpoint is finished answers its index, which is the
     * applied index recorded inside it: Ratis then purges the log up to there.
     *
     * @return the index of a finished snapshot not reported before, or -1.
     * @throws IOException if an immediate snapshot cannot be written.
     */
    @Override
    public long takeSnapshot() throws IOException {
        TermIndex ti = getLastAppliedTermIndex();
        if (ti == null || ti.getIndex() < 0) {
            return -1;
        }
        if (snapshotNowRequested) {
            snapshotNowRequested = false;
            awaitBackgroundSnapshot();
            background = null;
            long start = System.nanoTime();
            snapshots.take(ti, store::checkpoint);
            LOG.info("{}: snapshot at {} in {} ms", getGroupId(), ti, (System.nanoTime() - start) / 1_000_000);
            return ti.getIndex();
        }
        CompletableFuture<TermIndex> b = background;
        if (b != null && b.isDone()) {
            background = null;
            TermIndex done = finishedSnapshot(b);
            if (done != null) {
                return done.getIndex();
            }
        }
        if (background == null) {
            ChannelStore s = store;
            background = CompletableFuture.supplyAsync(() -> checkpointInBackground(s), snapshotter);
        }
        return -1;
    }

    private TermIndex checkpointInBackground(ChannelStore s) {
        long start = System.nanoTime();
        try {
            TermIndex ti = snapshots.takeAsRecorded(s::checkpoint, ChannelStore::appliedIn);
            LOG.info("{}: snapshot at {} in {} ms, in the background", getGroupId(), ti,
                    (System.nanoTime() - start) / 1_000_000);
            return ti;
        } catch (IOException | StoreClosedException e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }

    /** The index of a finished background snapshot, or null if it failed or an installed one superseded it. */
    private TermIndex finishedSnapshot(CompletableFuture<TermIndex> b) {
        try {
            TermIndex ti = b.join();
            return ti != null && ti.getIndex() <= getLastAppliedTermIndex().getIndex() ? ti : null;
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
            LOG.warn("{}: background snapshot failed; the next trigger tries again: {}", getGroupId(),
                    e.getCause() == null ? e.toString() : e.getCause().toString());
            return null;
        }
    }

    /** Waits for a background checkpoint in progress (before the store or snapshot directory is replaced). */
    void awaitBackgroundSnapshot() {
        CompletableFuture<TermIndex> b = background;
        if (b == null) {
            return;
        }
        try {
            b.get(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("{}: background snapshot did not finish: {}", getGroupId(), e.toString());
        }
    }

    @Override
    public void close() throws IOException {
        try {
            awaitBackgroundSnapshot();
            snapshotter.shutdownNow();
            super.close();
            ChannelStore s = store;
            if (s != null) {
                s.close();
            }
        } finally {
            closed.countDown();
        }
    }

    /**
     * Waits until {@link #close} has finished on another thread. Ratis closes a replica whose apply failed from
     * that replica's own apply thread, and a server closed meanwhile does not wait for it: without this a node
     * could return from its close, and its process exit, while RocksDB is still closing the store, which aborts
     * the process ({@code pthread lock: Invalid argument}) instead of letting it exit with its status.
     *
     * @param timeout how long to wait at most.
     * @param unit the unit of {@code timeout}.
     * @return true once closed, or if this replica never opened a store; false on timeout.
     * @throws InterruptedException if interrupted while waiting.
     */
    boolean awaitClosed(long timeout, TimeUnit unit) throws InterruptedException {
        return store == null || closed.await(timeout, unit);
    }
}
