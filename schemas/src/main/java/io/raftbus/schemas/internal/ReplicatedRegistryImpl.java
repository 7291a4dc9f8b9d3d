package io.raftbus.schemas.internal;

import io.raftbus.log.ChannelKey;
import io.raftbus.log.LogError;
import io.raftbus.log.LogException;
import io.raftbus.log.RaftLog;
import io.raftbus.log.Subscription;
import io.raftbus.schemas.CompatibilityLevel;
import io.raftbus.schemas.CompatibilityResult;
import io.raftbus.schemas.RegistryError;
import io.raftbus.schemas.RegistryException;
import io.raftbus.schemas.ReplicatedRegistry;
import io.raftbus.schemas.SubjectVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicated registry: a {@link RegistryState} folded from the registry channel, plus the proposer that
 * validates writes and publishes them as commands.
 *
 * <p>Write path: validate (subject, schema type, Avro parse, version number, level) on the caller's thread; check
 * compatibility (or a delete's preconditions) against the local state, confirming a refusal after a {@link #sync};
 * publish the command with a request id that is also its idempotency key; complete when this node's fold reaches
 * the command and answers with the fold's outcome. A register whose subject changed after the check
 * ({@link Outcome.Conflict}) is checked and proposed again.
 *
 * <p>Threads: the fold runs on the log's dispatch thread (and on the creating thread for the stored part) under
 * the write lock; reads take the read lock. Futures returned to callers complete on the registry's own callback
 * thread, never on the dispatch thread, so a slow caller never stalls the fold. Lock order: {@code lock} is never
 * held while taking {@code waiters}' monitor.
 */
public final class ReplicatedRegistryImpl implements ReplicatedRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedRegistryImpl.class);
    private static final int MAX_CONFLICTS = 32;
    private static final int MAX_APPEND_ATTEMPTS = 3;

    private final RegistryLog log;
    private final Executor callbacks;
    private final ExecutorService ownedExecutor;
    private final Duration timeout;
    private final String requestPrefix;
    private final AtomicLong requests = new AtomicLong();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final RegistryState state = new RegistryState();
    private final Map<String, CompletableFuture<Outcome>> pending = new ConcurrentHashMap<>();
    private final TreeMap<Long, List<CompletableFuture<Void>>> waiters = new TreeMap<>();
    private final Map<Integer, Schema> parsed = new ConcurrentHashMap<>();
    private volatile long folded;
    private volatile boolean closed;
    private volatile Subscription subscription;

    ReplicatedRegistryImpl(RegistryLog log, String nodeId, Executor callbacks, ExecutorService ownedExecutor,
                           Duration timeout) {
        this.log = log;
        this.callbacks = callbacks;
        this.ownedExecutor = ownedExecutor;
        this.timeout = timeout;
        this.requestPrefix = nodeId + "/" + UUID.randomUUID() + "/";
    }

    /**
     * Starts the registry of a node: folds its replica of the channel from offset 1, then follows it.
     *
     * @param log the node.
     * @param channel the registry channel.
     * @param timeout the write and sync timeout.
     * @return the running registry.
     */
    public static ReplicatedRegistryImpl start(RaftLog log, ChannelKey channel, Duration timeout) {
        ExecutorService exec = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "raftbus-schemas-" + log.nodeId());
            t.setDaemon(true);
            return t;
        });
        return start(new RaftRegistryLog(log, channel), log.nodeId(), exec, exec, timeout);
    }

    /** Starts a registry on any {@link RegistryLog}; {@code ownedExecutor} (or null) is shut down on close. */
    static ReplicatedRegistryImpl start(RegistryLog log, String nodeId, Executor callbacks,
                                        ExecutorService ownedExecutor, Duration timeout) {
        ReplicatedRegistryImpl r = new ReplicatedRegistryImpl(log, nodeId, callbacks, ownedExecutor, timeout);
        r.subscription = log.subscribe(1, new RegistryLog.EntryListener() {
            @Override
            public void onEntry(long offset, byte[] data) {
                r.fold(offset, data);
            }

            @Override
            public void onGap(long missedFrom, long resumeAt) {
                LOG.error("schema registry channel lost offsets {}..{}; this node's registry no longer matches the "
                        + "cluster. Is a node running without the #system- retention exemption?", missedFrom,
                        resumeAt - 1);
            }
        });
        return r;
    }

    // ---------------------------------------------------------------- the fold

    private void fold(long offset, byte[] data) {
        RegistryState.Folded f;
        lock.writeLock().lock();
        try {
            if (offset <= state.offset()) {
                return;
            }
            if (offset != state.offset() + 1) {
                LOG.error("schema registry fold skipped from offset {} to {}", state.offset(), offset);
            }
            f = state.apply(offset, data);
            folded = offset;
        } finally {
            lock.writeLock().unlock();
        }
        if (f.outcome() instanceof Outcome.Malformed m) {
            LOG.warn("schema registry command at offset {} ignored: {}", offset, m.reason());
        }
        if (f.requestId() != null) {
            CompletableFuture<Outcome> p = pending.remove(f.requestId());
            if (p != null) {
                p.complete(f.outcome());
            }
        }
        List<CompletableFuture<Void>> done = new ArrayList<>();
        synchronized (waiters) {
            Map<Long, List<CompletableFuture<Void>>> head = waiters.headMap(offset, true);
            head.values().forEach(done::addAll);
            head.clear();
        }
        done.forEach(w -> w.complete(null));
    }

    private CompletableFuture<Void> awaitFolded(long target) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        synchronized (waiters) {
            if (folded >= target) {
                return CompletableFuture.completedFuture(null);
            }
            waiters.computeIfAbsent(target, k -> new ArrayList<>()).add(f);
        }
        return f;
    }

    private CompletableFuture<Void> syncInternal() {
        if (closed) {
            return CompletableFuture.failedFuture(closedError());
        }
        return log.newestOffset().thenCompose(this::awaitFolded);
    }

    // ---------------------------------------------------------------- writes

    @Override
    public CompletableFuture<Void> sync() {
        return finish(syncInternal());
    }

    @Override
    public CompletableFuture<Integer> register(String subject, String schemaType, String schema) {
        try {
            checkSubject(subject);
            Schema s = parse(schemaType, schema);
            return finish(registerAttempt(subject, s, s.toString(), 0, false));
        } catch (RegistryException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<Integer> registerAttempt(String subject, Schema schema, String canonical, int conflicts,
                                                       boolean synced) {
        Optional<SubjectVersion> existing;
        CompatibilityLevel level;
        List<SubjectVersion> previous;
        long checkedAt;
        lock.readLock().lock();
        try {
            existing = state.find(subject, canonical, false);
            level = state.effectiveLevel(subject);
            previous = state.liveNewestFirst(subject);
            checkedAt = state.offset();
        } finally {
            lock.readLock().unlock();
        }
        if (existing.isPresent()) {
            return CompletableFuture.completedFuture(existing.get().id());
        }
        CompatibilityResult verdict = CompatibilityChecker.check(level, schema, toPrevious(previous));
        if (!verdict.compatible()) {
            if (!synced) {
                return syncInternal().thenCompose(v -> registerAttempt(subject, schema, canonical, conflicts, true));
            }
            return CompletableFuture.failedFuture(new RegistryException(RegistryError.INCOMPATIBLE,
                    "Schema being registered is incompatible with an earlier schema for subject \"" + subject
                            + "\" (level " + level + "), details: " + verdict.messages()));
        }
        return propose(new RegistryCommand.Register(subject, canonical, checkedAt)).thenCompose(o -> {
            if (o instanceof Outcome.Registered r) {
                return CompletableFuture.completedFuture(r.id());
            }
            if (o instanceof Outcome.Conflict) {
                if (conflicts >= MAX_CONFLICTS) {
                    return CompletableFuture.failedFuture(new RegistryException(RegistryError.STORE_ERROR,
                            "subject '" + subject + "' changed " + MAX_CONFLICTS + " times during registration"));
                }
                return registerAttempt(subject, schema, canonical, conflicts + 1, synced);
            }
            return CompletableFuture.failedFuture(unexpected(o));
        });
    }

    @Override
    public CompletableFuture<CompatibilityLevel> setLevel(String subject, CompatibilityLevel level) {
        try {
            if (subject != null) {
                checkSubject(subject);
            }
            if (level == null) {
                throw new RegistryException(RegistryError.INVALID_COMPATIBILITY_LEVEL, "Invalid compatibility level. "
                        + "Valid values are none, backward, forward, full, backward_transitive, forward_transitive, "
                        + "and full_transitive");
            }
        } catch (RegistryException e) {
            return CompletableFuture.failedFuture(e);
        }
        return finish(proposeChecked(new RegistryCommand.SetLevel(subject, level), o -> ((Outcome.LevelSet) o).level(),
                false));
    }

    @Override
    public CompletableFuture<CompatibilityLevel> deleteLevel(String subject) {
        return checked(subject, () -> proposeChecked(new RegistryCommand.DeleteLevel(subject),
                o -> ((Outcome.LevelDeleted) o).level(), false), subject == null);
    }

    @Override
    public CompletableFuture<List<Integer>> deleteSubject(String subject, boolean permanent) {
        return checked(subject, () -> proposeChecked(new RegistryCommand.DeleteSubject(subject, permanent),
                o -> ((Outcome.Deleted) o).versions(), false), false);
    }

    @Override
    public CompletableFuture<Integer> deleteVersion(String subject, int version, boolean permanent) {
        if (!RegistryState.validVersion(version)) {
            return CompletableFuture.failedFuture(RegistryState.invalidVersion(version).exception());
        }
        return checked(subject, () -> proposeChecked(new RegistryCommand.DeleteVersion(subject, version, permanent),
                o -> ((Outcome.Deleted) o).versions().get(0), false), false);
    }

    private <T> CompletableFuture<T> checked(String subject, Supplier<CompletableFuture<T>> write, boolean global) {
        try {
            if (!global) {
                checkSubject(subject);
            }
        } catch (RegistryException e) {
            return CompletableFuture.failedFuture(e);
        }
        return finish(write.get());
    }

    /** Refuses a command that the local state refuses (confirmed after a sync), else proposes it. */
    private <T> CompletableFuture<T> proposeChecked(RegistryCommand c, Function<Outcome, T> answer, boolean synced) {
        Outcome.Refused refused;
        lock.readLock().lock();
        try {
            refused = state.refusal(c);
        } finally {
            lock.readLock().unlock();
        }
        if (refused != null) {
            if (!synced) {
                return syncInternal().thenCompose(v -> proposeChecked(c, answer, true));
            }
            return CompletableFuture.failedFuture(refused.exception());
        }
        return propose(c).thenCompose(o -> o instanceof Outcome.Refused
                || o instanceof Outcome.Malformed || o instanceof Outcome.Conflict
                ? CompletableFuture.failedFuture(unexpected(o)) : CompletableFuture.completedFuture(answer.apply(o)));
    }

    /** Publishes a command and completes with its outcome in this node's fold. */
    private CompletableFuture<Outcome> propose(RegistryCommand c) {
        if (closed) {
            return CompletableFuture.failedFuture(closedError());
        }
        String req = requestPrefix + requests.incrementAndGet();
        byte[] data = RegistryCommandCodec.encode(req, c);
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        pending.put(req, outcome);
        append(req, data, 1).whenComplete((offset, e) -> {
            if (e != null) {
                pending.remove(req);
                outcome.completeExceptionally(e);
            }
        });
        return outcome.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((o, e) -> pending.remove(req));
    }

    private CompletableFuture<Long> append(String key, byte[] data, int attempt) {
        return log.append(key, data).handle((offset, e) -> {
            if (e == null) {
                return CompletableFuture.completedFuture(offset);
            }
            Throwable cause = unwrap(e);
            boolean retry = cause instanceof LogException le
                    && (le.error() == LogError.UNAVAILABLE || le.error() == LogError.TIMEOUT);
            if (retry && attempt < MAX_APPEND_ATTEMPTS && !closed) {
                LOG.info("schema registry command {} not acknowledged ({}); retrying with the same key", key,
                        cause.getMessage());
                return append(key, data, attempt + 1);
            }
            return CompletableFuture.<Long>failedFuture(cause);
        }).thenCompose(Function.identity());
    }

    /**
     * Completes the caller's future on the callback thread, within the timeout, with a value or a
     * {@link RegistryException}.
     */
    private <T> CompletableFuture<T> finish(CompletableFuture<T> work) {
        CompletableFuture<T> out = new CompletableFuture<>();
        work.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((v, e) -> {
            Runnable complete = e == null ? () -> out.complete(v) : () -> out.completeExceptionally(toRegistry(e));
            try {
                callbacks.execute(complete);
            } catch (RejectedExecutionException closing) {
                complete.run();
            }
        });
        return out;
    }

    // ---------------------------------------------------------------- reads

    @Override
    public List<String> subjects(String prefix, boolean includeDeleted) {
        return read(() -> state.subjects(prefix == null ? "" : prefix, includeDeleted));
    }

    @Override
    public List<Integer> versions(String subject, boolean includeDeleted) throws RegistryException {
        lock.readLock().lock();
        try {
            return state.versions(subject, includeDeleted);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public SubjectVersion version(String subject, int version, boolean includeDeleted) throws RegistryException {
        lock.readLock().lock();
        try {
            return state.version(subject, version, includeDeleted);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public String schemaText(int id) throws RegistryException {
        lock.readLock().lock();
        try {
            return state.schemaText(id);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<SubjectVersion> usesOf(int id, boolean includeDeleted) throws RegistryException {
        lock.readLock().lock();
        try {
            state.schemaText(id);
            return state.usesOf(id, includeDeleted);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public SubjectVersion lookup(String subject, String schemaType, String schema, boolean includeDeleted)
            throws RegistryException {
        String canonical = parse(schemaType, schema).toString();
        lock.readLock().lock();
        try {
            state.versions(subject, includeDeleted);
            return state.find(subject, canonical, includeDeleted).orElseThrow(
                    () -> new RegistryException(RegistryError.SCHEMA_NOT_FOUND, "Schema not found"));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public CompatibilityResult testCompatibility(String subject, Integer version, String schemaType, String schema)
            throws RegistryException {
        Schema candidate = parse(schemaType, schema);
        CompatibilityLevel level;
        List<SubjectVersion> against;
        lock.readLock().lock();
        try {
            level = state.effectiveLevel(subject);
            if (version == null) {
                against = state.liveNewestFirst(subject);
            } else if (version == LATEST && state.latest(subject).isEmpty()) {
                against = List.of();
            } else {
                against = List.of(state.version(subject, version, false));
            }
        } finally {
            lock.readLock().unlock();
        }
        return CompatibilityChecker.check(level, candidate, toPrevious(against));
    }

    @Override
    public CompatibilityLevel globalLevel() {
        return read(state::globalLevel);
    }

    @Override
    public Optional<CompatibilityLevel> subjectLevel(String subject) {
        return read(() -> state.subjectLevel(subject));
    }

    @Override
    public Optional<Schema> byId(int id) {
        String text;
        lock.readLock().lock();
        try {
            text = state.schemaText(id);
        } catch (RegistryException e) {
            return Optional.empty();
        } finally {
            lock.readLock().unlock();
        }
        return Optional.ofNullable(schemaOf(id, text));
    }

    @Override
    public Optional<SubjectVersion> latest(String subject) {
        return read(() -> state.latest(subject));
    }

    @Override
    public boolean belongsTo(int id, String subject) {
        return read(() -> state.belongsTo(id, subject));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Subscription s = subscription;
        if (s != null) {
            s.close();
        }
        for (String req : List.copyOf(pending.keySet())) {
            CompletableFuture<Outcome> p = pending.remove(req);
            if (p != null) {
                p.completeExceptionally(closedError());
            }
        }
        List<CompletableFuture<Void>> left = new ArrayList<>();
        synchronized (waiters) {
            waiters.values().forEach(left::addAll);
            waiters.clear();
        }
        left.forEach(w -> w.completeExceptionally(closedError()));
        if (ownedExecutor != null) {
            ownedExecutor.shutdown();
        }
    }

    // ---------------------------------------------------------------- helpers

    private <T> T read(Supplier<T> query) {
        lock.readLock().lock();
        try {
            return query.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    private List<CompatibilityChecker.Previous> toPrevious(List<SubjectVersion> versions) {
        List<CompatibilityChecker.Previous> out = new ArrayList<>(versions.size());
        for (SubjectVersion v : versions) {
            Schema s = schemaOf(v.id(), v.schema());
            if (s != null) {
                out.add(new CompatibilityChecker.Previous(v.version(), s));
            }
        }
        return out;
    }

    /** Parses a stored schema once per id (an id's text never changes); null if it does not parse. */
    private Schema schemaOf(int id, String text) {
        Schema s = parsed.get(id);
        if (s == null) {
            try {
                s = new Schema.Parser().parse(text);
            } catch (RuntimeException e) {
                LOG.warn("stored schema {} does not parse: {}", id, e.getMessage());
                return null;
            }
            parsed.putIfAbsent(id, s);
        }
        return s;
    }

    static Schema parse(String schemaType, String schema) throws RegistryException {
        if (schemaType != null && !schemaType.equalsIgnoreCase(RegistryState.AVRO)) {
            throw new RegistryException(RegistryError.INVALID_SCHEMA, "Invalid schema type " + schemaType
                    + ": this registry supports AVRO only");
        }
        if (schema == null || schema.isBlank()) {
            throw new RegistryException(RegistryError.INVALID_SCHEMA, "Invalid schema: empty");
        }
        try {
            return new Schema.Parser().parse(schema);
        } catch (RuntimeException e) {
            throw new RegistryException(RegistryError.INVALID_SCHEMA, "Invalid schema: " + e.getMessage());
        }
    }

    private static void checkSubject(String subject) throws RegistryException {
        if (subject == null || subject.isEmpty()) {
            throw new RegistryException(RegistryError.INVALID_SUBJECT, "the subject name must not be empty");
        }
        for (int i = 0; i < subject.length(); i++) {
            if (Character.isISOControl(subject.charAt(i))) {
                throw new RegistryException(RegistryError.INVALID_SUBJECT, "the subject name has a control "
                        + "character at " + i);
            }
        }
    }

    private static RegistryException closedError() {
        return new RegistryException(RegistryError.STORE_ERROR, "the schema registry is closed");
    }

    private static RegistryException unexpected(Outcome o) {
        if (o instanceof Outcome.Refused r) {
            return r.exception();
        }
        return new RegistryException(RegistryError.STORE_ERROR, "unexpected outcome " + o);
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static RegistryException toRegistry(Throwable e) {
        Throwable t = unwrap(e);
        if (t instanceof RegistryException r) {
            return r;
        }
        if (t instanceof TimeoutException) {
            return new RegistryException(RegistryError.TIMEOUT, "the change was not applied within the timeout; "
                    + "it may still be committed");
        }
        if (t instanceof LogException le) {
            if (le.error() == LogError.TIMEOUT) {
                return new RegistryException(RegistryError.TIMEOUT, le.getMessage());
            }
            if (le.error() == LogError.EVENT_TOO_LARGE) {
                return new RegistryException(RegistryError.INVALID_SCHEMA, "schema too large for the log: "
                        + le.getMessage());
            }
            return new RegistryException(RegistryError.STORE_ERROR, "the log could not store the change: "
                    + le.getMessage());
        }
        LOG.warn("schema registry write failed", t);
        return new RegistryException(RegistryError.STORE_ERROR, "the change could not be stored: " + t);
    }
}
