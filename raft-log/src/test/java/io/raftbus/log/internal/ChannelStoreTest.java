package io.raftbus.log.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftbus.log.ChannelEvent;
import io.raftbus.log.ChannelKey;
import io.raftbus.log.PublishCommand;
import io.raftbus.log.PublishResult;
import io.raftbus.log.ReadResult;
import io.raftbus.log.RetentionPolicy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The materialised store of one group, driven through its apply methods with explicit terms, indexes and leader
 * timestamps, against a real RocksDB in a temporary directory.
 */
class ChannelStoreTest {
    private static final long WINDOW_MS = 1_000;
    private static final long T0 = 1_700_000_000_000L;
    private static final RetentionPolicy KEEP_ALL = new RetentionPolicy(1_000_000, 365L * 24 * 3600 * 1000,
            1L << 40);
    private static final ChannelKey ORDERS = new ChannelKey("app1", "orders");
    private static final ChannelKey CHAT = new ChannelKey("app1", "private-chat");
    private static final ChannelKey OTHER_APP_ORDERS = new ChannelKey("app2", "orders");

    @TempDir
    Path tmp;

    private final List<ChannelStore> open = new ArrayList<>();
    private ChannelStore store;
    private long index;

    @BeforeEach
    void openStore() throws IOException {
        store = open(tmp.resolve("live"));
    }

    @AfterEach
    void closeStores() {
        open.forEach(ChannelStore::close);
    }

    // ------------------------------------------------------------------ offsets and epochs

    @Test
    void shouldAssignDenseOffsetsFromOnePerChannelWhenChannelsInterleave() throws IOException {
        List<PublishResult> first = publish(T0, KEEP_ALL, cmd(ORDERS, "a"), cmd(CHAT, "b"), cmd(ORDERS, "c"),
                cmd(OTHER_APP_ORDERS, "d"), cmd(ORDERS, "e"));
        List<PublishResult> second = publish(T0 + 1, KEEP_ALL, cmd(CHAT, "f"), cmd(ORDERS, "g"));

        assertThat(first).extracting(PublishResult::offset).containsExactly(1L, 1L, 2L, 1L, 3L);
        assertThat(second).extracting(PublishResult::offset).containsExactly(2L, 4L);
        assertThat(first).noneMatch(PublishResult::duplicate);
        assertThat(events(ORDERS, 1)).extracting(e -> text(e.data())).containsExactly("a", "c", "e", "g");
        assertThat(events(ORDERS, 1)).extracting(ChannelEvent::offset).containsExactly(1L, 2L, 3L, 4L);
        assertThat(events(CHAT, 1)).extracting(e -> text(e.data())).containsExactly("b", "f");
        assertThat(events(OTHER_APP_ORDERS, 1)).extracting(e -> text(e.data())).containsExactly("d");
        assertThat(store.latest(ORDERS)).containsExactly(4, 1, 1);
        assertThat(store.applied()).containsExactly(1, 2);
    }

    @Test
    void shouldSetEpochToTheCreatingEntrysIndexWhenChannelIsFirstPublished() throws IOException {
        index = 6;
        List<PublishResult> atSeven = publish(T0, KEEP_ALL, cmd(ORDERS, "a"));
        index = 11;
        List<PublishResult> atTwelve = publish(T0, KEEP_ALL, cmd(ORDERS, "b"), cmd(CHAT, "c"));

        assertThat(atSeven.get(0).epoch()).isEqualTo(7);
        assertThat(atTwelve).extracting(PublishResult::epoch).containsExactly(7L, 12L);
        assertThat(events(ORDERS, 1)).extracting(ChannelEvent::epoch).containsOnly(7L);
        assertThat(store.latest(CHAT)).containsExactly(1, 12, 1);
        assertThat(store.channels()).containsOnlyKeys(ORDERS, CHAT);
    }

    @Test
    void shouldStoreEveryFieldWhenReadBack() throws IOException {
        PublishCommand c = new PublishCommand(ORDERS, "order-\u00e9v\u00e9nement-\ud83d\ude80",
                "{\"id\":1}".getBytes(StandardCharsets.UTF_8), "key-1", "123.456", 42);

        publish(T0 + 5, KEEP_ALL, c);

        assertThat(events(ORDERS, 1)).containsExactly(new ChannelEvent(ORDERS, 1, 1, T0 + 5, c.eventName(),
                c.data(), "123.456", 42));
    }

    @Test
    void shouldAnswerEmptyWhenChannelIsUnknown() {
        assertThat(store.read(ORDERS, 1, 10)).isEqualTo(new ReadResult.Events(List.of(), 1, 0));
        assertThat(store.read(ORDERS, 0, 10)).isEqualTo(new ReadResult.Events(List.of(), 1, 0));
        assertThat(store.latest(ORDERS)).containsExactly(0, 0, 1);
        assertThat(store.applied()).containsExactly(0, -1);
    }

    @Test
    void shouldReadAtMostMaxEventsWhenMoreAreStored() throws IOException {
        publish(T0, KEEP_ALL, cmd(ORDERS, "a"), cmd(ORDERS, "b"), cmd(ORDERS, "c"), cmd(ORDERS, "d"));

        ReadResult.Events page = (ReadResult.Events) store.read(ORDERS, 2, 2);
        ReadResult.Events end = (ReadResult.Events) store.read(ORDERS, 5, 2);

        assertThat(page.events()).extracting(ChannelEvent::offset).containsExactly(2L, 3L);
        assertThat(page.nextOffset()).isEqualTo(4);
        assertThat(end.events()).isEmpty();
        assertThat(end.nextOffset()).isEqualTo(5);
    }

    // ------------------------------------------------------------------ idempotency

    @Test
    void shouldReturnFirstOffsetAndStoreNothingWhenKeyRepeatsWithinWindow() throws IOException {
        publish(T0, KEEP_ALL, cmd(ORDERS, "first").withIdempotencyKey("k1"), cmd(ORDERS, "x"));
        long digest = store.contentDigest();

        List<PublishResult> retry = publish(T0 + WINDOW_MS, KEEP_ALL,
                cmd(ORDERS, "first-retried").withIdempotencyKey("k1"));

        assertThat(retry).containsExactly(new PublishResult(1, 1, true));
        assertThat(store.contentDigest()).as("a duplicate stores nothing").isEqualTo(digest);
        assertThat(store.latest(ORDERS)).containsExactly(2, 1, 1);
        assertThat(events(ORDERS, 1)).extracting(e -> text(e.data())).containsExactly("first", "x");
    }

    @Test
    void shouldStoreAnewWhenKeyRepeatsAfterTheWindow() throws IOException {
        publish(T0, KEEP_ALL, cmd(ORDERS, "first").withIdempotencyKey("k1"));

        List<PublishResult> late = publish(T0 + WINDOW_MS + 1, KEEP_ALL,
                cmd(ORDERS, "late").withIdempotencyKey("k1"));
        List<PublishResult> retryOfLate = publish(T0 + WINDOW_MS + 2, KEEP_ALL,
                cmd(ORDERS, "late").withIdempotencyKey("k1"));

        assertThat(late).containsExactly(new PublishResult(2, 1, false));
        assertThat(retryOfLate).as("the window restarts at the new publish")
                .containsExactly(new PublishResult(2, 1, true));
        assertThat(events(ORDERS, 1)).extracting(e -> text(e.data())).containsExactly("first", "late");
    }

    @Test
    void shouldStoreAnewWhenATickExpiredTheKey() throws IOException {
        publish(T0, KEEP_ALL, cmd(ORDERS, "first").withIdempotencyKey("k1"));
        tick(T0 + WINDOW_MS + 1, KEEP_ALL);
        tick(T0 + WINDOW_MS + 2, KEEP_ALL);

        List<PublishResult> again = publish(T0 + WINDOW_MS + 3, KEEP_ALL,
                cmd(ORDERS, "again").withIdempotencyKey("k1"));

        assertThat(again).containsExactly(new PublishResult(2, 1, false));
    }

    @Test
    void shouldStartATicksExpiryScanAfterTheKeysEarlierTicksExpired() throws IOException {
        for (int i = 0; i < 300; i++) {
            publish(T0, KEEP_ALL, cmd(ORDERS, "e" + i).withIdempotencyKey("k" + i));
        }
        publish(T0 + WINDOW_MS, KEEP_ALL, cmd(ORDERS, "late").withIdempotencyKey("late"));

        assertThat(store.deletedKeysSkippedBy(() -> tick(T0 + WINDOW_MS + 1, KEEP_ALL))).isZero();
        assertThat(store.deletedKeysSkippedBy(() -> tick(T0 + WINDOW_MS + 2, KEEP_ALL)))
                .as("the 300 expired keys' tombstones are behind the scan's start").isZero();
        assertThat(publish(T0 + WINDOW_MS + 3, KEEP_ALL, cmd(ORDERS, "late").withIdempotencyKey("late")))
                .as("the key stamped at the cutoff is still inside the window")
                .containsExactly(new PublishResult(301, 1, true));
        tick(T0 + 2 * WINDOW_MS + 1, KEEP_ALL);
        assertThat(publish(T0 + 2 * WINDOW_MS + 2, KEEP_ALL, cmd(ORDERS, "late").withIdempotencyKey("late")))
                .containsExactly(new PublishResult(302, 1, false));
        assertThat(publish(T0 + 2 * WINDOW_MS + 3, KEEP_ALL, cmd(ORDERS, "again").withIdempotencyKey("k7")))
                .containsExactly(new PublishResult(303, 1, false));
    }

    @Test
    void shouldKeepAReArmedKeyWhenTheTickExpiresItsOlderEntry() throws IOException {
        publish(T0, KEEP_ALL, cmd(ORDERS, "first").withIdempotencyKey("k1"));
        publish(T0 + WINDOW_MS + 1, KEEP_ALL, cmd(ORDERS, "second").withIdempotencyKey("k1"));
        tick(T0 + WINDOW_MS + 10, KEEP_ALL);

        List<PublishResult> retry = publish(T0 + WINDOW_MS + 20, KEEP_ALL,
                cmd(ORDERS, "second").withIdempotencyKey("k1"));

        assertThat(retry).containsExactly(new PublishResult(2, 1, true));
    }

    @Test
    void shouldDedupeWhenTheSameKeyAppearsTwiceInOneBatch() throws IOException {
        List<PublishResult> r = publish(T0, KEEP_ALL, cmd(ORDERS, "a").withIdempotencyKey("k"),
                cmd(ORDERS, "b"), cmd(ORDERS, "a").withIdempotencyKey("k"));

        assertThat(r).containsExactly(new PublishResult(1, 1, false), new PublishResult(2, 1, false),
                new PublishResult(1, 1, true));
        assertThat(store.latest(ORDERS)).containsExactly(2, 1, 1);
    }

    @Test
    void shouldScopeKeysToTheirChannelWhenTwoChannelsUseTheSameKey() throws IOException {
        List<PublishResult> r = publish(T0, KEEP_ALL, cmd(ORDERS, "a").withIdempotencyKey("k"),
                cmd(OTHER_APP_ORDERS, "b").withIdempotencyKey("k"), cmd(CHAT, "c").withIdempotencyKey("k"));

        assertThat(r).noneMatch(PublishResult::duplicate);
        assertThat(r).extracting(PublishResult::offset).containsExactly(1L, 1L, 1L);
    }

    // ------------------------------------------------------------------ retention

    @Test
    void shouldKeepTheNewestEventsWhenCountLimitIsExceeded() throws IOException {
        RetentionPolicy three = new RetentionPolicy(3, KEEP_ALL.maxAgeMs(), KEEP_ALL.maxBytes());
        publish(T0, three, cmd(ORDERS, "1"), cmd(ORDERS, "2"), cmd(ORDERS, "3"), cmd(ORDERS, "4"));
        publish(T0, three, cmd(ORDERS, "5"), cmd(CHAT, "c"));

        assertThat(store.latest(ORDERS)).containsExactly(5, 1, 3);
        assertThat(store.read(ORDERS, 1, 10)).isEqualTo(new ReadResult.Expired(3, 1));
        assertThat(store.read(ORDERS, 2, 10)).isEqualTo(new ReadResult.Expired(3, 1));
        assertThat(events(ORDERS, 3)).extracting(e -> text(e.data())).containsExactly("3", "4", "5");
        assertThat(store.latest(CHAT)).containsExactly(1, 2, 1);
    }

    @Test
    void shouldNeverTrimASystemChannelWhenCountBytesOrAgeLimitsAreExceeded() throws IOException {
        ChannelKey registry = new ChannelKey("_raftbus", RetentionPolicy.EXEMPT_PREFIX + "schemas");
        RetentionPolicy tight = new RetentionPolicy(2, 1_000, 10);
        publish(T0, tight, cmd(registry, "a".repeat(20)), cmd(registry, "b".repeat(20)), cmd(ORDERS, "1"),
                cmd(registry, "c".repeat(20)), cmd(ORDERS, "2"), cmd(ORDERS, "3"));
        tick(T0 + 10_000, tight);
        publish(T0 + 10_001, tight, cmd(registry, "d"));

        assertThat(RetentionPolicy.exempt(registry)).isTrue();
        assertThat(RetentionPolicy.exempt(new ChannelKey("_raftbus", "system-schemas"))).isFalse();
        assertThat(store.latest(registry)).as("count, bytes and age all exceeded, nothing removed")
                .containsExactly(4, 1, 1);
        assertThat(events(registry, 1)).extracting(e -> text(e.data()))
                .containsExactly("a".repeat(20), "b".repeat(20), "c".repeat(20), "d");
        assertThat(store.latest(ORDERS)).as("an ordinary channel in the same entries is trimmed by age")
                .containsExactly(3, 1, 4);
    }

    @Test
    void shouldTrimOldestWhenByteLimitIsExceededButKeepTheNewestEvent() throws IOException {
        RetentionPolicy hundred = new RetentionPolicy(KEEP_ALL.maxEvents(), KEEP_ALL.maxAgeMs(), 100);
        publish(T0, hundred, cmd(ORDERS, "a".repeat(40)), cmd(ORDERS, "b".repeat(40)));
        assertThat(store.latest(ORDERS)).containsExactly(2, 1, 1);

        publish(T0, hundred, cmd(ORDERS, "c".repeat(40)));
        assertThat(store.latest(ORDERS)).as("120 bytes > 100: the oldest goes").containsExactly(3, 1, 2);

        publish(T0, hundred, cmd(ORDERS, "d".repeat(500)));
        assertThat(store.latest(ORDERS)).as("an event over the limit alone is kept").containsExactly(4, 1, 4);
        assertThat(store.read(ORDERS, 3, 10)).isEqualTo(new ReadResult.Expired(4, 1));

        publish(T0, hundred, cmd(ORDERS, "e".repeat(60)));
        assertThat(store.latest(ORDERS)).containsExactly(5, 1, 5);
        publish(T0, hundred, cmd(ORDERS, "f".repeat(40)));
        assertThat(store.latest(ORDERS)).as("60 + 40 = 100 is within the limit").containsExactly(6, 1, 5);
    }

    @Test
    void shouldRemoveEventsOlderThanMaxAgeWhenTickArrives() throws IOException {
        RetentionPolicy oneSecond = new RetentionPolicy(KEEP_ALL.maxEvents(), 1_000, KEEP_ALL.maxBytes());
        publish(T0, oneSecond, cmd(ORDERS, "t0"));
        publish(T0 + 500, oneSecond, cmd(ORDERS, "t500"), cmd(CHAT, "chat-t500"));
        publish(T0 + 1_500, oneSecond, cmd(ORDERS, "t1500"));

        tick(T0 + 400, oneSecond);
        assertThat(store.latest(ORDERS)).as("a tick stamped earlier than the last entry counts as T0+1500, "
                + "cutoff T0+500 removes t0 only").containsExactly(3, 1, 2);

        tick(T0 + 1_600, oneSecond);
        assertThat(store.latest(ORDERS)).as("cutoff T0+600 removes t0 and t500").containsExactly(3, 1, 3);
        assertThat(store.read(ORDERS, 1, 10)).isEqualTo(new ReadResult.Expired(3, 1));
        assertThat(events(ORDERS, 3)).extracting(e -> text(e.data())).containsExactly("t1500");
        assertThat(store.latest(CHAT)).containsExactly(1, 2, 2);

        tick(T0 + 10_000, oneSecond);
        assertThat(store.latest(ORDERS)).as("age removes even the newest").containsExactly(3, 1, 4);
        assertThat(store.read(ORDERS, 3, 10)).isEqualTo(new ReadResult.Expired(4, 1));
        assertThat(store.read(ORDERS, 4, 10)).isEqualTo(new ReadResult.Events(List.of(), 4, 1));

        List<PublishResult> after = publish(T0 + 10_001, oneSecond, cmd(ORDERS, "new"));
        assertThat(after).containsExactly(new PublishResult(4, 1, false));
        assertThat(events(ORDERS, 4)).extracting(e -> text(e.data())).containsExactly("new");
    }

    @Test
    void shouldDropTheEventsOwnBatchWhenCountLimitIsExceededWithinOneBatch() throws IOException {
        RetentionPolicy two = new RetentionPolicy(2, KEEP_ALL.maxAgeMs(), 100);
        publish(T0, two, cmd(ORDERS, "a".repeat(30)), cmd(ORDERS, "b".repeat(30)), cmd(ORDERS, "c".repeat(30)),
                cmd(ORDERS, "d".repeat(30)));
        assertThat(store.latest(ORDERS)).containsExactly(4, 1, 3);

        publish(T0, two, cmd(ORDERS, "e".repeat(50)));
        assertThat(store.latest(ORDERS)).as("bytes were counted for the kept events only: 30 + 50")
                .containsExactly(5, 1, 4);
    }

    // ------------------------------------------------------------------ chunks

    @Test
    void shouldStoreOneChunkPerChannelAndEntryAndReadFromInsideOne() throws IOException {
        publish(T0, KEEP_ALL, cmd(ORDERS, "1"), cmd(CHAT, "a"), cmd(ORDERS, "2"), cmd(ORDERS, "3"), cmd(CHAT, "b"));
        publish(T0 + 1, KEEP_ALL, cmd(ORDERS, "4"), cmd(ORDERS, "5"));

        assertThat(store.chunkStarts(ORDERS)).containsExactly(1L, 4L);
        assertThat(store.chunkStarts(CHAT)).containsExactly(1L);
        ReadResult.Events across = (ReadResult.Events) store.read(ORDERS, 2, 3);
        assertThat(across.events()).extracting(e -> text(e.data())).containsExactly("2", "3", "4");
        assertThat(across.events()).extracting(ChannelEvent::timestampMs).containsExactly(T0, T0, T0 + 1);
        assertThat(across.nextOffset()).isEqualTo(5);
        assertThat(events(ORDERS, 5)).extracting(e -> text(e.data())).containsExactly("5");
    }

    @Test
    void shouldDeleteAChunkWhenRetentionTrimsItsLastEventAndKeepAPartlyTrimmedOne() throws IOException {
        RetentionPolicy four = new RetentionPolicy(4, KEEP_ALL.maxAgeMs(), KEEP_ALL.maxBytes());
        for (int entry = 0; entry < 5; entry++) {
            publish(T0, four, cmd(ORDERS, "x"), cmd(ORDERS, "y"), cmd(ORDERS, "z"));
        }

        assertThat(store.latest(ORDERS)).containsExactly(15, 1, 12);
        assertThat(store.chunkStarts(ORDERS)).as("[10, 12] holds kept offset 12, [13, 15] is whole")
                .containsExactly(10L, 13L);
        assertThat(store.read(ORDERS, 11, 10)).isEqualTo(new ReadResult.Expired(12, 1));
        assertThat(events(ORDERS, 12)).extracting(ChannelEvent::offset).containsExactly(12L, 13L, 14L, 15L);
    }

    @Test
    void shouldTrimByBytesAcrossChunksAndWithinTheEntrysOwnChunk() throws IOException {
        RetentionPolicy hundred = new RetentionPolicy(KEEP_ALL.maxEvents(), KEEP_ALL.maxAgeMs(), 100);
        publish(T0, hundred, cmd(ORDERS, "a".repeat(30)), cmd(ORDERS, "b".repeat(30)));
        publish(T0, hundred, cmd(ORDERS, "c".repeat(30)), cmd(ORDERS, "d".repeat(30)), cmd(ORDERS, "e".repeat(30)),
                cmd(ORDERS, "f".repeat(30)));

        assertThat(store.latest(ORDERS)).as("120 bytes of the six fit in 100 as three").containsExactly(6, 1, 4);
        assertThat(store.chunkStarts(ORDERS)).as("the first chunk went, the second is partly trimmed")
                .containsExactly(3L);
        assertThat(events(ORDERS, 4)).extracting(e -> text(e.data()))
                .containsExactly("d".repeat(30), "e".repeat(30), "f".repeat(30));
        publish(T0, hundred, cmd(ORDERS, "g".repeat(100)));
        assertThat(store.latest(ORDERS)).containsExactly(7, 1, 7);
        assertThat(store.chunkStarts(ORDERS)).containsExactly(7L);
    }

    @Test
    void shouldNotWalkOverTheNextChannelsDeletedChunksWhenReadingOrTrimmingUpToAChannelsEnd() throws IOException {
        RetentionPolicy one = new RetentionPolicy(1, KEEP_ALL.maxAgeMs(), KEEP_ALL.maxBytes());
        publish(T0, one, cmd(ORDERS, "o1"), cmd(ORDERS, "o2"));
        publish(T0, one, cmd(CHAT, "c0"));
        for (int i = 1; i <= 200; i++) {
            publish(T0, one, cmd(CHAT, "c" + i));
        }
        assertThat(store.chunkStarts(CHAT)).as("CHAT's 200 trimmed chunks are tombstones after ORDERS' keys")
                .containsExactly(201L);

        assertThat(store.deletedKeysSkippedBy(() -> assertThat(events(ORDERS, 2)).hasSize(1))).isZero();
        assertThat(store.deletedKeysSkippedBy(() -> publish(T0, one, cmd(ORDERS, "o3")))).isZero();
        assertThat(store.deletedKeysSkippedBy(() -> assertThat(events(CHAT, 201)).hasSize(1)))
                .as("a read of CHAT seeks straight to its kept chunk").isZero();
        assertThat(events(ORDERS, 3)).extracting(e -> text(e.data())).containsExactly("o3");
    }

    @Test
    void shouldDeleteAgedChunksWholeWhenATickSweeps() throws IOException {
        RetentionPolicy oneSecond = new RetentionPolicy(KEEP_ALL.maxEvents(), 1_000, KEEP_ALL.maxBytes());
        publish(T0, oneSecond, cmd(ORDERS, "1"), cmd(ORDERS, "2"));
        publish(T0 + 500, oneSecond, cmd(ORDERS, "3"), cmd(ORDERS, "4"));
        publish(T0 + 1_000, oneSecond, cmd(ORDERS, "5"));

        tick(T0 + 1_600, oneSecond);

        assertThat(store.latest(ORDERS)).containsExactly(5, 1, 5);
        assertThat(store.chunkStarts(ORDERS)).containsExactly(5L);
        assertThat(events(ORDERS, 5)).extracting(e -> text(e.data())).containsExactly("5");
    }

    @Test
    void shouldConvertAStoreWrittenInThePerEventFormatInPlace(@TempDir Path dir) throws Exception {
        // One event per entry gives one-event chunks, which are format 1's values plus a length.
        ChannelStore s = open(dir);
        RetentionPolicy limit = new RetentionPolicy(3, 3_600_000, 10_000);
        for (int i = 0; i < 5; i++) {
            applyPublish(s, i + 1, T0 + i, limit, cmd(ORDERS, "o" + i), cmd(CHAT, "c" + i));
        }
        long digest = s.contentDigest();
        List<String> before = described(s.read(ORDERS, 3, 10)); // 1 and 2 trimmed
        s.close();
        try (org.rocksdb.Options o = new org.rocksdb.Options();
                org.rocksdb.RocksDB db = org.rocksdb.RocksDB.open(o, dir.toString());
                org.rocksdb.RocksIterator it = db.newIterator()) {
            db.delete(StoreKeys.FORMAT);
            int events = 0;
            for (it.seek(new byte[] {StoreKeys.EVENT}); it.isValid() && it.key()[0] == StoreKeys.EVENT; it.next()) {
                byte[] chunk = it.value();
                assertThat(ByteBuffer.wrap(chunk).getInt()).isEqualTo(chunk.length - 4);
                db.put(it.key(), Arrays.copyOfRange(chunk, 4, chunk.length)); // format 1: the bare event value
                events++;
            }
            assertThat(events).as("the kept events of both channels").isEqualTo(6);
        }

        ChannelStore converted = open(dir);

        assertThat(converted.contentDigest()).as("byte for byte the format-2 store").isEqualTo(digest);
        assertThat(described(converted.read(ORDERS, 3, 10))).isEqualTo(before).hasSize(3);
        applyPublish(converted, 6, T0 + 6, limit, cmd(ORDERS, "o5"));
        assertThat(((ReadResult.Events) converted.read(ORDERS, 4, 10)).events()).extracting(e -> text(e.data()))
                .containsExactly("o3", "o4", "o5");
        long after = converted.contentDigest();
        converted.close();
        assertThat(open(dir).contentDigest()).as("converted once: reopening changes nothing").isEqualTo(after);
    }

    @Test
    void shouldRefuseAStoreOfAFormatThisBuildDoesNotKnow(@TempDir Path dir) throws Exception {
        try (org.rocksdb.Options o = new org.rocksdb.Options().setCreateIfMissing(true);
                org.rocksdb.RocksDB db = org.rocksdb.RocksDB.open(o, dir.toString())) {
            db.put(StoreKeys.FORMAT, StoreKeys.longs(3));
            db.put(StoreKeys.event(1, 1), new byte[] {1, 2, 3});
        }

        assertThatThrownBy(() -> ChannelStore.open(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("store format 3").hasMessageContaining("formats 1 and 2")
                .hasMessageContaining("delete the node's data directory");
        ChannelStore fresh = open(tmp.resolve("new"));
        fresh.close();
        assertThat(ChannelStore.open(tmp.resolve("new"))).as("a store of this format opens again")
                .satisfies(ChannelStore::close);
    }

    // ------------------------------------------------------------------ positions

    @Test
    void shouldSetPositionOnlyWhenTheExpectedPositionMatches() throws IOException {
        assertThat(store.position("exporter")).isZero();

        assertThat(setPosition("exporter", 0, 5)).containsExactly(1, 5);
        assertThat(setPosition("exporter", 0, 9)).as("stale: answers the current one").containsExactly(0, 5);
        assertThat(setPosition("exporter", 4, 9)).containsExactly(0, 5);
        assertThat(setPosition("exporter", 5, 9)).containsExactly(1, 9);
        assertThat(setPosition("other", 0, 1)).containsExactly(1, 1);

        assertThat(store.position("exporter")).isEqualTo(9);
        assertThat(store.position("other")).isEqualTo(1);
        assertThat(store.applied()).containsExactly(1, 5);
    }

    // ------------------------------------------------------------------ checkpoint and restore

    @Test
    void shouldRestoreIdenticalContentWhenRestoredFromACheckpoint() throws IOException {
        RetentionPolicy small = new RetentionPolicy(3, 1_000, 1_000);
        publish(T0, small, cmd(ORDERS, "a").withIdempotencyKey("k"), cmd(CHAT, "b"), cmd(ORDERS, "c"));
        publish(T0 + 10, small, cmd(ORDERS, "d").withIdempotencyKey("k2"), cmd(ORDERS, "e"),
                cmd(OTHER_APP_ORDERS, "f"));
        setPosition("exporter", 0, 3);
        tick(T0 + 1_005, small);
        store.checkpoint(tmp.resolve("cp"));

        ChannelStore restored = ChannelStore.restore(tmp.resolve("cp"), tmp.resolve("restored"));
        open.add(restored);

        assertThat(restored.contentDigest()).isEqualTo(store.contentDigest());
        assertThat(restored.applied()).containsExactly(store.applied());
        assertThat(restored.position("exporter")).isEqualTo(3);
        for (ChannelKey ch : List.of(ORDERS, CHAT, OTHER_APP_ORDERS)) {
            assertThat(restored.latest(ch)).containsExactly(store.latest(ch));
            assertThat(restored.read(ch, 1, 100)).isEqualTo(store.read(ch, 1, 100));
            long oldest = store.latest(ch)[2];
            assertThat(restored.read(ch, oldest, 100)).isEqualTo(store.read(ch, oldest, 100));
        }
        assertThat(restored.channels().keySet()).isEqualTo(store.channels().keySet());

        long next = index + 1;
        List<PublishResult> a = applyPublish(store, next, T0 + 1_008, small,
                cmd(ORDERS, "d").withIdempotencyKey("k2"), cmd(new ChannelKey("app3", "new"), "g"));
        List<PublishResult> b = applyPublish(restored, next, T0 + 1_008, small,
                cmd(ORDERS, "d").withIdempotencyKey("k2"), cmd(new ChannelKey("app3", "new"), "g"));
        assertThat(b).isEqualTo(a);
        assertThat(a).containsExactly(new PublishResult(3, 1, true), new PublishResult(1, next, false));
        assertThat(restored.contentDigest()).as("the same entry after restore gives the same state")
                .isEqualTo(store.contentDigest());
    }

    @Test
    void shouldOpenEmptyWhenRestoredFromNoCheckpoint() throws IOException {
        publish(T0, KEEP_ALL, cmd(ORDERS, "a"));
        ChannelStore empty = ChannelStore.restore(null, tmp.resolve("other"));
        open.add(empty);

        assertThat(empty.applied()).containsExactly(0, -1);
        assertThat(empty.channels()).isEmpty();
        assertThat(empty.contentDigest()).isNotEqualTo(store.contentDigest());
    }

    @Test
    void shouldRefuseReadsWhenClosed() {
        store.close();

        assertThatThrownBy(() -> store.read(ORDERS, 1, 1)).isInstanceOf(StoreClosedException.class);
        assertThatThrownBy(() -> store.latest(ORDERS)).isInstanceOf(StoreClosedException.class);
        assertThatThrownBy(() -> store.position("x")).isInstanceOf(StoreClosedException.class);
    }

    @Test
    void shouldChangeDigestWhenContentDiffers() throws IOException {
        ChannelStore other = open(tmp.resolve("other"));
        publish(T0, KEEP_ALL, cmd(ORDERS, "a"));
        applyPublish(other, 1, T0, KEEP_ALL, cmd(ORDERS, "b"));

        assertThat(other.contentDigest()).isNotEqualTo(store.contentDigest());
    }

    @Test
    void shouldNeverMoveTimeBackwardsWhenNewLeaderClockIsBehind() throws IOException {
        publish(T0 + 10_000, KEEP_ALL, cmd(ORDERS, "from the old leader"));
        // A new leader whose clock is 9 s behind stamps its entries earlier than the last one.
        publish(T0 + 1_000, KEEP_ALL, cmd(ORDERS, "from the new leader"));

        List<ChannelEvent> stored = events(ORDERS, 1);
        assertThat(stored).extracting(ChannelEvent::timestampMs).containsExactly(T0 + 10_000, T0 + 10_000);
    }

    @Test
    void shouldJudgeDedupeWindowOnMonotonicTimeWhenClockGoesBackAfterExpiry() throws IOException {
        PublishCommand keyed = cmd(ORDERS, "a").withIdempotencyKey("k");
        publish(T0, KEEP_ALL, keyed);
        tick(T0 + WINDOW_MS + 1, KEEP_ALL);
        // The retry comes from a leader whose clock is behind: in cluster time it is still after the window,
        // so it is a new event, and its time is not earlier than the tick that expired the key.
        List<PublishResult> retry = publish(T0 + 10, KEEP_ALL, keyed);

        assertThat(retry.get(0).duplicate()).isFalse();
        assertThat(events(ORDERS, 2).get(0).timestampMs()).isEqualTo(T0 + WINDOW_MS + 1);
    }

    @Test
    void shouldKeepClockAcrossCheckpointRestore(@TempDir Path other) throws IOException {
        publish(T0 + 50_000, KEEP_ALL, cmd(ORDERS, "a"));
        Path cp = other.resolve("cp");
        store.checkpoint(cp);
        ChannelStore restored = ChannelStore.restore(cp, other.resolve("live"));
        open.add(restored);
        applyPublish(restored, 99, T0, KEEP_ALL, cmd(ORDERS, "b"));

        ReadResult r = restored.read(ORDERS, 2, 10);
        assertThat(((ReadResult.Events) r).events().get(0).timestampMs()).isEqualTo(T0 + 50_000);
    }

    // ------------------------------------------------------------------ helpers

    /** Each event of a read as offset/epoch/timestamp/name/data. */
    private static List<String> described(ReadResult r) {
        return ((ReadResult.Events) r).events().stream()
                .map(e -> e.offset() + "/" + e.epoch() + "/" + e.timestampMs() + "/" + e.eventName() + "/"
                        + text(e.data()))
                .toList();
    }

    private ChannelStore open(Path dir) throws IOException {
        ChannelStore s = ChannelStore.open(dir);
        open.add(s);
        return s;
    }

    private List<PublishResult> publish(long ts, RetentionPolicy retention, PublishCommand... commands)
            throws IOException {
        return applyPublish(store, ++index, ts, retention, commands);
    }

    private static List<PublishResult> applyPublish(ChannelStore s, long idx, long ts, RetentionPolicy retention,
                                                    PublishCommand... commands) throws IOException {
        ChannelStore.PublishOutcome out = s.applyPublish(1, idx, new LogEntry.PublishBatch(ts, List.of(commands)),
                WINDOW_MS, retention);
        assertThat(out.results()).hasSize(commands.length);
        assertThat(out.stored()).hasSize((int) out.results().stream().filter(r -> !r.duplicate()).count());
        return out.results();
    }

    private void tick(long ts, RetentionPolicy retention) throws IOException {
        store.applyTick(1, ++index, ts, WINDOW_MS, retention);
    }

    private long[] setPosition(String consumer, long expected, long next) throws IOException {
        return store.applySetPosition(1, ++index, new LogEntry.SetPosition(0, consumer, expected, next));
    }

    private List<ChannelEvent> events(ChannelKey ch, long from) {
        ReadResult r = store.read(ch, from, 1_000);
        assertThat(r).isInstanceOf(ReadResult.Events.class);
        return ((ReadResult.Events) r).events();
    }

    private static PublishCommand cmd(ChannelKey ch, String data) {
        return new PublishCommand(ch, "evt", data.getBytes(StandardCharsets.UTF_8), null, null,
                PublishCommand.NO_SCHEMA);
    }

    private static String text(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }
}
