package io.raftbus.log;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * The settings of one raft-log node, or of a client of a cluster. Immutable; built by {@link #builder()} or
 * parsed once at start-up by {@link #fromProperties(Properties)}, which names the key and the bad value of any
 * setting it refuses.
 *
 * @param nodeId this node's id; must be one of {@code peers} for a node, may be null for a client.
 * @param peers every voting member of the cluster.
 * @param dataDir where this node keeps its Raft log, snapshots and store.
 * @param groupCount how many Raft groups channels are hashed onto.
 * @param maxEventBytes the largest event payload accepted.
 * @param maxBatchBytes the largest batch of publishes coalesced into one log entry.
 * @param batchLinger how long the group-commit publisher waits for more publishes when a batch is not full.
 * @param maxInFlightEntries how many log entries one group's publisher may have waiting for commit.
 * @param dedupeWindow how long an idempotency key is remembered.
 * @param retention how much history each channel keeps.
 * @param tickInterval how often the leader appends a tick entry that expires old events and keys.
 * @param snapshotEveryEntries take a snapshot after this many applied entries.
 * @param snapshotInterval take a snapshot at least this often while entries are being applied.
 * @param electionTimeoutMin the lower bound of the randomised election timeout.
 * @param electionTimeoutMax the upper bound of the randomised election timeout.
 * @param requestTimeout how long one client attempt waits for a reply.
 * @param clientRetries how many times a client retries before it answers {@link LogError#UNAVAILABLE}.
 * @param minFreeDiskBytes the leader refuses publishes when its data disk has less free space than this.
 * @param logSegmentBytes the size of one Raft log segment file.
 */
public record RaftLogConfig(String nodeId, List<PeerAddress> peers, Path dataDir, int groupCount, int maxEventBytes,
                            int maxBatchBytes, Duration batchLinger, int maxInFlightEntries, Duration dedupeWindow,
                            RetentionPolicy retention, Duration tickInterval, long snapshotEveryEntries,
                            Duration snapshotInterval, Duration electionTimeoutMin, Duration electionTimeoutMax,
                            Duration requestTimeout, int clientRetries, long minFreeDiskBytes,
                            long logSegmentBytes) {

    /** Every property name with its default and a one-line description. */
    public static final class Keys {
        /** This node's id. No default; required for {@code raftbus node}. */
        public static final String NODE_ID = "raftbus.log.node-id";
        /** The voting members, {@code id=host:port,...}. Required. */
        public static final String PEERS = "raftbus.log.peers";
        /** Data directory of this node. */
        public static final String DATA_DIR = "raftbus.log.data-dir";
        /** Default data directory. */
        public static final String DATA_DIR_DEFAULT = "data";
        /** Number of Raft groups. */
        public static final String GROUP_COUNT = "raftbus.log.group-count";
        /**
         * Default number of Raft groups: 1. Measured on the 2-core reference machine (docs/benchmarks.md):
         * every group adds an apply thread, a log worker and appenders per node, and with 2 groups peak
         * throughput fell from 80k to 58k events/s. Use about one group per 2 cores on larger machines.
         */
        public static final int GROUP_COUNT_DEFAULT = 1;
        /** Largest event payload, bytes. */
        public static final String MAX_EVENT_BYTES = "raftbus.log.max-event-bytes";
        /** Default largest event payload: 1 MiB (the Pusher edge applies its own, smaller per-app limit). */
        public static final int MAX_EVENT_BYTES_DEFAULT = 1 << 20;
        /** Largest batch in one log entry, bytes. */
        public static final String MAX_BATCH_BYTES = "raftbus.log.max-batch-bytes";
        /** Default largest batch: 4 MiB. */
        public static final int MAX_BATCH_BYTES_DEFAULT = 4 << 20;
        /** Group-commit linger, microseconds. */
        public static final String BATCH_LINGER_US = "raftbus.log.batch-linger-us";
        /** Default linger: 200 microseconds. */
        public static final long BATCH_LINGER_US_DEFAULT = 200;
        /** Entries in flight per group and client. */
        public static final String MAX_IN_FLIGHT = "raftbus.log.max-in-flight-entries";
        /**
         * Default entries in flight per group and client: 1. Measured (docs/benchmarks.md): Ratis costs a fixed
         * amount per entry and the entries of every client of a group share one pipeline, so fewer, larger
         * entries win. Every node's edge is a client, so a 3-node cluster has up to 3 entries in flight with 1,
         * and 6 with 2: at 20k events/s over all three edges, 1 answered HTTP publishes at p50 12 ms instead of
         * 18-21 ms; a single client's peak throughput is about 10% lower (168k vs 186k events/s), so a node
         * fed by one large publisher may set 2.
         */
        public static final int MAX_IN_FLIGHT_DEFAULT = 1;
        /** Idempotency window, milliseconds. */
        public static final String DEDUPE_WINDOW_MS = "raftbus.log.dedupe-window-ms";
        /** Default idempotency window: 2 minutes. */
        public static final long DEDUPE_WINDOW_MS_DEFAULT = 120_000;
        /** Retention by count. */
        public static final String RETENTION_EVENTS = "raftbus.log.retention.max-events";
        /** Retention by age, milliseconds. */
        public static final String RETENTION_AGE_MS = "raftbus.log.retention.max-age-ms";
        /** Retention by payload bytes. */
        public static final String RETENTION_BYTES = "raftbus.log.retention.max-bytes";
        /** Tick interval, milliseconds. */
        public static final String TICK_INTERVAL_MS = "raftbus.log.tick-interval-ms";
        /** Default tick interval: 5 seconds. */
        public static final long TICK_INTERVAL_MS_DEFAULT = 1_000;
        /** Snapshot after this many entries. */
        public static final String SNAPSHOT_EVERY_ENTRIES = "raftbus.log.snapshot.every-entries";
        /** Default: a snapshot every 20,000 entries. */
        public static final long SNAPSHOT_EVERY_ENTRIES_DEFAULT = 20_000;
        /** Snapshot at least this often, milliseconds. */
        public static final String SNAPSHOT_INTERVAL_MS = "raftbus.log.snapshot.interval-ms";
        /** Default: a snapshot at least every 10 minutes while there is new data. */
        public static final long SNAPSHOT_INTERVAL_MS_DEFAULT = 600_000;
        /** Election timeout lower bound, milliseconds. */
        public static final String ELECTION_MIN_MS = "raftbus.log.election-timeout-min-ms";
        /** Default: 1 second, so a JVM pause or a busy 2-core machine does not start needless elections. */
        public static final long ELECTION_MIN_MS_DEFAULT = 1_000;
        /** Election timeout upper bound, milliseconds. */
        public static final String ELECTION_MAX_MS = "raftbus.log.election-timeout-max-ms";
        /** Default: 2 seconds. */
        public static final long ELECTION_MAX_MS_DEFAULT = 2_000;
        /** Client attempt timeout, milliseconds. */
        public static final String REQUEST_TIMEOUT_MS = "raftbus.log.request-timeout-ms";
        /** Default: 3 seconds. */
        public static final long REQUEST_TIMEOUT_MS_DEFAULT = 3_000;
        /** Client retries. */
        public static final String CLIENT_RETRIES = "raftbus.log.client-retries";
        /** Default: 150 retries, 100 ms apart: long enough to ride out an election with 1-2 s timeouts. */
        public static final int CLIENT_RETRIES_DEFAULT = 150;
        /** Minimum free disk, bytes. */
        public static final String MIN_FREE_DISK_BYTES = "raftbus.log.min-free-disk-bytes";
        /** Default: 256 MiB. */
        public static final long MIN_FREE_DISK_BYTES_DEFAULT = 256L << 20;
        /** Raft log segment size, bytes. */
        public static final String LOG_SEGMENT_BYTES = "raftbus.log.segment-bytes";
        /** Default: 64 MiB. */
        public static final long LOG_SEGMENT_BYTES_DEFAULT = 64L << 20;

        private Keys() {
        }

        /**
         * Lists every key with its default and meaning, in the order of the README's table.
         *
         * @return key to "default | meaning".
         */
        public static Map<String, String> describe() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put(NODE_ID, "(none) | this node's id, one of the peers");
            m.put(PEERS, "(none) | voting members, id=host:port,...");
            m.put(DATA_DIR, DATA_DIR_DEFAULT + " | Raft log, snapshots and store of this node");
            m.put(GROUP_COUNT, GROUP_COUNT_DEFAULT + " | Raft groups that channels are hashed onto");
            m.put(MAX_EVENT_BYTES, MAX_EVENT_BYTES_DEFAULT + " | largest event payload");
            m.put(MAX_BATCH_BYTES, MAX_BATCH_BYTES_DEFAULT + " | largest batch of publishes in one entry");
            m.put(BATCH_LINGER_US, BATCH_LINGER_US_DEFAULT + " | group-commit wait for a fuller batch");
            m.put(MAX_IN_FLIGHT, MAX_IN_FLIGHT_DEFAULT
                    + " | entries awaiting commit per group and client (each node's edge is a client)");
            m.put(DEDUPE_WINDOW_MS, DEDUPE_WINDOW_MS_DEFAULT + " | how long an idempotency key is remembered");
            m.put(RETENTION_EVENTS, RetentionPolicy.DEFAULT.maxEvents() + " | events kept per channel");
            m.put(RETENTION_AGE_MS, RetentionPolicy.DEFAULT.maxAgeMs() + " | oldest event kept, leader time");
            m.put(RETENTION_BYTES, RetentionPolicy.DEFAULT.maxBytes() + " | payload bytes kept per channel");
            m.put(TICK_INTERVAL_MS, TICK_INTERVAL_MS_DEFAULT + " | leader tick that applies age retention");
            m.put(SNAPSHOT_EVERY_ENTRIES, SNAPSHOT_EVERY_ENTRIES_DEFAULT + " | snapshot after this many entries");
            m.put(SNAPSHOT_INTERVAL_MS, SNAPSHOT_INTERVAL_MS_DEFAULT + " | snapshot at least this often");
            m.put(ELECTION_MIN_MS, ELECTION_MIN_MS_DEFAULT + " | election timeout, lower bound");
            m.put(ELECTION_MAX_MS, ELECTION_MAX_MS_DEFAULT + " | election timeout, upper bound");
            m.put(REQUEST_TIMEOUT_MS, REQUEST_TIMEOUT_MS_DEFAULT + " | one client attempt");
            m.put(CLIENT_RETRIES, CLIENT_RETRIES_DEFAULT + " | client retries, 100 ms apart");
            m.put(MIN_FREE_DISK_BYTES, MIN_FREE_DISK_BYTES_DEFAULT + " | refuse publishes below this free space");
            m.put(LOG_SEGMENT_BYTES, LOG_SEGMENT_BYTES_DEFAULT + " | Raft log segment size");
            return m;
        }
    }

    /** Checks every setting; the message names the setting. */
    public RaftLogConfig {
        peers = List.copyOf(Objects.requireNonNull(peers, "peers"));
        Objects.requireNonNull(dataDir, "dataDir");
        require(!peers.isEmpty(), Keys.PEERS, "at least one peer is required");
        require(peers.stream().map(PeerAddress::id).distinct().count() == peers.size(), Keys.PEERS,
                "node ids must be distinct: " + peers);
        require(nodeId == null || peers.stream().anyMatch(p -> p.id().equals(nodeId)), Keys.NODE_ID,
                "'" + nodeId + "' is not one of the peers " + peers);
        require(groupCount >= 1 && groupCount <= 64, Keys.GROUP_COUNT, "must be 1..64: " + groupCount);
        require(maxEventBytes >= 1, Keys.MAX_EVENT_BYTES, "must be positive: " + maxEventBytes);
        require(maxBatchBytes >= maxEventBytes + 4096, Keys.MAX_BATCH_BYTES,
                "must exceed max-event-bytes by 4096: " + maxBatchBytes);
        require(maxBatchBytes <= 32 << 20, Keys.MAX_BATCH_BYTES, "must be at most 32 MiB: " + maxBatchBytes);
        require(!batchLinger.isNegative(), Keys.BATCH_LINGER_US, "must not be negative: " + batchLinger);
        require(maxInFlightEntries >= 1 && maxInFlightEntries <= 90, Keys.MAX_IN_FLIGHT,
                "must be 1..90: " + maxInFlightEntries);
        require(dedupeWindow.toMillis() >= 1, Keys.DEDUPE_WINDOW_MS, "must be positive: " + dedupeWindow.toMillis());
        Objects.requireNonNull(retention, "retention");
        require(tickInterval.toMillis() >= 10, Keys.TICK_INTERVAL_MS, "must be >= 10 ms: " + tickInterval.toMillis());
        require(snapshotEveryEntries >= 1, Keys.SNAPSHOT_EVERY_ENTRIES, "must be positive: " + snapshotEveryEntries);
        require(snapshotInterval.toMillis() >= 100, Keys.SNAPSHOT_INTERVAL_MS,
                "must be >= 100 ms: " + snapshotInterval.toMillis());
        require(electionTimeoutMin.toMillis() >= 100, Keys.ELECTION_MIN_MS,
                "must be >= 100 ms: " + electionTimeoutMin.toMillis());
        require(electionTimeoutMax.compareTo(electionTimeoutMin) > 0, Keys.ELECTION_MAX_MS,
                "must be greater than " + Keys.ELECTION_MIN_MS + " (" + electionTimeoutMin.toMillis() + "): "
                        + electionTimeoutMax.toMillis());
        require(requestTimeout.toMillis() >= 100, Keys.REQUEST_TIMEOUT_MS,
                "must be >= 100 ms: " + requestTimeout.toMillis());
        require(clientRetries >= 0, Keys.CLIENT_RETRIES, "must not be negative: " + clientRetries);
        require(minFreeDiskBytes >= 0, Keys.MIN_FREE_DISK_BYTES, "must not be negative: " + minFreeDiskBytes);
        require(logSegmentBytes >= 1 << 20, Keys.LOG_SEGMENT_BYTES, "must be at least 1 MiB: " + logSegmentBytes);
    }

    private static void require(boolean ok, String key, String message) {
        if (!ok) {
            throw new IllegalArgumentException(key + ": " + message);
        }
    }

    /**
     * Returns this node's address.
     *
     * @return the peer whose id is {@link #nodeId()}.
     * @throws IllegalStateException if this is a client config with no node id.
     */
    public PeerAddress self() {
        return peers.stream().filter(p -> p.id().equals(nodeId)).findFirst()
                .orElseThrow(() -> new IllegalStateException(Keys.NODE_ID + " is not set"));
    }

    /**
     * Returns a copy for another node of the same cluster, with its own data directory.
     *
     * @param id the other node's id.
     * @param dir its data directory.
     * @return the copy.
     */
    public RaftLogConfig withNode(String id, Path dir) {
        return toBuilder().nodeId(id).dataDir(dir).build();
    }

    /**
     * Returns a builder with the defaults.
     *
     * @return a new builder.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding this config's values.
     *
     * @return a new builder.
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.nodeId = nodeId;
        b.peers = new ArrayList<>(peers);
        b.dataDir = dataDir;
        b.groupCount = groupCount;
        b.maxEventBytes = maxEventBytes;
        b.maxBatchBytes = maxBatchBytes;
        b.batchLinger = batchLinger;
        b.maxInFlightEntries = maxInFlightEntries;
        b.dedupeWindow = dedupeWindow;
        b.retention = retention;
        b.tickInterval = tickInterval;
        b.snapshotEveryEntries = snapshotEveryEntries;
        b.snapshotInterval = snapshotInterval;
        b.electionTimeoutMin = electionTimeoutMin;
        b.electionTimeoutMax = electionTimeoutMax;
        b.requestTimeout = requestTimeout;
        b.clientRetries = clientRetries;
        b.minFreeDiskBytes = minFreeDiskBytes;
        b.logSegmentBytes = logSegmentBytes;
        return b;
    }

    /**
     * Parses a config from properties; unknown {@code raftbus.log.*} keys are refused so typos are caught.
     *
     * @param p the properties.
     * @return the config.
     * @throws IllegalArgumentException naming the key and the bad value.
     */
    public static RaftLogConfig fromProperties(Properties p) {
        for (String name : p.stringPropertyNames()) {
            if (name.startsWith("raftbus.log.") && !Keys.describe().containsKey(name)) {
                throw new IllegalArgumentException(name + ": unknown setting (known: "
                        + String.join(", ", Keys.describe().keySet()) + ")");
            }
        }
        Builder b = builder();
        b.nodeId(p.getProperty(Keys.NODE_ID));
        String peers = p.getProperty(Keys.PEERS);
        if (peers == null || peers.isBlank()) {
            throw new IllegalArgumentException(Keys.PEERS + ": required, e.g. n1=127.0.0.1:7001,n2=...");
        }
        List<PeerAddress> list = new ArrayList<>();
        for (String s : peers.split(",")) {
            try {
                list.add(PeerAddress.parse(s));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(Keys.PEERS + ": " + e.getMessage(), e);
            }
        }
        b.peers(list);
        b.dataDir(Path.of(p.getProperty(Keys.DATA_DIR, Keys.DATA_DIR_DEFAULT)));
        b.groupCount(intNum(p, Keys.GROUP_COUNT, Keys.GROUP_COUNT_DEFAULT));
        b.maxEventBytes(intNum(p, Keys.MAX_EVENT_BYTES, Keys.MAX_EVENT_BYTES_DEFAULT));
        b.maxBatchBytes(intNum(p, Keys.MAX_BATCH_BYTES, Keys.MAX_BATCH_BYTES_DEFAULT));
        b.batchLinger(Duration.ofNanos(1000 * num(p, Keys.BATCH_LINGER_US, Keys.BATCH_LINGER_US_DEFAULT,
                Long.MAX_VALUE / 1000)));
        b.maxInFlightEntries(intNum(p, Keys.MAX_IN_FLIGHT, Keys.MAX_IN_FLIGHT_DEFAULT));
        b.dedupeWindow(Duration.ofMillis(num(p, Keys.DEDUPE_WINDOW_MS, Keys.DEDUPE_WINDOW_MS_DEFAULT)));
        RetentionPolicy d = RetentionPolicy.DEFAULT;
        long events = num(p, Keys.RETENTION_EVENTS, d.maxEvents());
        long age = num(p, Keys.RETENTION_AGE_MS, d.maxAgeMs());
        long bytes = num(p, Keys.RETENTION_BYTES, d.maxBytes());
        require(events >= 1, Keys.RETENTION_EVENTS, "must be positive: " + events);
        require(age >= 1, Keys.RETENTION_AGE_MS, "must be positive: " + age);
        require(bytes >= 1, Keys.RETENTION_BYTES, "must be positive: " + bytes);
        b.retention(new RetentionPolicy(events, age, bytes));
        b.tickInterval(Duration.ofMillis(num(p, Keys.TICK_INTERVAL_MS, Keys.TICK_INTERVAL_MS_DEFAULT)));
        b.snapshotEveryEntries(num(p, Keys.SNAPSHOT_EVERY_ENTRIES, Keys.SNAPSHOT_EVERY_ENTRIES_DEFAULT));
        b.snapshotInterval(Duration.ofMillis(num(p, Keys.SNAPSHOT_INTERVAL_MS, Keys.SNAPSHOT_INTERVAL_MS_DEFAULT)));
        b.electionTimeoutMin(Duration.ofMillis(num(p, Keys.ELECTION_MIN_MS, Keys.ELECTION_MIN_MS_DEFAULT)));
        b.electionTimeoutMax(Duration.ofMillis(num(p, Keys.ELECTION_MAX_MS, Keys.ELECTION_MAX_MS_DEFAULT)));
        b.requestTimeout(Duration.ofMillis(num(p, Keys.REQUEST_TIMEOUT_MS, Keys.REQUEST_TIMEOUT_MS_DEFAULT)));
        b.clientRetries(intNum(p, Keys.CLIENT_RETRIES, Keys.CLIENT_RETRIES_DEFAULT));
        b.minFreeDiskBytes(num(p, Keys.MIN_FREE_DISK_BYTES, Keys.MIN_FREE_DISK_BYTES_DEFAULT));
        b.logSegmentBytes(num(p, Keys.LOG_SEGMENT_BYTES, Keys.LOG_SEGMENT_BYTES_DEFAULT));
        return b.build();
    }

    private static long num(Properties p, String key, long dflt) {
        return num(p, key, dflt, Long.MAX_VALUE);
    }

    private static int intNum(Properties p, String key, int dflt) {
        return (int) num(p, key, dflt, Integer.MAX_VALUE);
    }

    private static long num(Properties p, String key, long dflt, long max) {
        String v = p.getProperty(key);
        if (v == null) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v.trim().replace("_", ""));
            if (n < 0 || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": expected a non-negative whole number"
                    + (max == Long.MAX_VALUE ? "" : " up to " + max) + " but got '" + v + "'", e);
        }
    }

    /** Builds a {@link RaftLogConfig}; starts from the documented defaults. */
    public static final class Builder {
        private String nodeId;
        private List<PeerAddress> peers = new ArrayList<>();
        private Path dataDir = Path.of(Keys.DATA_DIR_DEFAULT);
        private int groupCount = Keys.GROUP_COUNT_DEFAULT;
        private int maxEventBytes = Keys.MAX_EVENT_BYTES_DEFAULT;
        private int maxBatchBytes = Keys.MAX_BATCH_BYTES_DEFAULT;
        private Duration batchLinger = Duration.ofNanos(Keys.BATCH_LINGER_US_DEFAULT * 1000);
        private int maxInFlightEntries = Keys.MAX_IN_FLIGHT_DEFAULT;
        private Duration dedupeWindow = Duration.ofMillis(Keys.DEDUPE_WINDOW_MS_DEFAULT);
        private RetentionPolicy retention = RetentionPolicy.DEFAULT;
        private Duration tickInterval = Duration.ofMillis(Keys.TICK_INTERVAL_MS_DEFAULT);
        private long snapshotEveryEntries = Keys.SNAPSHOT_EVERY_ENTRIES_DEFAULT;
        private Duration snapshotInterval = Duration.ofMillis(Keys.SNAPSHOT_INTERVAL_MS_DEFAULT);
        private Duration electionTimeoutMin = Duration.ofMillis(Keys.ELECTION_MIN_MS_DEFAULT);
        private Duration electionTimeoutMax = Duration.ofMillis(Keys.ELECTION_MAX_MS_DEFAULT);
        private Duration requestTimeout = Duration.ofMillis(Keys.REQUEST_TIMEOUT_MS_DEFAULT);
        private int clientRetries = Keys.CLIENT_RETRIES_DEFAULT;
        private long minFreeDiskBytes = Keys.MIN_FREE_DISK_BYTES_DEFAULT;
        private long logSegmentBytes = Keys.LOG_SEGMENT_BYTES_DEFAULT;

        private Builder() {
        }

        /** @param v this node's id, or null for a client. @return this builder. */
        public Builder nodeId(String v) {
            nodeId = v;
            return this;
        }

        /** @param v every voting member. @return this builder. */
        public Builder peers(List<PeerAddress> v) {
            peers = new ArrayList<>(v);
            return this;
        }

        /** @param v the data directory. @return this builder. */
        public Builder dataDir(Path v) {
            dataDir = v;
            return this;
        }

        /** @param v the number of Raft groups. @return this builder. */
        public Builder groupCount(int v) {
            groupCount = v;
            return this;
        }

        /** @param v the largest event payload. @return this builder. */
        public Builder maxEventBytes(int v) {
            maxEventBytes = v;
            return this;
        }

        /** @param v the largest batch. @return this builder. */
        public Builder maxBatchBytes(int v) {
            maxBatchBytes = v;
            return this;
        }

        /** @param v the group-commit linger. @return this builder. */
        public Builder batchLinger(Duration v) {
            batchLinger = v;
            return this;
        }

        /** @param v entries in flight per group. @return this builder. */
        public Builder maxInFlightEntries(int v) {
            maxInFlightEntries = v;
            return this;
        }

        /** @param v the idempotency window. @return this builder. */
        public Builder dedupeWindow(Duration v) {
            dedupeWindow = v;
            return this;
        }

        /** @param v the retention policy. @return this builder. */
        public Builder retention(RetentionPolicy v) {
            retention = v;
            return this;
        }

        /** @param v the tick interval. @return this builder. */
        public Builder tickInterval(Duration v) {
            tickInterval = v;
            return this;
        }

        /** @param v entries between snapshots. @return this builder. */
        public Builder snapshotEveryEntries(long v) {
            snapshotEveryEntries = v;
            return this;
        }

        /** @param v the longest time between snapshots. @return this builder. */
        public Builder snapshotInterval(Duration v) {
            snapshotInterval = v;
            return this;
        }

        /** @param v the election timeout lower bound. @return this builder. */
        public Builder electionTimeoutMin(Duration v) {
            electionTimeoutMin = v;
            return this;
        }

        /** @param v the election timeout upper bound. @return this builder. */
        public Builder electionTimeoutMax(Duration v) {
            electionTimeoutMax = v;
            return this;
        }

        /** @param v one client attempt's timeout. @return this builder. */
        public Builder requestTimeout(Duration v) {
            requestTimeout = v;
            return this;
        }

        /** @param v client retries. @return this builder. */
        public Builder clientRetries(int v) {
            clientRetries = v;
            return this;
        }

        /** @param v the free-space floor. @return this builder. */
        public Builder minFreeDiskBytes(long v) {
            minFreeDiskBytes = v;
            return this;
        }

        /** @param v the Raft log segment size. @return this builder. */
        public Builder logSegmentBytes(long v) {
            logSegmentBytes = v;
            return this;
        }

        /**
         * Builds and checks the config.
         *
         * @return the config.
         * @throws IllegalArgumentException naming the bad setting.
         */
        public RaftLogConfig build() {
            return new RaftLogConfig(nodeId, peers, dataDir, groupCount, maxEventBytes, maxBatchBytes, batchLinger,
                    maxInFlightEntries, dedupeWindow, retention, tickInterval, snapshotEveryEntries,
                    snapshotInterval, electionTimeoutMin, electionTimeoutMax, requestTimeout, clientRetries,
                    minFreeDiskBytes, logSegmentBytes);
        }
    }
}
