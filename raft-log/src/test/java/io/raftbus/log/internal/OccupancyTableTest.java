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
import io.raftbus.log.ReadResult;
import io.raftbus.log.RetentionPolicy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replicated occupancy table in the store: per-node rows, cluster totals, full reports, expiry by tick and
 * the transition events in {@code #cluster-g<N>}; and the stored user id of events.
 */
class OccupancyTableTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final int GROUP = 3;
    private static final RetentionPolicy KEEP_ALL = new RetentionPolicy(1_000_000, 365L * 24 * 3600 * 1000,
            1L << 40);
    private static final ChannelKey ROOM = new ChannelKey("app1", "presence-room");
    private static final ChannelKey NEWS = new ChannelKey("app1", "news");
    private static final ChannelKey SYSTEM = new ChannelKey("app1", ClusterEvents.clusterChannel(GROUP));

    @TempDir
    Path tmp;

    private ChannelStore store;
    private long index;

    @BeforeEach
    void open() throws IOException {
        store = ChannelStore.open(tmp.resolve("live"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void shouldSumSubscriptionsOverNodesAndEmitOccupiedCountAndVacatedInOrder() throws IOException {
        report(T0, "a", false, List.of(new ChannelCount(NEWS, 2)), List.of());
        report(T0, "b", false, List.of(new ChannelCount(NEWS, 3)), List.of());
        report(T0, "a", false, List.of(new ChannelCount(NEWS, 0)), List.of());
        report(T0, "b", false, List.of(new ChannelCount(NEWS, 3)), List.of());
        report(T0, "b", false, List.of(new ChannelCount(NEWS, 0)), List.of());

        assertThat(system()).containsExactly(
                "channel_occupied {\"channel\":\"news\"}",
                "subscription_count {\"channel\":\"news\",\"subscription_count\":2}",
                "subscription_count {\"channel\":\"news\",\"subscription_count\":5}",
                "subscription_count {\"channel\":\"news\",\"subscription_count\":3}",
                "subscription_count {\"channel\":\"news\",\"subscription_count\":0}",
                "channel_vacated {\"channel\":\"news\"}");
        assertThat(store.occupancy(NEWS)).isEqualTo(new ChannelOccupancy(NEWS, 0, 0));
    }

    @Test
    void shouldKeepAUserPresentWhileAnyNodeHoldsAConnectionWithTheFirstSeenUserInfo() throws IOException {
        report(T0, "a", false, List.of(), List.of(member("u1", "{\"n\":\"first\"}", 1)));
        report(T0, "b", false, List.of(), List.of(member("u1", "{\"n\":\"second\"}", 2), member("u0", "", 1)));

        assertThat(store.members(ROOM)).containsExactly(new PresenceMember("u0", new byte[0]),
                new PresenceMember("u1", bytes("{\"n\":\"first\"}")));
        assertThat(store.occupancy(ROOM).userCount()).isEqualTo(2);

        report(T0, "a", false, List.of(), List.of(member("u1", "", 0)));
        assertThat(store.members(ROOM)).extracting(PresenceMember::userId).containsExactly("u0", "u1");

        report(T0, "b", false, List.of(), List.of(member("u1", "", 0)));
        assertThat(store.members(ROOM)).extracting(PresenceMember::userId).containsExactly("u0");
        assertThat(system()).containsExactly(
                "member_added {\"channel\":\"presence-room\",\"user_id\":\"u1\",\"user_info\":{\"n\":\"first\"}}",
                "member_added {\"channel\":\"presence-room\",\"user_id\":\"u0\"}",
                "member_removed {\"channel\":\"presence-room\",\"user_id\":\"u1\"}");
    }

    @Test
    void shouldReplaceEveryRowOfTheNodeWhenReportIsFull() throws IOException {
        report(T0, "a", false, List.of(new ChannelCount(NEWS, 4)), List.of(member("u1", "", 1)));

        boolean known = report(T0, "a", true, List.of(), List.of(member("u2", "", 1)));

        assertThat(known).isTrue();
        assertThat(store.occupancy(NEWS).subscriptionCount()).isZero();
        assertThat(store.members(ROOM)).extracting(PresenceMember::userId).containsExactly("u2");
        assertThat(system()).contains("channel_vacated {\"channel\":\"news\"}",
                "member_removed {\"channel\":\"presence-room\",\"user_id\":\"u1\"}",
                "member_added {\"channel\":\"presence-room\",\"user_id\":\"u2\"}");
    }

    @Test
    void shouldExpireANodeOnlyWhenLastSeenPlusTimeoutIsBeforeTheTick() throws IOException {
        report(T0, "a", false, List.of(new ChannelCount(NEWS, 1)), List.of(member("u1", "", 1)));
        report(T0 + 500, "b", false, List.of(new ChannelCount(NEWS, 1)), List.of());

        tick(T0 + 1_000);
        assertThat(store.occupancy(NEWS).subscriptionCount()).as("lastSeen + timeout == now: alive").isEqualTo(2);

        tick(T0 + 1_001);
        assertThat(store.occupancy(NEWS).subscriptionCount()).isEqualTo(1);
        assertThat(store.members(ROOM)).isEmpty();
        assertThat(system()).contains("member_removed {\"channel\":\"presence-room\",\"user_id\":\"u1\"}",
                "subscription_count {\"channel\":\"news\",\"subscription_count\":1}");

        assertThat(report(T0 + 1_002, "a", false, List.of(), List.of())).as("expired node is unknown").isFalse();
        assertThat(report(T0 + 1_003, "a", false, List.of(), List.of())).as("heard of again").isTrue();
        assertThat(report(T0 + 1_004, "never-seen", false, List.of(), List.of())).isFalse();
    }

    @Test
    void shouldStoreTheUserIdWhenEventHasOneAndReadOldValuesWithout() throws IOException {
        PublishCommand c = PublishCommand.of("app1", "presence-room", "client-x", bytes("{}")).withUserId("u\"1");
        store.applyPublish(1, ++index, new LogEntry.PublishBatch(T0, List.of(c)), 1_000, KEEP_ALL);

        ChannelEvent e = ((ReadResult.Events) store.read(ROOM, 1, 10)).events().get(0);
        assertThat(e.userId()).isEqualTo("u\"1");
        assertThat(e.timestampMs()).isEqualTo(T0);

        // A value as written before user ids: ts | schema | event | socket(null) | data.
        byte[] old = ByteBuffer.allocate(8 + 4 + 3 + 2 + 2).putLong(T0).putInt(-1).putShort((short) 1)
                .put((byte) 'e').putShort((short) 0xFFFF).put(bytes("{}")).array();
        ChannelEvent decoded = EventCodec.decodeValue(ROOM, 1, 1, old);
        assertThat(decoded.userId()).isNull();
        assertThat(decoded.timestampMs()).isEqualTo(T0);
        assertThat(decoded.data()).isEqualTo(bytes("{}"));
        assertThat(EventCodec.encodeValue(T0, PublishCommand.of("a", "c", "e", bytes("{}")))).isEqualTo(old);
        assertThat(EventCodec.dataLength(EventCodec.encodeValue(T0, c))).isEqualTo(2);
    }

    @Test
    void shouldEscapeJsonStringsWhenQuoting() {
        assertThat(OccupancyTable.quote("a\"b\\c\n\u0001\u2028é")).isEqualTo("\"a\\\"b\\\\c\\n\\u0001\\u2028é\"");
    }

    private boolean report(long ts, String node, boolean full, List<ChannelCount> channels,
                           List<MemberCount> members) throws IOException {
        return store.applyOccupancy(1, ++index, new LogEntry.Occupancy(ts, new OccupancyReport(node, 1_000, full,
                channels, members)), GROUP, KEEP_ALL).known();
    }

    private void tick(long ts) throws IOException {
        store.applyTick(1, ++index, ts, 1_000, KEEP_ALL, GROUP);
    }

    private List<String> system() {
        return ((ReadResult.Events) store.read(SYSTEM, 1, 1_000)).events().stream()
                .map(e -> e.eventName() + " " + new String(e.data(), StandardCharsets.UTF_8)).toList();
    }

    private static MemberCount member(String user, String info, int connections) {
        return new MemberCount(ROOM, user, bytes(info), connections);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
