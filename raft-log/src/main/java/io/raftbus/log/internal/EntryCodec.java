package io.raftbus.log.internal;

import io.raftbus.log.ChannelCount;
import io.raftbus.log.ChannelKey;
import io.raftbus.log.LogError;
import io.raftbus.log.LogException;
import io.raftbus.log.MemberCount;
import io.raftbus.log.OccupancyReport;
import io.raftbus.log.PublishCommand;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes and decodes log entries. The format is versioned; every field is big-endian.
 *
 * <pre>
 * entry  := magic:'R''B' (2) | version:u8 (=1) | op:u8 | leaderTimeMs:i64 | body
 *
 * PUBLISH_BATCH body := count:u32 | publish * count
 *   publish := app:str | channel:str | event:str | idempotencyKey:nstr | excludeSocketId:nstr
 *              | schemaId:i32 | dataLength:u32 | data:bytes
 * PUBLISH_BATCH_V2 body := count:u32 | publishV2 * count
 *   publishV2 := publish | userId:nstr      (written only when some publish of the batch has a user id)
 * SET_POSITION body  := consumer:str | expected:i64 | next:i64
 * TICK body          := (empty)
 * OCCUPANCY_REPORT body := nodeId:str | nodeTimeoutMs:i64 | full:u8 (0|1)
 *                          | channelCount:u32 | (app:str | channel:str | subscriptions:i32) * channelCount
 *                          | memberCount:u32 | (app:str | channel:str | userId:str | connections:i32
 *                                               | userInfoLength:u32 | userInfo:bytes) * memberCount
 *
 * str  := length:u16 | UTF-8 bytes
 * nstr := 0xFFFF (null) | str
 * </pre>
 *
 * <p>A client encodes an entry with leaderTimeMs 0; the leader writes its clock into bytes 4..11 in
 * {@code startTransaction}, so every replica applies the same time. Decoding refuses a bad magic, an unknown
 * version or op, a length past the end and trailing bytes, with {@link LogError#MALFORMED_ENTRY}.
 */
public final class EntryCodec {
    /** The format version this code writes. */
    public static final int VERSION = 1;
    /** Offset of the leader timestamp in an encoded entry. */
    public static final int TIMESTAMP_OFFSET = 4;
    /** Size of the fixed header. */
    public static final int HEADER_BYTES = 12;

    private static final byte MAGIC_0 = 'R';
    private static final byte MAGIC_1 = 'B';

    private EntryCodec() {
    }

    /**
     * Encodes a batch of publishes.
     *
     * @param timestampMs the leader clock, 0 from a client.
     * @param commands the publishes.
     * @return the encoded entry.
     */
    public static byte[] encodePublishBatch(long timestampMs, List<PublishCommand> commands) {
        boolean v2 = false;
        int size = HEADER_BYTES + 4;
        for (PublishCommand c : commands) {
            size += publishSize(c);
            v2 |= c.userId() != null;
        }
        if (v2) {
            for (PublishCommand c : commands) {
                size += c.userId() == null ? 2 : 0;
            }
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        header(b, v2 ? LogOp.PUBLISH_BATCH_V2 : LogOp.PUBLISH_BATCH, timestampMs);
        b.putInt(commands.size());
        for (PublishCommand c : commands) {
            Strings.put(b, c.channel().app());
            Strings.put(b, c.channel().channel());
            Strings.put(b, c.eventName());
            Strings.putNullable(b, c.idempotencyKey());
            Strings.putNullable(b, c.excludeSocketId());
            b.putInt(c.schemaId());
            b.putInt(c.data().length);
            b.put(c.data());
            if (v2) {
                Strings.putNullable(b, c.userId());
            }
        }
        return b.array();
    }

    /**
     * Returns the encoded size of one publish inside a batch: exact, except that a publish without a user id
     * takes 2 more bytes in a batch where another publish has one.
     *
     * @param c the publish.
     * @return bytes.
     */
    public static int publishSize(PublishCommand c) {
        return Strings.size(c.channel().app()) + Strings.size(c.channel().channel()) + Strings.size(c.eventName())
                + Strings.sizeNullable(c.idempotencyKey()) + Strings.sizeNullable(c.excludeSocketId()) + 8
                + c.data().length + (c.userId() == null ? 0 : Strings.size(c.userId()));
    }

    /**
     * Encodes an occupancy report.
     *
     * @param timestampMs the leader clock, 0 from a client.
     * @param r the report.
     * @return the encoded entry.
     */
    public static byte[] encodeOccupancy(long timestampMs, OccupancyReport r) {
        int size = HEADER_BYTES + Strings.size(r.nodeId()) + 8 + 1 + 4 + 4;
        for (ChannelCount c : r.channels()) {
            size += Strings.size(c.channel().app()) + Strings.size(c.channel().channel()) + 4;
        }
        for (MemberCount m : r.members()) {
            size += Strings.size(m.channel().app()) + Strings.size(m.channel().channel()) + Strings.size(m.userId())
                    + 8 + m.userInfo().length;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        header(b, LogOp.OCCUPANCY_REPORT, timestampMs);
        Strings.put(b, r.nodeId());
        b.putLong(r.nodeTimeoutMs());
        b.put((byte) (r.full() ? 1 : 0));
        b.putInt(r.channels().size());
        for (ChannelCount c : r.channels()) {
            Strings.put(b, c.channel().app());
            Strings.put(b, c.channel().channel());
            b.putInt(c.subscriptions());
        }
        b.putInt(r.members().size());
        for (MemberCount m : r.members()) {
            Strings.put(b, m.channel().app());
            Strings.put(b, m.channel().channel());
            Strings.put(b, m.userId());
            b.putInt(m.connections());
            b.putInt(m.userInfo().length);
            b.put(m.userInfo());
        }
        return b.array();
    }

    /**
     * Encodes a compare-and-set of a position.
     *
     * @param timestampMs the leader clock, 0 from a client.
     * @param consumer the consumer name.
     * @param expected the expected current position.
     * @param next the new position.
     * @return the encoded entry.
     */
    public static byte[] encodeSetPosition(long timestampMs, String consumer, long expected, long next) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + Strings.size(consumer) + 16);
        header(b, LogOp.SET_POSITION, timestampMs);
        Strings.put(b, consumer);
        b.putLong(expected);
        b.putLong(next);
        return b.array();
    }

    /**
     * Encodes a tick.
     *
     * @param timestampMs the leader clock, 0 from a client.
     * @return the encoded entry.
     */
    public static byte[] encodeTick(long timestampMs) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES);
        header(b, LogOp.TICK, timestampMs);
        return b.array();
    }

    /**
     * Encodes any entry.
     *
     * @param e the entry.
     * @return the encoded bytes.
     */
    public static byte[] encode(LogEntry e) {
        if (e instanceof LogEntry.PublishBatch p) {
            return encodePublishBatch(p.timestampMs(), p.commands());
        } else if (e instanceof LogEntry.SetPosition s) {
            return encodeSetPosition(s.timestampMs(), s.consumer(), s.expected(), s.next());
        } else if (e instanceof LogEntry.Occupancy o) {
            return encodeOccupancy(o.timestampMs(), o.report());
        }
        return encodeTick(e.timestampMs());
    }

    /**
     * Writes the leader's clock into an encoded entry.
     *
     * @param entry the encoded entry, changed in place.
     * @param timestampMs the clock.
     */
    public static void stamp(byte[] entry, long timestampMs) {
        ByteBuffer.wrap(entry).putLong(TIMESTAMP_OFFSET, timestampMs);
    }

    /**
     * Decodes an entry.
     *
     * @param bytes the encoded entry, not changed.
     * @return the entry.
     * @throws LogException with {@link LogError#MALFORMED_ENTRY} saying what is wrong.
     */
    public static LogEntry decode(ByteBuffer bytes) {
        if (bytes.hasArray()) {
            return decode(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        }
        byte[] copy = new byte[bytes.remaining()];
        bytes.duplicate().get(copy);
        return decode(copy, 0, copy.length);
    }

    /**
     * Decodes an entry from part of an array. Reads the array in place: one pass, no per-field buffers, and a
     * field whose bytes equal the same field of the previous publish (the same app, channel or event name, as
     * is common in a batch) reuses that string.
     *
     * @param a the array, not changed.
     * @param offset where the entry starts.
     * @param length its length.
     * @return the entry.
     * @throws LogException with {@link LogError#MALFORMED_ENTRY} saying what is wrong.
     */
    public static LogEntry decode(byte[] a, int offset, int length) {
        Cursor c = new Cursor(a, offset, offset + length);
        try {
            if (length < HEADER_BYTES) {
                throw malformed("entry of " + length + " bytes is shorter than the header");
            }
            if (c.u8() != MAGIC_0 || c.u8() != MAGIC_1) {
                throw malformed("bad magic");
            }
            int version = c.u8();
            if (version != VERSION) {
                throw malformed("unknown version " + version);
            }
            int code = c.u8();
            LogOp op = LogOp.ofCode(code);
            if (op == null) {
                throw malformed("unknown op " + code);
            }
            long ts = c.i64();
            LogEntry e = switch (op) {
                case PUBLISH_BATCH -> decodePublishBatch(c, ts, false);
                case PUBLISH_BATCH_V2 -> decodePublishBatch(c, ts, true);
                case OCCUPANCY_REPORT -> decodeOccupancy(c, ts);
                case SET_POSITION -> new LogEntry.SetPosition(ts, c.str(Cursor.NO_CACHE), c.i64(), c.i64());
                case TICK -> new LogEntry.Tick(ts);
            };
            if (c.pos != c.end) {
                throw malformed((c.end - c.pos) + " trailing bytes");
            }
            return e;
        } catch (IllegalArgumentException e) {
            throw new LogException(LogError.MALFORMED_ENTRY, "truncated or invalid field: " + e.getMessage(), e);
        }
    }

    private static LogEntry decodeOccupancy(Cursor c, long ts) {
        String node = c.str(Cursor.NO_CACHE);
        long timeout = c.i64();
        int full = c.u8();
        if (full > 1 || timeout <= 0) {
            throw malformed("bad report header: full=" + full + " timeout=" + timeout);
        }
        int channels = c.i32();
        if (channels < 0 || channels > (c.end - c.pos) / 8) {
            throw malformed("impossible channel count " + channels);
        }
        List<ChannelCount> counts = new ArrayList<>(channels);
        for (int i = 0; i < channels; i++) {
            ChannelKey k = new ChannelKey(c.str(Cursor.APP), c.str(Cursor.CHANNEL));
            counts.add(new ChannelCount(k, c.i32()));
        }
        int members = c.i32();
        if (members < 0 || members > (c.end - c.pos) / 14) {
            throw malformed("impossible member count " + members);
        }
        List<MemberCount> list = new ArrayList<>(members);
        for (int i = 0; i < members; i++) {
            ChannelKey k = new ChannelKey(c.str(Cursor.APP), c.str(Cursor.CHANNEL));
            String user = c.str(Cursor.NO_CACHE);
            int connections = c.i32();
            int len = c.i32();
            if (len < 0 || len > c.end - c.pos) {
                throw malformed("user info length " + len + " past the end");
            }
            byte[] info = Arrays.copyOfRange(c.a, c.pos, c.pos + len);
            c.pos += len;
            list.add(new MemberCount(k, user, info, connections));
        }
        return new LogEntry.Occupancy(ts, new OccupancyReport(node, timeout, full == 1, counts, list));
    }

    private static LogEntry decodePublishBatch(Cursor c, long ts, boolean v2) {
        int count = c.i32();
        if (count < 0 || count > (c.end - c.pos) / 14) {
            throw malformed("impossible count " + count);
        }
        List<PublishCommand> list = new ArrayList<>(count);
        ChannelKey lastChannel = null;
        for (int i = 0; i < count; i++) {
            String app = c.str(Cursor.APP);
            String channel = c.str(Cursor.CHANNEL);
            String event = c.str(Cursor.EVENT);
            String key = c.nstr(Cursor.NO_CACHE);
            String socket = c.nstr(Cursor.NO_CACHE);
            int schema = c.i32();
            int len = c.i32();
            if (len < 0 || len > c.end - c.pos) {
                throw malformed("data length " + len + " past the end");
            }
            if (schema < PublishCommand.NO_SCHEMA) {
                throw malformed("schema id " + schema);
            }
            byte[] data = Arrays.copyOfRange(c.a, c.pos, c.pos + len);
            c.pos += len;
            ChannelKey ck = lastChannel != null && lastChannel.app() == app && lastChannel.channel() == channel
                    ? lastChannel : new ChannelKey(app, channel);
            lastChannel = ck;
            String user = v2 ? c.nstr(Cursor.NO_CACHE) : null;
            list.add(new PublishCommand(ck, event, data, key, socket, schema, user));
        }
        if (v2 && list.stream().allMatch(p -> p.userId() == null)) {
            throw malformed("a PUBLISH_BATCH_V2 entry without a user id (it must be written as PUBLISH_BATCH)");
        }
        return new LogEntry.PublishBatch(ts, list);
    }

    /** A read position in an encoded entry, remembering the last string of each cached field. */
    private static final class Cursor {
        static final int NO_CACHE = -1;
        static final int APP = 0;
        static final int CHANNEL = 1;
        static final int EVENT = 2;

        final byte[] a;
        final int end;
        int pos;
        private final int[] lastOffset = {-1, -1, -1};
        private final int[] lastLength = new int[3];
        private final String[] last = new String[3];

        Cursor(byte[] a, int pos, int end) {
            this.a = a;
            this.pos = pos;
            this.end = end;
        }

        private void need(int n) {
            if (n > end - pos) {
                throw new IllegalArgumentException("needs " + n + " bytes at " + pos + ", has " + (end - pos));
            }
        }

        int u8() {
            need(1);
            return a[pos++] & 0xFF;
        }

        int i32() {
            need(4);
            int v = (a[pos] & 0xFF) << 24 | (a[pos + 1] & 0xFF) << 16 | (a[pos + 2] & 0xFF) << 8 | a[pos + 3] & 0xFF;
            pos += 4;
            return v;
        }

        long i64() {
            return (long) i32() << 32 | i32() & 0xFFFFFFFFL;
        }

        String str(int slot) {
            String s = nstr(slot);
            if (s == null) {
                throw new IllegalArgumentException("null where a string is required");
            }
            return s;
        }

        String nstr(int slot) {
            need(2);
            int len = (a[pos] & 0xFF) << 8 | a[pos + 1] & 0xFF;
            pos += 2;
            if (len == Strings.NULL_LENGTH) {
                return null;
            }
            need(len);
            int at = pos;
            pos += len;
            if (slot != NO_CACHE && lastOffset[slot] >= 0 && lastLength[slot] == len
                    && Arrays.equals(a, at, at + len, a, lastOffset[slot], lastOffset[slot] + len)) {
                return last[slot];
            }
            String s = Strings.decode(a, at, len);
            if (slot != NO_CACHE) {
                lastOffset[slot] = at;
                lastLength[slot] = len;
                last[slot] = s;
            }
            return s;
        }
    }

    private static void header(ByteBuffer b, LogOp op, long ts) {
        b.put(MAGIC_0).put(MAGIC_1).put((byte) VERSION).put((byte) op.code()).putLong(ts);
    }

    private static LogException malformed(String what) {
        return new LogException(LogError.MALFORMED_ENTRY, what);
    }
}
