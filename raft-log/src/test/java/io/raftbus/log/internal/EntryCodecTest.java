package io.raftbus.log.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftbus.log.ChannelCount;
import io.raftbus.log.ChannelKey;
import io.raftbus.log.LogError;
import io.raftbus.log.LogException;
import io.raftbus.log.MemberCount;
import io.raftbus.log.OccupancyReport;
import io.raftbus.log.PublishCommand;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * The log entry format: round trips of every entry type, the leader's stamp, the exact size accounting, and a
 * fuzzer that checks that {@link EntryCodec#decode} answers any input with an entry or a
 * {@link LogError#MALFORMED_ENTRY}, never another exception.
 */
class EntryCodecTest {

    // ------------------------------------------------------------------ round trips

    @Property(tries = 200)
    void shouldRoundTripWhenPublishBatchIsArbitrary(@ForAll("batches") List<PublishCommand> commands,
                                                    @ForAll long timestampMs) {
        byte[] bytes = EntryCodec.encodePublishBatch(timestampMs, commands);

        LogEntry decoded = EntryCodec.decode(ByteBuffer.wrap(bytes));

        assertThat(decoded).isEqualTo(new LogEntry.PublishBatch(timestampMs, commands));
        assertThat(EntryCodec.encode(decoded)).isEqualTo(bytes);
    }

    @Property(tries = 100)
    void shouldRoundTripWhenSetPositionIsArbitrary(@ForAll("texts") String consumer, @ForAll long expected,
                                                   @ForAll long next, @ForAll long timestampMs) {
        LogEntry.SetPosition entry = new LogEntry.SetPosition(timestampMs, consumer, expected, next);

        byte[] bytes = EntryCodec.encode(entry);

        assertThat(bytes).isEqualTo(EntryCodec.encodeSetPosition(timestampMs, consumer, expected, next));
        assertThat(EntryCodec.decode(ByteBuffer.wrap(bytes))).isEqualTo(entry);
    }

    @Property(tries = 50)
    void shouldRoundTripWhenTickIsArbitrary(@ForAll long timestampMs) {
        byte[] bytes = EntryCodec.encode(new LogEntry.Tick(timestampMs));

        assertThat(bytes).hasSize(EntryCodec.HEADER_BYTES);
        assertThat(EntryCodec.decode(ByteBuffer.wrap(bytes))).isEqualTo(new LogEntry.Tick(timestampMs));
    }

    @Property(tries = 100)
    void shouldRoundTripWhenOccupancyReportIsArbitrary(@ForAll("reports") OccupancyReport report,
                                                       @ForAll long timestampMs) {
        byte[] bytes = EntryCodec.encodeOccupancy(timestampMs, report);

        LogEntry decoded = EntryCodec.decode(ByteBuffer.wrap(bytes));

        assertThat(decoded).isEqualTo(new LogEntry.Occupancy(timestampMs, report));
        assertThat(bytes[3]).isEqualTo((byte) LogOp.OCCUPANCY_REPORT.code());
        assertThat(EntryCodec.encode(decoded)).isEqualTo(bytes);
    }

    /** A v1 publish batch as written before user ids existed; it must decode forever. */
    @Example
    void shouldDecodeAVersionOneBatchWhenItWasWrittenBeforeUserIds() {
        byte[] fixture = {
            'R', 'B', 1, 1, 0, 0, 0, 0, 0, 0, 0, 42,   // magic, version 1, PUBLISH_BATCH, leader time 42
            0, 0, 0, 1,                                // one publish
            0, 1, 'a', 0, 2, 'c', '1', 0, 1, 'e',      // app "a", channel "c1", event "e"
            (byte) 0xFF, (byte) 0xFF, 0, 1, 'k',       // no idempotency key, socket "k"
            (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, // schema -1
            0, 0, 0, 2, '{', '}'};                     // data "{}"

        LogEntry decoded = EntryCodec.decode(ByteBuffer.wrap(fixture));

        assertThat(decoded).isEqualTo(new LogEntry.PublishBatch(42, List.of(new PublishCommand(
                new ChannelKey("a", "c1"), "e", "{}".getBytes(StandardCharsets.UTF_8), null, "k", -1))));
        assertThat(EntryCodec.encode(decoded)).as("a batch without user ids is still written as v1")
                .isEqualTo(fixture);
    }

    @Example
    void shouldWritePublishBatchV2WhenSomePublishHasAUserId() {
        PublishCommand plain = PublishCommand.of("a", "c", "e", new byte[] {1});
        PublishCommand withUser = plain.withUserId("u-1");

        byte[] bytes = EntryCodec.encodePublishBatch(5, List.of(plain, withUser));

        assertThat(bytes[3]).isEqualTo((byte) LogOp.PUBLISH_BATCH_V2.code());
        assertThat(EntryCodec.decode(ByteBuffer.wrap(bytes)))
                .isEqualTo(new LogEntry.PublishBatch(5, List.of(plain, withUser)));
    }

    @Example
    void shouldRefusePublishBatchV2WhenNoPublishHasAUserId() {
        byte[] v1 = EntryCodec.encodePublishBatch(5, List.of(PublishCommand.of("a", "c", "e", new byte[0])));
        byte[] v2 = Arrays.copyOf(v1, v1.length + 2);
        v2[3] = (byte) LogOp.PUBLISH_BATCH_V2.code();
        // A v2 publish ends with userId:nstr; the data is empty, so the null user id follows the length.
        v2[v1.length] = (byte) 0xFF;
        v2[v1.length + 1] = (byte) 0xFF;

        assertMalformed(v2, "without a user id");
    }

    @Example
    void shouldDecodeWhenBufferIsASliceWithOffset() {
        byte[] entry = EntryCodec.encodeTick(42);
        byte[] padded = new byte[entry.length + 10];
        System.arraycopy(entry, 0, padded, 5, entry.length);
        ByteBuffer window = ByteBuffer.wrap(padded, 5, entry.length).slice();

        assertThat(EntryCodec.decode(window)).isEqualTo(new LogEntry.Tick(42));
        assertThat(window.position()).as("decode must not move the caller's buffer").isZero();
    }

    @Example
    void shouldRoundTripWhenBatchIsEmpty() {
        byte[] bytes = EntryCodec.encodePublishBatch(7, List.of());

        assertThat(bytes).hasSize(EntryCodec.HEADER_BYTES + 4);
        assertThat(EntryCodec.decode(ByteBuffer.wrap(bytes))).isEqualTo(new LogEntry.PublishBatch(7, List.of()));
    }

    @Example
    void shouldPinTheHeaderLayoutWhenEncoding() {
        byte[] bytes = EntryCodec.encodeTick(0x0102030405060708L);

        assertThat(bytes).containsExactly('R', 'B', 1, 3, 1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(EntryCodec.VERSION).isEqualTo(1);
        assertThat(EntryCodec.TIMESTAMP_OFFSET).isEqualTo(4);
        assertThat(EntryCodec.HEADER_BYTES).isEqualTo(12);
    }

    // ------------------------------------------------------------------ stamp

    @Property(tries = 100)
    void shouldWriteTimestampAtBytesFourToElevenWhenStamping(@ForAll("anyEntry") LogEntry unstamped,
                                                             @ForAll long timestampMs) {
        byte[] bytes = EntryCodec.encode(unstamped);
        byte[] before = bytes.clone();

        EntryCodec.stamp(bytes, timestampMs);

        assertThat(ByteBuffer.wrap(bytes).getLong(4)).isEqualTo(timestampMs);
        assertThat(Arrays.copyOfRange(bytes, 0, 4)).isEqualTo(Arrays.copyOfRange(before, 0, 4));
        assertThat(Arrays.copyOfRange(bytes, 12, bytes.length))
                .isEqualTo(Arrays.copyOfRange(before, 12, before.length));
        LogEntry decoded = EntryCodec.decode(ByteBuffer.wrap(bytes));
        assertThat(decoded.timestampMs()).isEqualTo(timestampMs);
        assertThat(EntryCodec.encode(withTimestamp(decoded, unstamped.timestampMs()))).isEqualTo(before);
    }

    // ------------------------------------------------------------------ publishSize

    @Property(tries = 200)
    void shouldCountExactEncodedSizeWhenPublishHasArbitraryStrings(@ForAll("commandsWithLoneSurrogates")
                                                                   PublishCommand c) {
        int expected = utf8(c.channel().app()) + utf8(c.channel().channel()) + utf8(c.eventName())
                + nullableUtf8(c.idempotencyKey()) + nullableUtf8(c.excludeSocketId()) + 4 + 4 + c.data().length
                + (c.userId() == null ? 0 : utf8(c.userId()));

        assertThat(EntryCodec.publishSize(c)).isEqualTo(expected);
        assertThat(EntryCodec.encodePublishBatch(0, List.of(c, c))).hasSize(EntryCodec.HEADER_BYTES + 4 + 2 * expected);
    }

    @Property(tries = 100)
    void shouldEncodeBatchOfExactlyHeaderPlusPublishSizesWhenBatchIsArbitrary(
            @ForAll("batches") List<PublishCommand> commands) {
        int sum = commands.stream().mapToInt(EntryCodec::publishSize).sum();
        if (commands.stream().anyMatch(c -> c.userId() != null)) {
            sum += 2 * (int) commands.stream().filter(c -> c.userId() == null).count();
        }

        assertThat(EntryCodec.encodePublishBatch(0, commands)).hasSize(EntryCodec.HEADER_BYTES + 4 + sum);
    }

    @Example
    void shouldRefuseToEncodeWhenStringIsLongerThanSixtyFiveThousandBytes() {
        PublishCommand c = PublishCommand.of("app", "ch", "e".repeat(0xFFFF), new byte[0]);

        assertThatThrownBy(() -> EntryCodec.encodePublishBatch(0, List.of(c)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too long");
    }

    // ------------------------------------------------------------------ refusals

    @Example
    void shouldRefuseWhenMagicIsWrong() {
        byte[] bytes = EntryCodec.encodeTick(1);
        bytes[1] = 'X';

        assertMalformed(bytes, "bad magic");
    }

    @Example
    void shouldRefuseWhenVersionIsUnknown() {
        for (int version : new int[] {0, 2, 255}) {
            byte[] bytes = EntryCodec.encodeTick(1);
            bytes[2] = (byte) version;

            assertMalformed(bytes, "unknown version " + version);
        }
    }

    @Example
    void shouldRefuseWhenOpIsUnknown() {
        for (int op : new int[] {0, 6, 255}) {
            byte[] bytes = EntryCodec.encodeTick(1);
            bytes[3] = (byte) op;

            assertMalformed(bytes, "unknown op " + op);
        }
    }

    @Example
    void shouldRefuseWhenTrailingBytesFollowTheEntry() {
        for (byte[] valid : List.of(EntryCodec.encodeTick(1), EntryCodec.encodeSetPosition(1, "c", 0, 1),
                EntryCodec.encodePublishBatch(1, List.of(PublishCommand.of("a", "c", "e", new byte[3]))))) {
            byte[] bytes = Arrays.copyOf(valid, valid.length + 1);

            assertMalformed(bytes, "1 trailing bytes");
        }
    }

    @Example
    void shouldRefuseWhenEntryIsShorterThanTheHeader() {
        assertMalformed(new byte[0], "shorter than the header");
        assertMalformed(Arrays.copyOf(EntryCodec.encodeTick(1), 11), "shorter than the header");
    }

    @Example
    void shouldRefuseWhenBatchCountIsImpossible() {
        for (int count : new int[] {-1, Integer.MIN_VALUE, Integer.MAX_VALUE, 1}) {
            byte[] bytes = EntryCodec.encodePublishBatch(1, List.of());
            ByteBuffer.wrap(bytes).putInt(EntryCodec.HEADER_BYTES, count);

            assertMalformed(bytes, null);
        }
    }

    @Example
    void shouldRefuseWhenDataLengthPointsPastTheEnd() {
        byte[] bytes = EntryCodec.encodePublishBatch(1, List.of(PublishCommand.of("a", "c", "e", new byte[2])));
        int dataLengthAt = bytes.length - 2 - 4;
        for (int len : new int[] {3, -1, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            ByteBuffer.wrap(bytes).putInt(dataLengthAt, len);

            assertMalformed(bytes, null);
        }
    }

    @Example
    void shouldRefuseWhenSchemaIdIsBelowMinusOne() {
        byte[] bytes = EntryCodec.encodePublishBatch(1, List.of(PublishCommand.of("a", "c", "e", new byte[0])));
        ByteBuffer.wrap(bytes).putInt(bytes.length - 8, -2);

        assertMalformed(bytes, "schema id -2");
    }

    @Example
    void shouldRefuseWhenRequiredStringIsNull() {
        byte[] bytes = EntryCodec.encodeSetPosition(1, "c", 0, 1);
        ByteBuffer.wrap(bytes).putShort(EntryCodec.HEADER_BYTES, (short) 0xFFFF);

        assertMalformed(bytes, null);
    }

    @Example
    void shouldRefuseWhenStringIsNotUtf8() {
        byte[] bytes = EntryCodec.encodeSetPosition(1, "\u00e9\u00e9", 0, 1);
        bytes[EntryCodec.HEADER_BYTES + 2] = (byte) 0xC3;
        bytes[EntryCodec.HEADER_BYTES + 3] = (byte) 0x28;

        assertMalformed(bytes, null);
    }

    @Example
    void shouldRefuseWhenStringLengthPointsPastTheEnd() {
        byte[] bytes = EntryCodec.encodeSetPosition(1, "c", 0, 1);
        ByteBuffer.wrap(bytes).putShort(EntryCodec.HEADER_BYTES, (short) 0xFFFE);

        assertMalformed(bytes, null);
    }

    // ------------------------------------------------------------------ fuzzing

    @Property(tries = 2000)
    void shouldAnswerEntryOrMalformedWhenBytesAreArbitrary(@ForAll("arbitraryBytes") byte[] bytes) {
        decodeOrMalformed(bytes);
    }

    @Property(tries = 2000)
    void shouldAnswerEntryOrMalformedWhenBodyAfterValidHeaderIsArbitrary(
            @ForAll @IntRange(min = 0, max = 6) int op, @ForAll("arbitraryBytes") byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(EntryCodec.HEADER_BYTES + body.length);
        b.put((byte) 'R').put((byte) 'B').put((byte) 1).put((byte) op).putLong(0).put(body);

        decodeOrMalformed(b.array());
    }

    @Property(tries = 2000)
    void shouldAnswerEntryOrMalformedWhenValidEntryIsMutated(@ForAll("anyEntry") LogEntry entry,
                                                             @ForAll("mutations") List<Mutation> mutations) {
        byte[] bytes = EntryCodec.encode(entry);
        for (Mutation m : mutations) {
            bytes = m.apply(bytes);
        }

        Statistics.collect(decodeOrMalformed(bytes) ? "accepted" : "malformed");
        Statistics.coverage(c -> {
            c.check("accepted").percentage(p -> p >= 5);
            c.check("malformed").percentage(p -> p >= 30);
        });
    }

    /** Decodes; an accepted entry must be canonical (re-encodes to the same bytes). Returns true if accepted. */
    private static boolean decodeOrMalformed(byte[] bytes) {
        LogEntry decoded;
        try {
            decoded = EntryCodec.decode(ByteBuffer.wrap(bytes));
        } catch (LogException e) {
            assertThat(e.error()).isEqualTo(LogError.MALFORMED_ENTRY);
            assertThat(e.getMessage()).startsWith("[RB5] malformed log entry: ");
            return false;
        }
        assertThat(decoded).isNotNull();
        assertThat(EntryCodec.encode(decoded)).as("an accepted entry re-encodes to the same bytes").isEqualTo(bytes);
        return true;
    }

    private static void assertMalformed(byte[] bytes, String detail) {
        assertThatThrownBy(() -> EntryCodec.decode(ByteBuffer.wrap(bytes)))
                .isInstanceOfSatisfying(LogException.class, e -> {
                    assertThat(e.error()).isEqualTo(LogError.MALFORMED_ENTRY);
                    if (detail != null) {
                        assertThat(e.getMessage()).contains(detail);
                    }
                });
    }

    /** One change to an encoded entry. */
    sealed interface Mutation {
        byte[] apply(byte[] bytes);
    }

    /** XORs the byte at {@code at % length} with a non-zero mask. */
    record Flip(int at, byte mask) implements Mutation {
        @Override
        public byte[] apply(byte[] bytes) {
            if (bytes.length == 0) {
                return bytes;
            }
            byte[] out = bytes.clone();
            int i = Math.floorMod(at, out.length);
            out[i] = (byte) (out[i] ^ (mask == 0 ? 1 : mask));
            return out;
        }
    }

    /** Cuts the entry to {@code keep % (length + 1)} bytes. */
    record Truncate(int keep) implements Mutation {
        @Override
        public byte[] apply(byte[] bytes) {
            return Arrays.copyOf(bytes, Math.floorMod(keep, bytes.length + 1));
        }
    }

    /** Appends bytes. */
    record Append(byte[] extra) implements Mutation {
        @Override
        public byte[] apply(byte[] bytes) {
            byte[] out = Arrays.copyOf(bytes, bytes.length + extra.length);
            System.arraycopy(extra, 0, out, bytes.length, extra.length);
            return out;
        }
    }

    /** Overwrites four bytes (a count, a length or a schema id, most likely) with a chosen int. */
    record PutInt(int at, int value) implements Mutation {
        @Override
        public byte[] apply(byte[] bytes) {
            if (bytes.length < 4) {
                return bytes;
            }
            byte[] out = bytes.clone();
            ByteBuffer.wrap(out).putInt(Math.floorMod(at, out.length - 3), value);
            return out;
        }
    }

    /** Overwrites two bytes (a string length, most likely) with a chosen u16. */
    record PutShort(int at, short value) implements Mutation {
        @Override
        public byte[] apply(byte[] bytes) {
            if (bytes.length < 2) {
                return bytes;
            }
            byte[] out = bytes.clone();
            ByteBuffer.wrap(out).putShort(Math.floorMod(at, out.length - 1), value);
            return out;
        }
    }

    // ------------------------------------------------------------------ generators

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Integer> pos = Arbitraries.integers().between(0, 5000);
        Arbitrary<Mutation> flip = Combinators.combine(pos, Arbitraries.bytes()).as(Flip::new);
        Arbitrary<Mutation> truncate = pos.map(Truncate::new);
        Arbitrary<Mutation> append = bytes(0, 16).map(Append::new);
        Arbitrary<Mutation> putInt = Combinators.combine(pos, Arbitraries.oneOf(Arbitraries.integers(),
                Arbitraries.of(-1, 0, 1, 0xFFFF, 0x10000, Integer.MAX_VALUE, Integer.MIN_VALUE)))
                .as(PutInt::new);
        Arbitrary<Mutation> putShort = Combinators.combine(pos,
                Arbitraries.of((short) 0, (short) 1, (short) -1, (short) -2, (short) 0x7FFF)).as(PutShort::new);
        return Arbitraries.oneOf(List.of(flip, truncate, append, putInt, putShort)).list().ofMinSize(1)
                .ofMaxSize(4);
    }

    @Provide
    Arbitrary<byte[]> arbitraryBytes() {
        return bytes(0, 300);
    }

    @Provide
    Arbitrary<LogEntry> anyEntry() {
        Arbitrary<LogEntry> publish = Combinators.combine(Arbitraries.longs(), batches())
                .as(LogEntry.PublishBatch::new);
        Arbitrary<LogEntry> setPosition = Combinators.combine(Arbitraries.longs(), texts(), Arbitraries.longs(),
                Arbitraries.longs()).as(LogEntry.SetPosition::new);
        Arbitrary<LogEntry> tick = Arbitraries.longs().map(LogEntry.Tick::new);
        Arbitrary<LogEntry> occupancy = Combinators.combine(Arbitraries.longs(), reports())
                .as(LogEntry.Occupancy::new);
        return Arbitraries.oneOf(List.of(publish, setPosition, tick, occupancy));
    }

    @Provide
    Arbitrary<OccupancyReport> reports() {
        Arbitrary<String> names = texts().filter(s -> !s.isEmpty());
        Arbitrary<ChannelKey> channels = Combinators.combine(names, names).as(ChannelKey::new);
        Arbitrary<ChannelCount> counts = Combinators.combine(channels, Arbitraries.integers().between(0, 1000))
                .as(ChannelCount::new);
        Arbitrary<MemberCount> members = Combinators.combine(channels, names, bytes(0, 64),
                Arbitraries.integers().between(0, 5)).as(MemberCount::new);
        return Combinators.combine(names, Arbitraries.longs().between(1, Long.MAX_VALUE), Arbitraries.of(true, false),
                counts.list().ofMaxSize(5), members.list().ofMaxSize(5)).as(OccupancyReport::new);
    }

    @Provide
    Arbitrary<List<PublishCommand>> batches() {
        return commands(texts()).list().ofMaxSize(6);
    }

    @Provide
    Arbitrary<PublishCommand> commandsWithLoneSurrogates() {
        Arbitrary<String> withSurrogates = Arbitraries.oneOf(texts(),
                Arbitraries.strings().withChars("a\u00e9\ud83d\ude00\ud800\udc00\u4e2d").ofMaxLength(12));
        return commands(withSurrogates);
    }

    private static Arbitrary<PublishCommand> commands(Arbitrary<String> strings) {
        Arbitrary<String> names = strings.filter(s -> !s.isEmpty());
        Arbitrary<ChannelKey> channels = Combinators.combine(names, names).as(ChannelKey::new);
        Arbitrary<Integer> schemas = Arbitraries.oneOf(Arbitraries.just(PublishCommand.NO_SCHEMA),
                Arbitraries.integers().between(0, Integer.MAX_VALUE));
        return Combinators.combine(channels, names, bytes(0, 4096), strings.injectNull(0.4),
                strings.injectNull(0.5), schemas, strings.injectNull(0.7)).as(PublishCommand::new);
    }

    /** Strings of whole code points: ASCII, Latin, Cyrillic, CJK and emoji. */
    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> codePoint = Arbitraries.oneOf(List.of(
                Arbitraries.integers().between(0x20, 0x7E),
                Arbitraries.integers().between(0x00, 0x1F),
                Arbitraries.integers().between(0xA0, 0x24F),
                Arbitraries.integers().between(0x400, 0x4FF),
                Arbitraries.integers().between(0x4E00, 0x9FFF),
                Arbitraries.integers().between(0x1F300, 0x1FAFF)))
                .map(Character::toString);
        return codePoint.list().ofMaxSize(24).map(l -> String.join("", l));
    }

    private static Arbitrary<byte[]> bytes(int min, int max) {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(min).ofMaxSize(max);
    }

    private static LogEntry withTimestamp(LogEntry e, long ts) {
        if (e instanceof LogEntry.PublishBatch p) {
            return new LogEntry.PublishBatch(ts, p.commands());
        } else if (e instanceof LogEntry.SetPosition s) {
            return new LogEntry.SetPosition(ts, s.consumer(), s.expected(), s.next());
        } else if (e instanceof LogEntry.Occupancy o) {
            return new LogEntry.Occupancy(ts, o.report());
        }
        return new LogEntry.Tick(ts);
    }

    private static int utf8(String s) {
        return 2 + s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static int nullableUtf8(String s) {
        return s == null ? 2 : utf8(s);
    }
}
