package io.raftbus.log.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftbus.log.ChannelCount;
import io.raftbus.log.ChannelEvent;
import io.raftbus.log.ChannelKey;
import io.raftbus.log.ChannelOccupancy;
import io.raftbus.log.ClusterEvents;
import io.raftbus.log.MemberCount;
import io.raftbus.log.OccupancyReport;
import io.raftbus.log.PresenceMember;
import io.raftbus.log.PublishCommand;
import io.raftbus.log.PublishResult;
import io.raftbus.log.ReadResult;
import io.raftbus.log.RetentionPolicy;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.server.storage.RaftStorageDirectory;
import org.apache.ratis.server.storage.RaftStorageMetadataFile;
import org.apache.ratis.statemachine.SnapshotInfo;

/**
 * A model-based property test of the deterministic core of the state machine.
 *
 * <p>Each try generates a sequence of actions — publish batches over a few channels (some commands carry
 * idempotency keys, some are retries of earlier keyed commands), ticks that advance the leader's clock,
 * position compare-and-sets, a leader change (a new term and a Raft no-op entry), a snapshot of one replica and a
 * restart of one replica — and turns them into one Raft log. Every entry is encoded with {@link EntryCodec},
 * stamped with the leader time as {@code startTransaction} does, and applied through
 * {@link ChannelLogStateMachine#apply(long, long, ByteBuffer)} (the method {@code applyTransaction} calls) on
 * three replicas, each a real {@link ChannelLogStateMachine} with its own RocksDB store and snapshot directory.
 * No Ratis server runs: {@code initialize} gets a stub {@link RaftServer} (only {@code getId}) and a stub
 * {@link RaftStorage} rooted in a temporary directory, and the {@link GroupSettings} clock fails the test if the
 * apply path reads it. A snapshot is {@link ChannelLogStateMachine#takeSnapshot()}; a restart closes the replica,
 * builds a new state machine on the same directories (which restores the store from the newest snapshot) and
 * replays every entry after the snapshot, as Ratis would.
 *
 * <p>After every action: every replica has the same {@link ChannelStore#contentDigest()}, the same replies and
 * the same reads; each channel's offsets are dense ({@code oldest..newest}, no gap); a read below the oldest
 * kept offset answers {@link ReadResult.Expired}; and everything equals a plain in-memory model of channels,
 * idempotency keys, retention (count, bytes, age) and positions. A retried key within the window must answer
 * the first offset with {@code duplicate=true} and store nothing. At the end, the events handed to the
 * listener of the replica that never restarted are exactly the events the model stored, in order.
 */
class ChannelStateMachinePropertyTest {
    private static final long WINDOW_MS = 1_000;
    private static final RetentionPolicy RETENTION = new RetentionPolicy(4, 4_000, 200);
    private static final long T0 = 1_700_000_000_000L;
    private static final int REPLICAS = 3;
    private static final List<ChannelKey> CHANNELS = List.of(new ChannelKey("app1", "orders"),
            new ChannelKey("app1", "private-chat@eu,1"), new ChannelKey("app-2", "orders"),
            new ChannelKey("app-2", "#server-to-user-42"));
    private static final List<String> KEYS = List.of("k1", "k2", "k3", "\u043a\u043b\u044e\u0447-\ud83d\udd11");
    private static final List<String> CONSUMERS = List.of("exporter.orders", "stream-app-1");
    private static final String SYSTEM = ClusterEvents.clusterChannel(0);
    private static final List<String> NODES = List.of("edge-a", "edge-b", "edge-c");
    private static final List<ChannelKey> OCC_CHANNELS = List.of(CHANNELS.get(0), CHANNELS.get(2),
            new ChannelKey("app1", "presence-room"));
    private static final List<String> USERS = List.of("u1", "u2", "u3");
    private static final List<String> USER_INFOS = List.of("", "{\"name\":\"Ann\"}", "{\"name\":\"Bo\"}");
    private static final Pattern CHANNEL_FIELD = Pattern.compile("\"channel\":\"([^\"]*)\"");
    private static final Pattern USER_FIELD = Pattern.compile("\"user_id\":\"([^\"]*)\"");
    private static final Pattern COUNT_FIELD = Pattern.compile("\"subscription_count\":(\\d+)");
    private static final List<String> EVENT_NAMES = List.of("order-created", "client-typing",
            "\u00e9v\u00e9nement", "\u4e8b\u4ef6", "\ud83d\ude80launch");

    @Property(tries = 50)
    void shouldKeepEveryReplicaEqualToTheModelWhenActionsAreArbitrary(@ForAll("scenarios") List<Action> actions)
            throws IOException {
        try (Cluster cluster = new Cluster()) {
            for (Action action : actions) {
                cluster.run(action);
                cluster.checkInvariants();
            }
            cluster.reportBackgroundSnapshots();
            cluster.checkDeliveredToListeners();

            cluster.checkTransitions();

            Statistics.label("node expired").collect(cluster.expiries > 0);
            Statistics.label("node expired").coverage(c -> c.check(true).percentage(p -> p >= 10));
            Statistics.label("duplicate answered").collect(cluster.duplicates > 0);
            Statistics.label("read expired").collect(cluster.expiredReads > 0);
            Statistics.label("restart replayed after a snapshot").collect(cluster.replayedAfterSnapshot > 0);
            Statistics.label("background snapshot reported").collect(cluster.backgroundReported > 0);
            // The generator must reach the interesting cases; thresholds sit far below the measured rates.
            Statistics.label("duplicate answered").coverage(c -> c.check(true).percentage(p -> p >= 30));
            Statistics.label("read expired").coverage(c -> c.check(true).percentage(p -> p >= 20));
            Statistics.label("restart replayed after a snapshot")
                    .coverage(c -> c.check(true).percentage(p -> p >= 2));
            Statistics.label("background snapshot reported")
                    .coverage(c -> c.check(true).percentage(p -> p >= 5));
        }
    }

    // ------------------------------------------------------------------ actions

    /** One step of a scenario. */
    sealed interface Action {
    }

    /** A batch of publishes, appended {@code advanceMs} after the previous entry. */
    record Publish(List<Item> items, int advanceMs) implements Action {
    }

    /** One publish in a batch. */
    sealed interface Item {
    }

    /** A new command; {@code key} indexes {@link #KEYS}, or null for none. */
    record Fresh(int channel, String event, byte[] data, Integer key, String socket, int schema) implements Item {
        PublishCommand command() {
            // Client events carry the sender's user id, so batches mix PUBLISH_BATCH and PUBLISH_BATCH_V2.
            return new PublishCommand(CHANNELS.get(channel), event, data, key == null ? null : KEYS.get(key),
                    socket, schema, event.startsWith("client-") ? "user-\u00e9" : null);
        }

        @Override
        public String toString() {
            return "Fresh[ch=" + channel + " " + event + " " + data.length + "B key=" + key + "]";
        }
    }

    /** A client retrying an earlier keyed command: {@code pick} modulo the number of keyed commands so far. */
    record Retry(int pick) implements Item {
    }

    /** A leader tick {@code advanceMs} after the previous entry. */
    record Tick(int advanceMs) implements Action {
    }

    /** A compare-and-set of a consumer position, with the current position or a stale one. */
    record SetPosition(int consumer, boolean stale, long next) implements Action {
    }

    /**
     * An occupancy report of node {@code node} {@code advanceMs} after the previous entry: subscription counts
     * (channel index, count) and member counts (channel index, user index, info index, connections).
     */
    record Report(int node, boolean full, long timeoutMs, List<int[]> channels, List<int[]> members,
                  int advanceMs) implements Action {
        OccupancyReport report() {
            return new OccupancyReport(NODES.get(node), timeoutMs, full,
                    channels.stream().map(c -> new ChannelCount(OCC_CHANNELS.get(c[0]), c[1])).toList(),
                    members.stream().map(m -> new MemberCount(OCC_CHANNELS.get(m[0]), USERS.get(m[1]),
                            USER_INFOS.get(m[2]).getBytes(StandardCharsets.UTF_8), m[3])).toList());
        }

        @Override
        public String toString() {
            return "Report[" + report() + " counts=" + channels.stream().map(Arrays::toString).toList()
                    + " members=" + members.stream().map(Arrays::toString).toList() + "]";
        }
    }

    /**
     * A snapshot of one replica: written at once, or (as Ratis' entry-count trigger does) started in the
     * background while the following actions go on applying; a later background request reports it.
     */
    record Snapshot(int replica, boolean background) implements Action {
    }

    /** A crash and restart of replica 1 or 2 (replica 0 never restarts: its listener sees every event once). */
    record Restart(int replica) implements Action {
    }

    /** A leader change: a new term that starts with {@code noOps} entries the state machine only counts. */
    record NewLeader(int noOps) implements Action {
    }

    @Provide
    Arbitrary<List<Action>> scenarios() {
        Arbitrary<Integer> channel = Arbitraries.frequency(List.of(Tuple.of(4, 0), Tuple.of(2, 1), Tuple.of(1, 2),
                Tuple.of(1, 3)));
        Arbitrary<byte[]> payloads = Arbitraries.bytes().array(byte[].class).ofMaxSize(90)
                .withSizeDistribution(RandomDistribution.uniform());
        Arbitrary<Item> fresh = Combinators.combine(channel, Arbitraries.of(EVENT_NAMES), payloads,
                Arbitraries.integers().between(0, KEYS.size() - 1).injectNull(0.4),
                Arbitraries.of("1234.5678", "99.1").injectNull(0.7), Arbitraries.of(-1, 0, 7))
                .as((ch, ev, data, key, socket, schema) -> new Fresh(ch, ev, data, key, socket, schema));
        Arbitrary<Item> retry = Arbitraries.integers().between(0, 1_000).map(Retry::new);
        Arbitrary<Item> item = Arbitraries.frequencyOf(List.of(Tuple.of(3, fresh), Tuple.of(2, retry)));
        Arbitrary<Action> publish = Combinators.combine(item.list().ofMinSize(1).ofMaxSize(6),
                Arbitraries.integers().between(0, 600)).as(Publish::new);
        Arbitrary<Action> tick = Arbitraries.integers().between(0, 3_000).map(Tick::new);
        Arbitrary<Action> setPosition = Combinators.combine(Arbitraries.integers().between(0, CONSUMERS.size() - 1),
                Arbitraries.of(false, true), Arbitraries.longs().between(1, 1_000)).as(SetPosition::new);
        Arbitrary<Action> snapshot = Combinators.combine(Arbitraries.integers().between(0, REPLICAS - 1),
                Arbitraries.of(false, true)).as(Snapshot::new);
        Arbitrary<Action> restart = Arbitraries.integers().between(1, REPLICAS - 1).map(Restart::new);
        Arbitrary<Action> newLeader = Arbitraries.integers().between(1, 2).map(NewLeader::new);
        Arbitrary<int[]> count = Combinators.combine(Arbitraries.integers().between(0, OCC_CHANNELS.size() - 1),
                Arbitraries.integers().between(0, 3)).as((c, n) -> new int[] {c, n});
        Arbitrary<int[]> member = Combinators.combine(Arbitraries.integers().between(0, OCC_CHANNELS.size() - 1),
                Arbitraries.integers().between(0, USERS.size() - 1),
                Arbitraries.integers().between(0, USER_INFOS.size() - 1), Arbitraries.integers().between(0, 2))
                .as((c, u, i, n) -> new int[] {c, u, i, n});
        Arbitrary<Action> report = Combinators.combine(Arbitraries.integers().between(0, NODES.size() - 1),
                Arbitraries.of(false, false, true), Arbitraries.of(500L, 2_000L), count.list().ofMaxSize(4),
                member.list().ofMaxSize(4), Arbitraries.integers().between(0, 600)).as(Report::new);
        return Arbitraries.frequencyOf(List.of(Tuple.of(8, publish), Tuple.of(6, report), Tuple.of(3, tick),
                Tuple.of(1, setPosition),
                Tuple.of(2, snapshot), Tuple.of(2, restart), Tuple.of(1, newLeader)))
                .list().ofMinSize(5).ofMaxSize(50).withSizeDistribution(RandomDistribution.uniform());
    }

    // ------------------------------------------------------------------ the replicas and the log

    /** One entry of the simulated Raft log; {@code data} is null for a no-op entry. */
    record LogRecord(long term, long index, byte[] data, byte[] reply) {
    }

    /** Three replicas fed the same log, plus the model they must agree with. */
    private static final class Cluster implements AutoCloseable {
        private final Path root;
        private final Replica[] replicas = new Replica[REPLICAS];
        private final List<LogRecord> log = new ArrayList<>();
        private final List<PublishCommand> keyedHistory = new ArrayList<>();
        private final List<ChannelEvent> delivered = Collections.synchronizedList(new ArrayList<>());
        private final Model model = new Model();
        private long term = 1;
        private long index;
        private long now = T0;
        int duplicates;
        int expiries;
        int expiredReads;
        int replayedAfterSnapshot;
        int backgroundReported;

        Cluster() throws IOException {
            root = Files.createTempDirectory("raftbus-sm-property");
            for (int i = 0; i < REPLICAS; i++) {
                replicas[i] = new Replica(i, root.resolve("node" + i));
                replicas[i].start();
            }
            replicas[0].dispatcher.addListener(delivered::addAll);
        }

        void run(Action action) throws IOException {
            if (action instanceof Publish p) {
                publish(p);
            } else if (action instanceof Tick t) {
                now += t.advanceMs();
                model.tick(now);
                expiries += model.occupancy.expire(now);
                assertThat(append(EntryCodec.encodeTick(0))).isEmpty();
            } else if (action instanceof Report r) {
                now += r.advanceMs();
                boolean known = model.occupancy.report(now, r.report());
                assertThat(append(EntryCodec.encodeOccupancy(0, r.report()))).as("reply of %s", r)
                        .containsExactly(known ? 1 : 0);
            } else if (action instanceof SetPosition s) {
                setPosition(s);
            } else if (action instanceof Snapshot s) {
                snapshot(replicas[s.replica()], s.background());
            } else if (action instanceof Restart r) {
                restart(replicas[r.replica()]);
            } else if (action instanceof NewLeader n) {
                term++;
                for (int i = 0; i < n.noOps(); i++) {
                    index++;
                    log.add(new LogRecord(term, index, null, null));
                    for (Replica r : replicas) {
                        r.sm.notifyTermIndexUpdated(term, index);
                    }
                }
            }
        }

        private void publish(Publish p) throws IOException {
            now += p.advanceMs();
            List<PublishCommand> commands = new ArrayList<>();
            for (Item item : p.items()) {
                if (item instanceof Fresh f) {
                    commands.add(f.command());
                } else if (!keyedHistory.isEmpty()) {
                    commands.add(keyedHistory.get(((Retry) item).pick() % keyedHistory.size()));
                }
            }
            List<PublishResult> expected = model.publish(index + 1, now, commands);

            byte[] reply = append(EntryCodec.encodePublishBatch(0, commands));

            List<PublishResult> actual = QueryCodec.decodePublishReply(ByteBuffer.wrap(reply));
            assertThat(actual).isEqualTo(expected);
            for (int i = 0; i < commands.size(); i++) {
                PublishCommand c = commands.get(i);
                long[] first = model.firstOf(c);
                if (actual.get(i).duplicate()) {
                    duplicates++;
                    assertThat(actual.get(i).offset()).as("a retry answers the first offset").isEqualTo(first[0]);
                    assertThat(now - first[2]).as("a duplicate is within the window").isLessThanOrEqualTo(WINDOW_MS);
                } else if (c.idempotencyKey() != null) {
                    keyedHistory.add(c);
                }
            }
        }

        private void setPosition(SetPosition s) throws IOException {
            String consumer = CONSUMERS.get(s.consumer());
            long current = model.positions.getOrDefault(consumer, 0L);
            long expectedPosition = s.stale() ? (current == 0 ? s.next() + 1 : current - 1) : current;
            long[] expected = model.setPosition(consumer, expectedPosition, s.next());

            byte[] reply = append(EntryCodec.encodeSetPosition(0, consumer, expectedPosition, s.next()));

            ByteBuffer b = ByteBuffer.wrap(reply);
            assertThat(new long[] {b.get(), b.getLong()}).containsExactly(expected);
            assertThat(b.hasRemaining()).isFalse();
        }

        /** Appends an entry as the leader would (stamped), applies it on every replica, returns the reply. */
        private byte[] append(byte[] unstamped) throws IOException {
            byte[] stamped = unstamped.clone();
            EntryCodec.stamp(stamped, now);
            index++;
            byte[] reply = null;
            for (Replica r : replicas) {
                byte[] answer = r.sm.apply(term, index, ByteBuffer.wrap(stamped).asReadOnlyBuffer());
                if (reply == null) {
                    reply = answer;
                } else {
                    assertThat(answer).as("replica %d answers like replica 0", r.id).isEqualTo(reply);
                }
                assertThat(r.sm.getLastAppliedTermIndex()).isEqualTo(TermIndex.valueOf(term, index));
            }
            log.add(new LogRecord(term, index, stamped, reply));
            return reply;
        }

        /** Lets every replica's background checkpoint, if one is still unreported, finish and be reported. */
        void reportBackgroundSnapshots() throws IOException {
            for (Replica r : replicas) {
                snapshot(r, true);
            }
        }

        private void snapshot(Replica r, boolean background) throws IOException {
            if (background) {
                // One started by an earlier action has been checkpointing while entries were applied; let it
                // finish so that this call reports it (or starts one, if none was running).
                r.sm.awaitBackgroundSnapshot();
                long taken = r.sm.takeSnapshot();
                if (taken >= 0) {
                    backgroundReported++;
                    assertThat(taken).as("a background snapshot is of an applied index").isLessThanOrEqualTo(index);
                    assertThat(r.sm.getLatestSnapshot().getIndex()).isGreaterThanOrEqualTo(taken);
                }
                return;
            }
            r.sm.requestSnapshotNow();
            long taken = r.sm.takeSnapshot();

            assertThat(taken).isEqualTo(index == 0 ? -1 : index);
            if (index > 0) {
                assertThat(r.sm.getLatestSnapshot().getTermIndex()).isEqualTo(TermIndex.valueOf(term, index));
            }
        }

        private void restart(Replica r) throws IOException {
            r.stop();
            r.start();
            SnapshotInfo snapshot = r.sm.getLatestSnapshot();
            TermIndex loaded = r.sm.getLastAppliedTermIndex();
            assertThat(loaded).isEqualTo(snapshot == null ? TermIndex.valueOf(0, -1) : snapshot.getTermIndex());
            assertThat(r.sm.store().applied()[1]).isLessThanOrEqualTo(loaded.getIndex());

            for (LogRecord rec : log) {
                if (rec.index() <= loaded.getIndex()) {
                    continue;
                }
                if (snapshot != null) {
                    replayedAfterSnapshot++;
                }
                if (rec.data() == null) {
                    r.sm.notifyTermIndexUpdated(rec.term(), rec.index());
                } else {
                    byte[] answer = r.sm.apply(rec.term(), rec.index(), ByteBuffer.wrap(rec.data()));
                    assertThat(answer).as("replayed entry %d answers as it did first", rec.index())
                            .isEqualTo(rec.reply());
                }
            }
            assertThat(r.sm.getLastAppliedTermIndex()).isEqualTo(index == 0 ? loaded : TermIndex.valueOf(term, index));
        }

        void checkInvariants() {
            long digest = replicas[0].sm.store().contentDigest();
            for (Replica r : replicas) {
                ChannelStore s = r.sm.store();
                assertThat(s.contentDigest()).as("digest of replica %d", r.id).isEqualTo(digest);
                assertThat(s.channels().keySet().stream().filter(k -> !k.channel().equals(SYSTEM)))
                        .containsExactlyInAnyOrderElementsOf(model.channels.keySet());
                for (ChannelKey ch : OCC_CHANNELS) {
                    assertThat(s.occupancy(ch)).as("occupancy of %s on replica %d", ch, r.id)
                            .isEqualTo(model.occupancy.occupancy(ch));
                    assertThat(s.members(ch)).as("members of %s on replica %d", ch, r.id)
                            .isEqualTo(model.occupancy.members(ch));
                }
                for (String consumer : CONSUMERS) {
                    assertThat(s.position(consumer)).isEqualTo(model.positions.getOrDefault(consumer, 0L));
                }
                for (ChannelKey ch : CHANNELS) {
                    checkChannel(r, ch);
                }
            }
        }

        private void checkChannel(Replica r, ChannelKey ch) {
            ChannelStore s = r.sm.store();
            ModelChannel m = model.channels.get(ch);
            if (m == null) {
                assertThat(s.latest(ch)).containsExactly(0, 0, 1);
                assertThat(s.read(ch, 1, 100)).isEqualTo(new ReadResult.Events(List.of(), 1, 0));
                return;
            }
            long first = m.first();
            assertThat(s.latest(ch)).as("latest of %s", ch).containsExactly(m.next - 1, m.epoch, first);

            ReadResult kept = s.read(ch, first, 100);
            assertThat(kept).isEqualTo(new ReadResult.Events(List.copyOf(m.events), m.next, m.epoch));
            assertThat(((ReadResult.Events) kept).events()).extracting(ChannelEvent::offset)
                    .as("offsets of %s are dense", ch)
                    .containsExactlyElementsOf(LongStream.range(first, m.next).boxed().collect(Collectors.toList()));

            ReadResult fromOne = s.read(ch, 1, 100);
            if (first > 1) {
                expiredReads++;
                assertThat(fromOne).isEqualTo(new ReadResult.Expired(first, m.epoch));
            } else {
                assertThat(fromOne).isEqualTo(kept);
            }
            Message query = Message.valueOf(ByteBuffer.wrap(QueryCodec.read(ch, 1, 100)));
            Message answer = r.sm.query(query).join();
            assertThat(QueryCodec.decodeRead(ch, answer.getContent().asReadOnlyByteBuffer()))
                    .as("query answers what the store reads").isEqualTo(fromOne);
        }

        /**
         * Checks the transition events replica 0's listener got (all of them, though retention trims the store):
         * occupied/vacated alternate per channel, added/removed alternate per user, and replaying them gives the
         * table the model holds now.
         */
        void checkTransitions() {
            Map<ChannelKey, Long> counts = new HashMap<>();
            Set<ChannelKey> occupied = new HashSet<>();
            Set<List<Object>> present = new HashSet<>();
            for (ChannelEvent e : List.copyOf(delivered)) {
                if (!e.channel().channel().equals(SYSTEM)) {
                    continue;
                }
                String json = new String(e.data(), StandardCharsets.UTF_8);
                ChannelKey ch = new ChannelKey(e.channel().app(), field(CHANNEL_FIELD, json));
                switch (e.eventName()) {
                    case ClusterEvents.CHANNEL_OCCUPIED -> assertThat(occupied.add(ch)).as("occupied twice").isTrue();
                    case ClusterEvents.CHANNEL_VACATED -> assertThat(occupied.remove(ch)).as("vacated twice")
                            .isTrue();
                    case ClusterEvents.SUBSCRIPTION_COUNT -> {
                        long n = Long.parseLong(field(COUNT_FIELD, json));
                        Long before = counts.put(ch, n);
                        assertThat(before == null ? 0L : before).as("count changed").isNotEqualTo(n);
                    }
                    case ClusterEvents.MEMBER_ADDED -> assertThat(present.add(List.of(ch, field(USER_FIELD, json))))
                            .as("added twice").isTrue();
                    case ClusterEvents.MEMBER_REMOVED -> assertThat(present.remove(List.of(ch,
                            field(USER_FIELD, json)))).as("removed twice").isTrue();
                    default -> throw new AssertionError("unexpected event " + e.eventName());
                }
            }
            for (ChannelKey ch : OCC_CHANNELS) {
                ChannelOccupancy o = model.occupancy.occupancy(ch);
                assertThat(counts.getOrDefault(ch, 0L)).as("replayed count of %s", ch)
                        .isEqualTo(o.subscriptionCount());
                assertThat(occupied.contains(ch)).isEqualTo(o.occupied());
                for (PresenceMember m : model.occupancy.members(ch)) {
                    assertThat(present.remove(List.of(ch, m.userId()))).as("replayed member %s", m).isTrue();
                }
            }
            assertThat(present).as("replayed members no longer present").isEmpty();
        }

        private static String field(Pattern p, String json) {
            Matcher m = p.matcher(json);
            assertThat(m.find()).as("%s in %s", p, json).isTrue();
            return m.group(1);
        }

        void checkDeliveredToListeners() {
            replicas[0].dispatcher.close();
            assertThat(delivered.stream().filter(e -> !e.channel().channel().equals(SYSTEM)))
                    .as("every stored event is handed to the listener once, in log order")
                    .containsExactlyElementsOf(model.stored);
        }

        @Override
        public void close() throws IOException {
            try {
                for (Replica r : replicas) {
                    r.stop();
                }
            } finally {
                ChannelStore.deleteRecursively(root);
            }
        }
    }

    /** One member: a real state machine on its own store and snapshot directories. */
    private static final class Replica {
        private final int id;
        private final Path dir;
        private CommittedDispatcher dispatcher;
        private ChannelLogStateMachine sm;

        Replica(int id, Path dir) {
            this.id = id;
            this.dir = dir;
        }

        void start() throws IOException {
            dispatcher = new CommittedDispatcher("test-dispatch-" + id);
            GroupSettings settings = new GroupSettings(dir.resolve("store"), 1 << 20, WINDOW_MS, RETENTION, 0,
                    () -> {
                        throw new AssertionError("apply must not read the clock");
                    },
                    () -> {
                        throw new AssertionError("apply must not read the free disk space");
                    });
            sm = new ChannelLogStateMachine(settings, dispatcher);
            sm.initialize(fakeServer("n" + id), Groups.groupId(0), fakeStorage(dir.resolve("raft").toFile()));
        }

        void stop() throws IOException {
            sm.close();
            dispatcher.close();
        }
    }

    /** A RaftServer that knows only its id; the state machine asks for nothing else outside Ratis. */
    static RaftServer fakeServer(String id) {
        RaftPeerId peerId = RaftPeerId.valueOf(id);
        return (RaftServer) Proxy.newProxyInstance(RaftServer.class.getClassLoader(),
                new Class<?>[] {RaftServer.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getId" -> peerId;
                    case "toString" -> "FakeRaftServer[" + id + "]";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Ratis storage rooted in a directory; the state machine keeps its snapshots in {@code <root>/sm}. */
    static RaftStorage fakeStorage(File root) {
        RaftStorageDirectory dir = new RaftStorageDirectory() {
            @Override
            public File getRoot() {
                return root;
            }

            @Override
            public boolean isHealthy() {
                return true;
            }
        };
        return new RaftStorage() {
            @Override
            public void initialize() {
            }

            @Override
            public RaftStorageDirectory getStorageDir() {
                return dir;
            }

            @Override
            public RaftStorageMetadataFile getMetadataFile() {
                throw new UnsupportedOperationException("not used by the state machine");
            }

            @Override
            public RaftServerConfigKeys.Log.CorruptionPolicy getLogCorruptionPolicy() {
                return RaftServerConfigKeys.Log.CorruptionPolicy.getDefault();
            }

            @Override
            public void close() {
            }
        };
    }

    // ------------------------------------------------------------------ the model

    /** The occupancy table, written as plainly as possible: per node maps, totals derived on demand. */
    private static final class OccupancyModel {
        final Map<String, long[]> nodes = new HashMap<>();
        final Map<String, Map<ChannelKey, Integer>> subs = new HashMap<>();
        final Map<String, Map<List<Object>, Integer>> conns = new HashMap<>();
        final Map<List<Object>, byte[]> infoOfPresent = new HashMap<>();

        boolean report(long now, OccupancyReport r) {
            boolean known = nodes.containsKey(r.nodeId());
            nodes.put(r.nodeId(), new long[] {now, r.nodeTimeoutMs()});
            if (r.full()) {
                removeRows(r.nodeId());
            }
            for (ChannelCount c : r.channels()) {
                subs.computeIfAbsent(r.nodeId(), k -> new HashMap<>()).put(c.channel(), c.subscriptions());
            }
            for (MemberCount m : r.members()) {
                setConnections(r.nodeId(), List.of(m.channel(), m.userId()), m.userInfo(), m.connections());
            }
            return known || r.full();
        }

        int expire(long now) {
            List<String> dead = nodes.entrySet().stream().filter(e -> e.getValue()[0] + e.getValue()[1] < now)
                    .map(Map.Entry::getKey).toList();
            for (String node : dead) {
                nodes.remove(node);
                removeRows(node);
            }
            return dead.size();
        }

        private void removeRows(String node) {
            subs.remove(node);
            for (List<Object> cu : new ArrayList<>(conns.getOrDefault(node, Map.of()).keySet())) {
                setConnections(node, cu, new byte[0], 0);
            }
        }

        private void setConnections(String node, List<Object> channelUser, byte[] info, int n) {
            boolean wasPresent = present(channelUser);
            conns.computeIfAbsent(node, k -> new HashMap<>()).put(channelUser, n);
            boolean isPresent = present(channelUser);
            if (!wasPresent && isPresent) {
                infoOfPresent.put(channelUser, info);
            } else if (!isPresent) {
                infoOfPresent.remove(channelUser);
            }
        }

        private boolean present(List<Object> channelUser) {
            return conns.values().stream().anyMatch(m -> m.getOrDefault(channelUser, 0) > 0);
        }

        ChannelOccupancy occupancy(ChannelKey ch) {
            int total = subs.values().stream().mapToInt(m -> m.getOrDefault(ch, 0)).sum();
            return new ChannelOccupancy(ch, total, members(ch).size());
        }

        List<PresenceMember> members(ChannelKey ch) {
            return infoOfPresent.entrySet().stream().filter(e -> e.getKey().get(0).equals(ch))
                    .map(e -> new PresenceMember((String) e.getKey().get(1), e.getValue()))
                    .sorted(java.util.Comparator.comparing(PresenceMember::userId)).toList();
        }
    }

    /** What the store should hold, written as plainly as possible. */
    private static final class Model {
        final OccupancyModel occupancy = new OccupancyModel();
        final Map<ChannelKey, ModelChannel> channels = new HashMap<>();
        final Map<List<String>, long[]> keys = new HashMap<>();
        final Map<String, Long> positions = new HashMap<>();
        final List<ChannelEvent> stored = new ArrayList<>();

        List<PublishResult> publish(long index, long ts, List<PublishCommand> commands) {
            List<PublishResult> results = new ArrayList<>();
            for (PublishCommand c : commands) {
                List<String> key = keyOf(c);
                long[] seen = key == null ? null : keys.get(key);
                if (seen != null && ts - seen[2] <= WINDOW_MS) {
                    results.add(new PublishResult(seen[0], seen[1], true));
                    continue;
                }
                ModelChannel ch = channels.computeIfAbsent(c.channel(), k -> new ModelChannel(index));
                ChannelEvent e = new ChannelEvent(c.channel(), ch.next++, ch.epoch, ts, c.eventName(), c.data(),
                        c.excludeSocketId(), c.schemaId(), c.userId());
                ch.events.addLast(e);
                ch.bytes += c.data().length;
                stored.add(e);
                results.add(new PublishResult(e.offset(), ch.epoch, false));
                if (key != null) {
                    keys.put(key, new long[] {e.offset(), ch.epoch, ts});
                }
                while (ch.events.size() > RETENTION.maxEvents()
                        || ch.bytes > RETENTION.maxBytes() && ch.events.size() > 1) {
                    ch.removeOldest();
                }
            }
            return results;
        }

        void tick(long ts) {
            long cutoff = ts - RETENTION.maxAgeMs();
            for (ModelChannel ch : channels.values()) {
                while (!ch.events.isEmpty() && ch.events.peekFirst().timestampMs() < cutoff) {
                    ch.removeOldest();
                }
            }
        }

        long[] setPosition(String consumer, long expected, long next) {
            long current = positions.getOrDefault(consumer, 0L);
            if (current != expected) {
                return new long[] {0, current};
            }
            positions.put(consumer, next);
            return new long[] {1, next};
        }

        long[] firstOf(PublishCommand c) {
            List<String> key = keyOf(c);
            return key == null ? null : keys.get(key);
        }

        private static List<String> keyOf(PublishCommand c) {
            return c.idempotencyKey() == null ? null
                    : List.of(c.channel().app(), c.channel().channel(), c.idempotencyKey());
        }
    }

    /** One channel of the model: its epoch, the kept events and the next offset. */
    private static final class ModelChannel {
        final long epoch;
        final ArrayDeque<ChannelEvent> events = new ArrayDeque<>();
        long next = 1;
        long bytes;

        ModelChannel(long epoch) {
            this.epoch = epoch;
        }

        long first() {
            return events.isEmpty() ? next : events.peekFirst().offset();
        }

        void removeOldest() {
            bytes -= events.removeFirst().data().length;
        }
    }
}
