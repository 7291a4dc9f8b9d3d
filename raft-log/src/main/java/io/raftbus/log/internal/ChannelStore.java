package io.raftbus.log.internal;

import io.raftbus.log.ChannelEvent;
import io.raftbus.log.ChannelKey;
import io.raftbus.log.ChannelOccupancy;
import io.raftbus.log.PresenceMember;
import io.raftbus.log.PublishCommand;
import io.raftbus.log.PublishResult;
import io.raftbus.log.ReadResult;
import io.raftbus.log.RetentionPolicy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.Checkpoint;
import org.rocksdb.CompactionStyle;
import org.rocksdb.CompressionType;
import org.rocksdb.IndexType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.PerfContext;
import org.rocksdb.PerfLevel;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The materialised store of one Raft group on one node: channel events, channel metadata, the idempotency table
 * and consumer positions, in RocksDB (layout in {@link StoreKeys}).
 *
 * <p>The Raft log is the write-ahead log, so RocksDB's own WAL is off; each applied entry is one atomic
 * {@link WriteBatch} that includes the applied term and index. After a restart the store is rebuilt from the
 * latest snapshot (a RocksDB checkpoint) and Raft replays the log from there.
 *
 * <p>Threading: the {@code apply*} methods are called by one thread only, the group's apply thread, and keep a
 * cache of channel metadata. The read methods may be called by any thread at any time; each read sees one
 * consistent RocksDB snapshot. A read racing with {@link #close} (the store is replaced when a snapshot is
 * installed) throws {@link StoreClosedException} instead of touching freed native memory; callers retry on the
 * new store.
 */
public final class ChannelStore implements AutoCloseable {
    static {
        RocksDB.loadLibrary();
    }

    /** How many channels an age sweep examines per tick; the rest wait for the next tick. */
    static final int SWEEP_CHANNELS_PER_TICK = 10_000;
    /** How many idempotency keys are expired per tick at most. */
    static final int EXPIRE_KEYS_PER_TICK = 100_000;
    /** RocksDB block cache per store (per group and node): index and filter blocks, recently read data blocks. */
    static final long BLOCK_CACHE_BYTES = 64L << 20;
    /** How many stored event sizes a trim reads ahead in one scan (see {@link #readAhead}). */
    static final int TRIM_READ_AHEAD = 1024;

    private final Path dir;
    private final Options options;
    private final Cache blockCache;
    private final BloomFilter bloomFilter;
    private final RocksDB db;
    private final WriteOptions writeOptions;
    private final Map<ChannelKey, ChannelMeta> metaCache = new HashMap<>();
    private final java.util.concurrent.locks.ReentrantReadWriteLock lifecycle =
            new java.util.concurrent.locks.ReentrantReadWriteLock();
    private boolean closed;
    private long nextChannelId;
    private long clockMs;
    /**
     * Apply thread only, not stored: every idempotency expiry key stamped before this is deleted. Keys are
     * stamped with the entry clock, which never goes back, and a tick expires those before the clock minus the
     * window, so no key is ever written below it again. A reopened store starts from 0 and walks the
     * tombstones once.
     */
    private long expiryScanFromMs;

    private ChannelStore(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        // Universal compaction: every flushed file spans all busy channels' keys, so leveled compaction rewrote
        // all of L1 on each L0 compaction (15-18% of a node's CPU at 20,000 events/s; docs/raft-log.md).
        // Point reads (idempotency keys, channel metadata) look into every sorted run whose key range overlaps,
        // which with universal compaction is all of them: a whole-key Bloom filter per file skips the runs that
        // do not hold the key, and the block cache keeps the index and filter blocks and the chunks that a
        // trim's read-ahead and the age sweep read.
        this.blockCache = new LRUCache(BLOCK_CACHE_BYTES);
        this.bloomFilter = new BloomFilter(10, false);
        this.options = new Options().setCreateIfMissing(true).setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setMaxBackgroundJobs(2).setWriteBufferSize(64L << 20).setMaxWriteBufferNumber(3)
                .setCompactionStyle(CompactionStyle.UNIVERSAL).setLevel0FileNumCompactionTrigger(8)
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(blockCache)
                        .setFilterPolicy(bloomFilter).setCacheIndexAndFilterBlocks(true)
                        .setPinL0FilterAndIndexBlocksInCache(true)
                        .setIndexType(IndexType.kTwoLevelIndexSearch).setPartitionFilters(true)
                        .setMetadataBlockSize(4096).setCacheIndexAndFilterBlocksWithHighPriority(true)
                        .setPinTopLevelIndexAndFilter(true));
        try {
            this.db = RocksDB.open(options, dir.toString());
        } catch (RocksDBException e) {
            options.close();
            blockCache.close();
            bloomFilter.close();
            throw new IOException("cannot open store " + dir + ": " + e.getMessage(), e);
        }
        this.writeOptions = new WriteOptions().setDisableWAL(true);
        checkFormat();
        byte[] next = get(StoreKeys.NEXT_CHANNEL_ID);
        this.nextChannelId = next == null ? 1 : ByteBuffer.wrap(next).getLong();
        byte[] clock = get(StoreKeys.CLOCK);
        this.clockMs = clock == null ? Long.MIN_VALUE : ByteBuffer.wrap(clock).getLong();
    }

    /**
     * Opens the store in this build's format: marks a new, empty store; converts a format-1 store (one value per
     * event, no format key) in place; refuses any other format. The live store is rebuilt from a snapshot at
     * every start, so an old snapshot is what gets converted, again at each start until the next snapshot is
     * taken in format 2.
     */
    private void checkFormat() throws IOException {
        byte[] format = get(StoreKeys.FORMAT);
        long version = format == null ? 1 : ByteBuffer.wrap(format).getLong();
        if (version == StoreKeys.FORMAT_VERSION) {
            return;
        }
        if (version != 1) {
            close();
            throw new IOException("store " + dir + " is in store format " + version + ", this build reads formats 1"
                    + " and " + StoreKeys.FORMAT_VERSION + " (docs/raft-log.md#event-chunk): run the build that"
                    + " wrote it, or delete the node's data directory and let the node catch up from the others");
        }
        try {
            convertFromFormat1();
        } catch (RocksDBException e) {
            close();
            throw new IOException("cannot convert store " + dir + " to store format " + StoreKeys.FORMAT_VERSION
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Format 1 stored each event as its own value under the key of its offset; that is a format-2 chunk of one
     * event without its length. Rewrites every event value as such a chunk, in batches, and writes the format
     * key with the last one. A conversion cut short is never reopened: the live store is deleted and rebuilt
     * from the snapshot at every start ({@code ChannelLogStateMachine.load}), and snapshot files are immutable.
     */
    private void convertFromFormat1() throws RocksDBException {
        int batched = 0;
        WriteBatch wb = new WriteBatch();
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(new byte[] {StoreKeys.EVENT}); it.isValid() && it.key()[0] == StoreKeys.EVENT; it.next()) {
                byte[] value = it.value();
                wb.put(it.key(), ByteBuffer.allocate(4 + value.length).putInt(value.length).put(value).array());
                if (++batched % 10_000 == 0) {
                    write(wb);
                    wb.close();
                    wb = new WriteBatch();
                }
            }
            wb.put(StoreKeys.FORMAT, StoreKeys.longs(StoreKeys.FORMAT_VERSION));
            write(wb);
        } finally {
            wb.close();
        }
    }

    /**
     * Returns the time apply uses for an entry: the leader's stamp, but never earlier than the time of the entry
     * before. A new leader whose clock is behind the old one's must not move time backwards, or a key expired by
     * a tick of the old leader could be counted as still inside the window by a retry, and stored twice.
     */
    private long advanceClock(long entryTimestampMs, WriteBatch wb) throws RocksDBException {
        if (entryTimestampMs > clockMs) {
            clockMs = entryTimestampMs;
        }
        wb.put(StoreKeys.CLOCK, StoreKeys.longs(clockMs));
        return clockMs;
    }

    /**
     * Opens (or creates) the store in a directory.
     *
     * @param dir the directory.
     * @return the store.
     * @throws IOException if RocksDB cannot open it.
     */
    public static ChannelStore open(Path dir) throws IOException {
        return new ChannelStore(dir);
    }

    /**
     * Replaces the store in {@code liveDir} with a copy of a checkpoint and opens it. SST files are immutable,
     * so they are hard-linked; the small mutable files are copied.
     *
     * @param checkpoint a directory written by {@link #checkpoint(Path)}, or null for an empty store.
     * @param liveDir the directory to replace.
     * @return the opened store.
     * @throws IOException if copying or opening fails.
     */
    public static ChannelStore restore(Path checkpoint, Path liveDir) throws IOException {
        deleteRecursively(liveDir);
        Files.createDirectories(liveDir);
        if (checkpoint != null) {
            try (Stream<Path> files = Files.list(checkpoint)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Path target = liveDir.resolve(f.getFileName().toString());
                    if (f.getFileName().toString().endsWith(".sst")) {
                        try {
                            Files.createLink(target, f);
                        } catch (IOException | UnsupportedOperationException e) {
                            Files.copy(f, target);
                        }
                    } else if (Files.isRegularFile(f) && !f.getFileName().toString().endsWith(".md5")) {
                        Files.copy(f, target);
                    }
                }
            }
        }
        return open(liveDir);
    }

    /**
     * Writes a consistent checkpoint of the store into a new directory. Flushes the memtable first, so the
     * checkpoint holds everything applied so far.
     *
     * @param target a directory that must not exist yet.
     * @throws IOException if RocksDB fails.
     */
    public void checkpoint(Path target) throws IOException {
        lifecycle.readLock().lock();
        try {
            checkOpen();
            try (Checkpoint cp = Checkpoint.create(db)) {
                cp.createCheckpoint(target.toString());
            }
        } catch (RocksDBException e) {
            throw new IOException("checkpoint to " + target + " failed: " + e.getMessage(), e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * Reads the term and index of the last entry applied to a checkpoint, without opening it for writing.
     *
     * @param checkpoint a directory written by {@link #checkpoint(Path)}.
     * @return {term, index}, or {0, -1} for an empty store.
     * @throws IOException if RocksDB cannot open it.
     */
    public static long[] appliedIn(Path checkpoint) throws IOException {
        try (Options o = new Options(); RocksDB ro = RocksDB.openReadOnly(o, checkpoint.toString())) {
            return decodeApplied(ro.get(StoreKeys.APPLIED));
        } catch (RocksDBException e) {
            throw new IOException("cannot read checkpoint " + checkpoint + ": " + e.getMessage(), e);
        }
    }

    /**
     * Returns the term and index of the last entry applied to this store.
     *
     * @return {term, index}, or {0, -1} for an empty store.
     */
    public long[] applied() {
        return decodeApplied(get(StoreKeys.APPLIED));
    }

    private static long[] decodeApplied(byte[] v) {
        return v == null ? new long[] {0, -1} : toLongs(v);
    }

    // ---------------------------------------------------------------- apply (apply thread only)

    /** What applying a publish batch produced: one result per command, and the events newly stored. */
    public record PublishOutcome(List<PublishResult> results, List<ChannelEvent> stored) {
    }

    /**
     * Applies a batch of publishes as entry {@code index}: assigns offsets, stores events, honours idempotency
     * keys and applies count and byte retention to the touched channels. Deterministic in (store, entry).
     *
     * @param term the entry's term.
     * @param index the entry's log index, also the epoch of channels it creates.
     * @param batch the entry.
     * @param dedupeWindowMs the idempotency window.
     * @param retention the retention policy.
     * @return the results and stored events.
     * @throws IOException if the write fails; the node must stop, its cache no longer matches the store.
     */
    public PublishOutcome applyPublish(long term, long index, LogEntry.PublishBatch batch, long dedupeWindowMs,
                                       RetentionPolicy retention) throws IOException {
        List<PublishResult> results = new ArrayList<>(batch.commands().size());
        List<ChannelEvent> stored = new ArrayList<>(batch.commands().size());
        Map<ChannelKey, ChannelMeta> touched = new HashMap<>();
        Map<ByteBuffer, long[]> pendingKeys = new HashMap<>();
        try (WriteBatch wb = new WriteBatch()) {
            long ts = advanceClock(batch.timestampMs(), wb);
            for (PublishCommand c : batch.commands()) {
                byte[] idemKey = null;
                if (c.idempotencyKey() != null) {
                    idemKey = StoreKeys.idempotency(c.channel(), c.idempotencyKey());
                    long[] seen = pendingKeys.get(ByteBuffer.wrap(idemKey));
                    if (seen == null) {
                        byte[] v = get(idemKey);
                        seen = v == null ? null : toLongs(v);
                    }
                    if (seen != null && seen[2] >= ts - dedupeWindowMs) {
                        results.add(new PublishResult(seen[0], seen[1], true));
                        continue;
                    }
                }
                ChannelEvent e = append(c, ts, index, touched, retention, wb);
                stored.add(e);
                results.add(new PublishResult(e.offset(), e.epoch(), false));
                if (idemKey != null) {
                    long[] value = {e.offset(), e.epoch(), ts};
                    pendingKeys.put(ByteBuffer.wrap(idemKey), value);
                    wb.put(idemKey, StoreKeys.longs(value));
                    wb.put(StoreKeys.idempotencyExpiry(ts, idemKey), new byte[0]);
                }
            }
            finish(term, index, touched, wb);
        } catch (RocksDBException e) {
            throw new IOException("store write failed at index " + index + ": " + e.getMessage(), e);
        }
        return new PublishOutcome(results, stored);
    }

    /**
     * Adds one event at the channel's next offset to the channel's chunk of this entry and applies count and
     * byte retention (unless exempt). The chunk is written by {@link #writeTouched}.
     */
    private ChannelEvent append(PublishCommand c, long ts, long index, Map<ChannelKey, ChannelMeta> touched,
                                RetentionPolicy retention, WriteBatch wb) throws RocksDBException {
        ChannelMeta meta = touched.computeIfAbsent(c.channel(), k -> loadOrCreateMeta(k, index, wb));
        if (meta.count() == 0) {
            meta.knowTimestamp(meta.nextOffset, ts);
        }
        if (meta.pending == null) {
            meta.pending = new EventChunk.Builder(meta.nextOffset);
        }
        long offset = meta.nextOffset++;
        meta.bytes += c.data().length;
        meta.pending.add(ts, c);
        if (!RetentionPolicy.exempt(c.channel())) {
            trimBySize(meta, retention, wb);
        }
        return new ChannelEvent(c.channel(), offset, meta.epoch, ts, c.eventName(), c.data(), c.excludeSocketId(),
                c.schemaId(), c.userId());
    }

    /** Writes the touched channels' chunks and metadata, the applied index, and commits the batch. */
    private void finish(long term, long index, Map<ChannelKey, ChannelMeta> touched, WriteBatch wb)
            throws RocksDBException {
        writeTouched(touched, wb);
        wb.put(StoreKeys.NEXT_CHANNEL_ID, StoreKeys.longs(nextChannelId));
        wb.put(StoreKeys.APPLIED, StoreKeys.longs(term, index));
        write(wb);
    }

    /**
     * Writes each touched channel's chunk of this entry (whole, even if retention already trimmed its first
     * events: the metadata's first offset says which are kept) and its metadata.
     */
    private static void writeTouched(Map<ChannelKey, ChannelMeta> touched, WriteBatch wb) throws RocksDBException {
        for (Map.Entry<ChannelKey, ChannelMeta> e : touched.entrySet()) {
            ChannelMeta meta = e.getValue();
            if (meta.pending != null) {
                wb.put(StoreKeys.event(meta.id, meta.pending.first), meta.pending.toBytes());
                meta.pending = null;
            }
            wb.put(StoreKeys.channel(e.getKey()), meta.encode());
        }
    }

    /** What applying an occupancy report or a tick produced: whether the node was known, and the events. */
    record OccupancyOutcome(boolean known, List<ChannelEvent> stored) {
    }

    /**
     * Applies an occupancy report: records the node as seen at the entry's time, changes its rows and appends
     * the transitions to the group's {@code #cluster-g<N>} channels, all in one batch.
     *
     * @param term the entry's term.
     * @param index the entry's index.
     * @param e the entry.
     * @param group the group number.
     * @param retention the retention policy (the system channels are retained like any other).
     * @return whether the node was known, and the transition events stored.
     * @throws IOException if the write fails.
     */
    OccupancyOutcome applyOccupancy(long term, long index, LogEntry.Occupancy e, int group,
                                    RetentionPolicy retention) throws IOException {
        try (WriteBatch wb = new WriteBatch()) {
            long ts = advanceClock(e.timestampMs(), wb);
            OccupancyTable table = new OccupancyTable(this::get, this::scan, wb, group);
            boolean known = table.report(ts, e.report());
            List<ChannelEvent> stored = appendTransitions(table, ts, index, retention, wb);
            finish(term, index, Map.of(), wb);
            return new OccupancyOutcome(known, stored);
        } catch (RocksDBException ex) {
            throw new IOException("store write failed at index " + index + ": " + ex.getMessage(), ex);
        }
    }

    private List<ChannelEvent> appendTransitions(OccupancyTable table, long ts, long index,
                                                 RetentionPolicy retention, WriteBatch wb) throws RocksDBException {
        List<ChannelEvent> stored = new ArrayList<>();
        Map<ChannelKey, ChannelMeta> touched = new HashMap<>();
        for (PublishCommand c : table.transitions()) {
            stored.add(append(c, ts, index, touched, retention, wb));
        }
        writeTouched(touched, wb);
        if (!touched.isEmpty()) {
            wb.put(StoreKeys.NEXT_CHANNEL_ID, StoreKeys.longs(nextChannelId));
        }
        return stored;
    }

    private List<byte[][]> scan(byte[] prefix) {
        List<byte[][]> out = new ArrayList<>();
        try (Bounded keys = Bounded.prefixed(db, prefix)) {
            RocksIterator it = keys.it;
            for (it.seek(prefix); it.isValid(); it.next()) {
                out.add(new byte[][] {it.key(), it.value()});
            }
        }
        return out;
    }

    /**
     * Applies a compare-and-set of a consumer position.
     *
     * @param term the entry's term.
     * @param index the entry's index.
     * @param e the entry.
     * @return {1 if set or 0 if stale, the position now stored}.
     * @throws IOException if the write fails.
     */
    long[] applySetPosition(long term, long index, LogEntry.SetPosition e) throws IOException {
        byte[] key = StoreKeys.position(e.consumer());
        byte[] v = get(key);
        long current = v == null ? 0 : ByteBuffer.wrap(v).getLong();
        boolean ok = current == e.expected();
        try (WriteBatch wb = new WriteBatch()) {
            if (ok) {
                wb.put(key, StoreKeys.longs(e.next()));
            }
            wb.put(StoreKeys.APPLIED, StoreKeys.longs(term, index));
            write(wb);
        } catch (RocksDBException ex) {
            throw new IOException("store write failed at index " + index + ": " + ex.getMessage(), ex);
        }
        return new long[] {ok ? 1 : 0, ok ? e.next() : current};
    }

    /**
     * Applies a tick: removes events older than the retention age (a bounded number of channels per tick,
     * resuming from a stored cursor) and forgets idempotency keys older than the dedupe window.
     *
     * @param term the entry's term.
     * @param index the entry's index.
     * @param timestampMs the leader time of the tick.
     * @param dedupeWindowMs the idempotency window.
     * @param retention the retention policy.
     * @throws IOException if the write fails.
     */
    void applyTick(long term, long index, long timestampMs, long dedupeWindowMs, RetentionPolicy retention)
            throws IOException {
        applyTick(term, index, timestampMs, dedupeWindowMs, retention, 0);
    }

    /**
     * Applies a tick: expires occupancy reporters whose timeout has passed (appending their departures to the
     * group's {@code #cluster-g<N>} channels), then removes events older than the retention age (a bounded number
     * of channels per tick, resuming from a stored cursor) and forgets idempotency keys older than the window.
     *
     * @param term the entry's term.
     * @param index the entry's index.
     * @param timestampMs the leader time of the tick.
     * @param dedupeWindowMs the idempotency window.
     * @param retention the retention policy.
     * @param group the group number.
     * @return the transition events stored.
     * @throws IOException if the write fails.
     */
    List<ChannelEvent> applyTick(long term, long index, long timestampMs, long dedupeWindowMs,
                                 RetentionPolicy retention, int group) throws IOException {
        try (WriteBatch wb = new WriteBatch()) {
            long now = advanceClock(timestampMs, wb);
            OccupancyTable table = new OccupancyTable(this::get, this::scan, wb, group);
            table.expire(now);
            List<ChannelEvent> stored = appendTransitions(table, now, index, retention, wb);
            expireKeys(now - dedupeWindowMs, wb);
            sweepAge(now - retention.maxAgeMs(), wb);
            wb.put(StoreKeys.APPLIED, StoreKeys.longs(term, index));
            write(wb);
            return stored;
        } catch (RocksDBException e) {
            throw new IOException("store write failed at index " + index + ": " + e.getMessage(), e);
        }
    }

    private ChannelMeta loadOrCreateMeta(ChannelKey k, long index, WriteBatch wb) {
        return metaCache.computeIfAbsent(k, key -> {
            byte[] v = get(StoreKeys.channel(key));
            if (v != null) {
                return ChannelMeta.decode(v);
            }
            long id = nextChannelId++;
            try {
                wb.put(StoreKeys.channelById(id), StoreKeys.channelKeyValue(key));
            } catch (RocksDBException e) {
                throw new IllegalStateException(e);
            }
            return new ChannelMeta(id, index, 1, 1, 0);
        });
    }

    /**
     * Trims the oldest events while the channel is over its count or byte limit (keeping the newest event).
     * Sizes come from this entry's chunk or from the read-ahead window; a stored chunk is deleted when its last
     * event is trimmed. A chunk whose first events are trimmed stays stored whole until then.
     */
    private void trimBySize(ChannelMeta meta, RetentionPolicy retention, WriteBatch wb) throws RocksDBException {
        while (meta.count() > retention.maxEvents() || (meta.bytes > retention.maxBytes() && meta.count() > 1)) {
            long offset = meta.firstOffset;
            if (meta.pending != null && offset >= meta.pending.first) {
                meta.bytes -= meta.pending.dataLength(offset);
            } else {
                int i = readAhead(meta, offset);
                if (i >= 0) {
                    meta.bytes -= meta.sizes[i];
                    if (meta.lastOfChunk(i)) {
                        wb.delete(StoreKeys.event(meta.id, meta.chunkOf[i]));
                    }
                }
            }
            meta.firstOffset++;
        }
    }

    /**
     * Returns the read-ahead index of a stored event, reading ahead if needed, or -1 if it is not stored. On a
     * miss one iterator scan reads the sizes of whole chunks from the one holding {@code offset} until at least
     * {@value #TRIM_READ_AHEAD} events are known. Stored chunks never change, so what was read ahead stays right.
     */
    private int readAhead(ChannelMeta meta, long offset) {
        int known = meta.readAheadIndex(offset);
        if (known >= 0) {
            return known;
        }
        int[] sizes = meta.sizes != null ? meta.sizes : new int[TRIM_READ_AHEAD];
        long[] chunkOf = meta.chunkOf != null ? meta.chunkOf : new long[TRIM_READ_AHEAD];
        int n = 0;
        try (Bounded chunks = Bounded.chunks(db, meta.id, null)) {
            RocksIterator it = chunks.it;
            seekChunk(it, meta.id, offset);
            for (; it.isValid() && n < TRIM_READ_AHEAD; it.next()) {
                long start = StoreKeys.eventOffset(it.key());
                if (start > offset + n) {
                    break;
                }
                EventChunk.Cursor c = new EventChunk.Cursor(it.value(), start);
                while (c.next()) {
                    if (c.offset < offset + n) {
                        continue;
                    }
                    if (n == sizes.length) {
                        sizes = Arrays.copyOf(sizes, n * 2);
                        chunkOf = Arrays.copyOf(chunkOf, n * 2);
                    }
                    sizes[n] = c.dataLength();
                    chunkOf[n++] = start;
                }
            }
        }
        meta.sizes = sizes;
        meta.chunkOf = chunkOf;
        meta.sizesFrom = offset;
        meta.sizesCount = n;
        return n > 0 ? 0 : -1;
    }

    /**
     * An iterator bounded to one key range. Deleted keys (chunks that retention removed, expired idempotency
     * keys) stay as tombstones until a compaction drops them; an unbounded iterator stepping past the end of its
     * range walks over every such key of the ranges after it before reaching a live one. Without bounds a trim's
     * read-ahead and a read of a channel's newest events cost a scan of every chunk the next channel had deleted
     * since the last compaction.
     */
    private static final class Bounded implements AutoCloseable {
        private final Slice lower;
        private final Slice upper;
        private final ReadOptions options;
        final RocksIterator it;

        private Bounded(RocksDB db, byte[] from, byte[] to, Snapshot snapshot) {
            lower = new Slice(from);
            upper = to == null ? null : new Slice(to);
            options = new ReadOptions().setIterateLowerBound(lower);
            if (upper != null) {
                options.setIterateUpperBound(upper);
            }
            if (snapshot != null) {
                options.setSnapshot(snapshot);
            }
            it = db.newIterator(options);
        }

        /** The chunks of one channel, in a snapshot or (null) the current state. */
        static Bounded chunks(RocksDB db, long channelId, Snapshot snapshot) {
            return new Bounded(db, StoreKeys.event(channelId, 0), StoreKeys.event(channelId + 1, 0), snapshot);
        }

        /** The keys that start with {@code prefix}. */
        static Bounded prefixed(RocksDB db, byte[] prefix) {
            return new Bounded(db, prefix, prefixEnd(prefix), null);
        }

        /** Returns the least key above every key that starts with {@code prefix}, or null if there is none. */
        static byte[] prefixEnd(byte[] prefix) {
            for (int i = prefix.length - 1; i >= 0; i--) {
                if (prefix[i] != (byte) 0xFF) {
                    byte[] end = Arrays.copyOf(prefix, i + 1);
                    end[i]++;
                    return end;
                }
            }
            return null;
        }

        @Override
        public void close() {
            it.close();
            options.close();
            if (upper != null) {
                upper.close();
            }
            lower.close();
        }
    }

    /**
     * Positions {@code it}, bounded to channel {@code id}'s chunks ({@link Bounded#chunks}), at the chunk that
     * holds {@code offset}, or the next one.
     */
    private static void seekChunk(RocksIterator it, long id, long offset) {
        byte[] key = StoreKeys.event(id, offset);
        it.seekForPrev(key);
        if (!it.isValid()) {
            it.seek(key);
        }
    }

    /**
     * Deletes the idempotency keys stamped before {@code cutoffMs}, oldest first, at most
     * {@value #EXPIRE_KEYS_PER_TICK} per tick. The scan starts at {@link #expiryScanFromMs}: the expiry index
     * keys before it are deleted, and their tombstones stay until a compaction drops them, so a scan from the
     * index's start would step over every key expired since then (at 20,000 keyed publishes a second, millions)
     * on every tick.
     */
    private void expireKeys(long cutoffMs, WriteBatch wb) throws RocksDBException {
        byte[] start = ByteBuffer.allocate(9).put(StoreKeys.IDEMPOTENCY_EXPIRY).putLong(expiryScanFromMs).array();
        int n = 0;
        long scannedTo = cutoffMs;
        try (Bounded keys = Bounded.prefixed(db, new byte[] {StoreKeys.IDEMPOTENCY_EXPIRY})) {
            RocksIterator it = keys.it;
            for (it.seek(start); it.isValid(); it.next(), n++) {
                byte[] k = it.key();
                long stamp = ByteBuffer.wrap(k, 1, 8).getLong(); // the iterator holds expiry keys only
                if (stamp >= cutoffMs) {
                    break;
                }
                if (n == EXPIRE_KEYS_PER_TICK) {
                    scannedTo = stamp; // keys of this millisecond that sort before k are deleted, later ones not
                    break;
                }
                byte[] idemKey = StoreKeys.idempotencyFromExpiry(k);
                byte[] v = get(idemKey);
                // A newer publish with the same key re-armed it; only delete the entry this index points to.
                if (v != null && toLongs(v)[2] == stamp) {
                    wb.delete(idemKey);
                }
                wb.delete(k);
            }
        }
        expiryScanFromMs = Math.max(expiryScanFromMs, scannedTo);
    }

    private void sweepAge(long cutoffMs, WriteBatch wb) throws RocksDBException {
        byte[] c = get(StoreKeys.SWEEP_CURSOR);
        long cursor = c == null ? 0 : ByteBuffer.wrap(c).getLong();
        long next = 0;
        int n = 0;
        try (Bounded keys = Bounded.prefixed(db, new byte[] {StoreKeys.CHANNEL_BY_ID})) {
            RocksIterator it = keys.it;
            for (it.seek(StoreKeys.channelById(cursor)); it.isValid(); it.next()) {
                byte[] k = it.key();
                if (n++ == SWEEP_CHANNELS_PER_TICK) {
                    next = ByteBuffer.wrap(k, 1, 8).getLong();
                    break;
                }
                ChannelKey channel = StoreKeys.decodeChannelKeyValue(it.value());
                if (RetentionPolicy.exempt(channel)) {
                    continue;
                }
                ChannelMeta meta = loadOrCreateMeta(channel, 0, wb);
                long before = meta.firstOffset;
                sweepChannel(meta, cutoffMs, wb);
                if (meta.firstOffset != before) {
                    wb.put(StoreKeys.channel(channel), meta.encode());
                }
            }
        }
        wb.put(StoreKeys.SWEEP_CURSOR, StoreKeys.longs(next));
    }

    /**
     * Removes a channel's events stamped before {@code cutoffMs}, oldest first, walking its chunks with one
     * iterator: every event of a chunk has its entry's timestamp, so a chunk is either kept from the first kept
     * offset on or wholly removed.
     */
    private void sweepChannel(ChannelMeta meta, long cutoffMs, WriteBatch wb) throws RocksDBException {
        if (meta.count() == 0 || meta.firstKnownAtOrAfter(cutoffMs)) {
            return;
        }
        try (Bounded chunks = Bounded.chunks(db, meta.id, null)) {
            RocksIterator it = chunks.it;
            for (seekChunk(it, meta.id, meta.firstOffset); meta.count() > 0; it.next()) {
                if (!it.isValid()) {
                    meta.firstOffset = meta.nextOffset; // the rest is not stored: nothing to delete, no bytes to free
                    return;
                }
                long start = StoreKeys.eventOffset(it.key());
                meta.firstOffset = Math.max(meta.firstOffset, Math.min(start, meta.nextOffset)); // skip a gap
                if (meta.count() == 0) {
                    return;
                }
                EventChunk.Cursor c = new EventChunk.Cursor(it.value(), start);
                while (c.next()) {
                    if (c.offset < meta.firstOffset) {
                        continue;
                    }
                    if (c.timestamp() >= cutoffMs) {
                        meta.knowTimestamp(c.offset, c.timestamp());
                        return;
                    }
                    meta.bytes -= c.dataLength();
                    meta.firstOffset++;
                }
                wb.delete(it.key()); // every event of the chunk from the first kept offset on is removed
            }
        }
    }

    private void write(WriteBatch wb) throws RocksDBException {
        db.write(writeOptions, wb);
    }

    // ---------------------------------------------------------------- reads (any thread)

    /**
     * Reads events of a channel from an offset.
     *
     * @param channel the channel.
     * @param fromOffset the first offset wanted, from 1.
     * @param max the most events returned.
     * @return the events, or {@link ReadResult.Expired} if {@code fromOffset} is older than the oldest kept.
     */
    public ReadResult read(ChannelKey channel, long fromOffset, int max) {
        lifecycle.readLock().lock();
        try {
            checkOpen();
            Snapshot snap = db.getSnapshot();
            try (ReadOptions ro = new ReadOptions().setSnapshot(snap)) {
                byte[] mv = db.get(ro, StoreKeys.channel(channel));
                if (mv == null) {
                    return new ReadResult.Events(List.of(), Math.max(1, fromOffset), 0);
                }
                ChannelMeta meta = ChannelMeta.decode(mv);
                if (fromOffset < meta.firstOffset) {
                    return new ReadResult.Expired(meta.firstOffset, meta.epoch);
                }
                List<ChannelEvent> events = new ArrayList<>();
                long offset = fromOffset;
                try (Bounded chunks = Bounded.chunks(db, meta.id, snap)) {
                    RocksIterator it = chunks.it;
                    if (offset < meta.nextOffset) {
                        seekChunk(it, meta.id, offset);
                    }
                    for (; it.isValid() && events.size() < max && offset < meta.nextOffset; it.next()) {
                        if (StoreKeys.eventOffset(it.key()) > offset) {
                            throw new IllegalStateException("store corrupt: expected offset " + offset + " of "
                                    + channel);
                        }
                        EventChunk.Cursor c = new EventChunk.Cursor(it.value(), StoreKeys.eventOffset(it.key()));
                        while (c.next() && events.size() < max && offset < meta.nextOffset) {
                            if (c.offset == offset) {
                                events.add(EventCodec.decodeValue(channel, offset, meta.epoch, c.chunk, c.valuePos,
                                        c.valueLength));
                                offset++;
                            }
                        }
                    }
                }
                if (events.size() < max && offset < meta.nextOffset) {
                    throw new IllegalStateException("store corrupt: expected offset " + offset + " of " + channel);
                }
                return new ReadResult.Events(events, offset, meta.epoch);
            } catch (RocksDBException e) {
                throw new IllegalStateException("store read failed: " + e.getMessage(), e);
            } finally {
                db.releaseSnapshot(snap);
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * Returns the newest offset and the epoch of a channel.
     *
     * @param channel the channel.
     * @return {newest offset (0 if none), epoch (0 if none), oldest kept offset}.
     */
    public long[] latest(ChannelKey channel) {
        lifecycle.readLock().lock();
        try {
            checkOpen();
            byte[] mv = get(StoreKeys.channel(channel));
            if (mv == null) {
                return new long[] {0, 0, 1};
            }
            ChannelMeta meta = ChannelMeta.decode(mv);
            return new long[] {meta.nextOffset - 1, meta.epoch, meta.firstOffset};
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * Returns a channel's cluster-wide occupancy.
     *
     * @param channel the channel.
     * @return its totals; zero if no node holds it.
     */
    public ChannelOccupancy occupancy(ChannelKey channel) {
        lifecycle.readLock().lock();
        try {
            checkOpen();
            byte[] v = get(StoreKeys.strings(StoreKeys.OCC_CHANNEL, channel.app(), channel.channel()));
            return v == null ? new ChannelOccupancy(channel, 0, 0) : occupancyValue(channel, v);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private static ChannelOccupancy occupancyValue(ChannelKey channel, byte[] v) {
        ByteBuffer b = ByteBuffer.wrap(v);
        return new ChannelOccupancy(channel, (int) Math.min(Integer.MAX_VALUE, b.getLong()), b.getInt());
    }

    /**
     * Lists an app's occupied channels (at least one subscription) in this group, in no particular order.
     *
     * @param app the app.
     * @param prefix only channels starting with it.
     * @return the occupied channels.
     */
    public List<ChannelOccupancy> occupied(String app, String prefix) {
        lifecycle.readLock().lock();
        try {
            checkOpen();
            List<ChannelOccupancy> out = new ArrayList<>();
            for (byte[][] kv : scan(StoreKeys.strings(StoreKeys.OCC_CHANNEL, app))) {
                String channel = StoreKeys.decodeStrings(kv[0], 2)[1];
                ChannelOccupancy o = occupancyValue(new ChannelKey(app, channel), kv[1]);
                if (channel.startsWith(prefix) && o.occupied()) {
                    out.add(o);
                }
            }
            return out;
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * Lists the members of a presence channel, in user-id order.
     *
     * @param channel the channel.
     * @return the distinct present users with their user info.
     */
    public List<PresenceMember> members(ChannelKey channel) {
        lifecycle.readLock().lock();
        try {
            checkOpen();
            List<PresenceMember> out = new ArrayList<>();
            for (byte[][] kv : scan(StoreKeys.strings(StoreKeys.OCC_USER, channel.app(), channel.channel()))) {
                out.add(new PresenceMember(StoreKeys.decodeStrings(kv[0], 3)[2],
                        Arrays.copyOfRange(kv[1], 4, kv[1].length)));
            }
            out.sort(java.util.Comparator.comparing(PresenceMember::userId));
            return out;
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * Returns a consumer's stored position.
     *
     * @param consumer the name.
     * @return the position, 0 if never set.
     */
    public long position(String consumer) {
        lifecycle.readLock().lock();
        try {
            checkOpen();
            byte[] v = get(StoreKeys.position(consumer));
            return v == null ? 0 : ByteBuffer.wrap(v).getLong();
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * Lists every channel with its newest offset; used by tests and the status tool.
     *
     * @return channel to {newest offset, epoch, oldest offset}.
     */
    public Map<ChannelKey, long[]> channels() {
        lifecycle.readLock().lock();
        try {
            checkOpen();
            Map<ChannelKey, long[]> out = new HashMap<>();
            try (Bounded keys = Bounded.prefixed(db, new byte[] {StoreKeys.CHANNEL})) {
                RocksIterator it = keys.it;
                for (it.seek(new byte[] {StoreKeys.CHANNEL}); it.isValid(); it.next()) {
                    String[] names = StoreKeys.decodeStrings(it.key(), 2);
                    ChannelKey key = new ChannelKey(names[0], names[1]);
                    ChannelMeta m = ChannelMeta.decode(it.value());
                    out.put(key, new long[] {m.nextOffset - 1, m.epoch, m.firstOffset});
                }
            }
            return out;
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * Lists the first offsets of a channel's stored chunks (one per entry that stored events in it, until
     * retention removes the chunk's last event); for tests and diagnostics.
     *
     * @param channel the channel.
     * @return the chunks' first offsets, ascending; empty for an unknown channel.
     */
    List<Long> chunkStarts(ChannelKey channel) {
        lifecycle.readLock().lock();
        try {
            checkOpen();
            byte[] mv = get(StoreKeys.channel(channel));
            List<Long> out = new ArrayList<>();
            if (mv == null) {
                return out;
            }
            long id = ChannelMeta.decode(mv).id;
            try (Bounded chunks = Bounded.chunks(db, id, null)) {
                RocksIterator it = chunks.it;
                for (it.seek(StoreKeys.event(id, 0)); it.isValid(); it.next()) {
                    out.add(StoreKeys.eventOffset(it.key()));
                }
            }
            return out;
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * Runs {@code action} on this thread and returns how many deleted keys RocksDB's iterators and reads stepped
     * over meanwhile (its per-thread perf context); for tests of how far scans walk.
     *
     * @param action what to count, e.g. a read or an apply.
     * @return the deleted keys skipped.
     * @throws IOException if the action throws it.
     */
    long deletedKeysSkippedBy(IoAction action) throws IOException {
        PerfLevel before = db.getPerfLevel();
        db.setPerfLevel(PerfLevel.ENABLE_COUNT);
        try {
            PerfContext context = db.getPerfContext();
            context.reset();
            action.run();
            return context.getInternalDeleteSkippedCount();
        } finally {
            db.setPerfLevel(before);
        }
    }

    /** An action for {@link #deletedKeysSkippedBy}. */
    interface IoAction {
        void run() throws IOException;
    }

    /**
     * Returns a digest of the store's whole content except apply bookkeeping (the applied index and the entry
     * clock), so tests can check that every replica holds the same state.
     *
     * @return a 64-bit digest.
     */
    public long contentDigest() {
        lifecycle.readLock().lock();
        try {
            checkOpen();
            long h = 1125899906842597L;
            try (RocksIterator it = db.newIterator()) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    if (Arrays.equals(it.key(), StoreKeys.APPLIED) || Arrays.equals(it.key(), StoreKeys.CLOCK)) {
                        continue;
                    }
                    h = 31 * h + Arrays.hashCode(it.key());
                    h = 31 * h + Arrays.hashCode(it.value());
                }
            }
            return h;
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private byte[] get(byte[] key) {
        try {
            return db.get(key);
        } catch (RocksDBException e) {
            throw new IllegalStateException("store read failed: " + e.getMessage(), e);
        }
    }

    private static long[] toLongs(byte[] v) {
        ByteBuffer b = ByteBuffer.wrap(v);
        long[] out = new long[v.length / 8];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.getLong();
        }
        return out;
    }

    /**
     * Returns the directory of this store.
     *
     * @return the directory.
     */
    public Path dir() {
        return dir;
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreClosedException(dir);
        }
    }

    /**
     * Closes the store; waits for reads in progress, and later reads throw {@link StoreClosedException}.
     */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            db.close();
            writeOptions.close();
            options.close();
            blockCache.close();
            bloomFilter.close();
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path f : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(f);
            }
        }
    }
}
