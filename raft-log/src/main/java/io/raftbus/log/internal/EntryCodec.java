package io.raftbus.log.internal;

import io.raftbus.log.ChannelKey;
import io.raftbus.log.LogError;
import io.raftbus.log.LogException;
import io.raftbus.log.PublishCommand;
import java.nio.ByteBuffer;
import java.util.ArrayList;
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
 * SET_POSITION body  := consumer:str | expected:i64 | next:i64
 * TICK body          := (empty)
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
        int size = HEADER_BYTES + 4;
        for (PublishCommand c : commands) {
            size += publishSize(c);
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        header(b, LogOp.PUBLISH_BATCH, timestampMs);
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
        }
        return b.array();
    }

    /**
     * Returns the exact encoded size of one publish inside a batch.
     *
     * @param c the publish.
     * @return bytes.
     */
    public static int publishSize(PublishCommand c) {
        return Strings.size(c.channel().app()) + Strings.size(c.channel().channel()) + Strings.size(c.eventName())
                + Strings.sizeNullable(c.idempotencyKey()) + Strings.sizeNullable(c.excludeSocketId()) + 8
                + c.data().length;
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
        ByteBuffer b = bytes.duplicate();
        try {
            if (b.remaining() < HEADER_BYTES) {
                throw malformed("entry of " + b.remaining() + " bytes is shorter than the header");
            }
            if (b.get() != MAGIC_0 || b.get() != MAGIC_1) {
                throw malformed("bad magic");
            }
            int version = b.get() & 0xFF;
            if (version != VERSION) {
                throw malformed("unknown version " + version);
            }
            int code = b.get() & 0xFF;
            LogOp op = LogOp.ofCode(code);
            if (op == null) {
                throw malformed("unknown op " + code);
            }
            long ts = b.getLong();
            LogEntry e = switch (op) {
                case PUBLISH_BATCH -> decodePublishBatch(b, ts);
                case SET_POSITION -> new LogEntry.SetPosition(ts, Strings.get(b), b.getLong(), b.getLong());
                case TICK -> new LogEntry.Tick(ts);
            };
            if (b.hasRemaining()) {
                throw malformed(b.remaining() + " trailing bytes");
            }
            return e;
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            throw new LogException(LogError.MALFORMED_ENTRY, "truncated or invalid field", e);
        }
    }

    private static LogEntry decodePublishBatch(ByteBuffer b, long ts) {
        int count = b.getInt();
        if (count < 0 || count > b.remaining() / 14) {
            throw malformed("impossible count " + count);
        }
        List<PublishCommand> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String app = Strings.get(b);
            String channel = Strings.get(b);
            String event = Strings.get(b);
            String key = Strings.getNullable(b);
            String socket = Strings.getNullable(b);
            int schema = b.getInt();
            int len = b.getInt();
            if (len < 0 || len > b.remaining()) {
                throw malformed("data length " + len + " past the end");
            }
            if (schema < PublishCommand.NO_SCHEMA) {
                throw malformed("schema id " + schema);
            }
            byte[] data = new byte[len];
            b.get(data);
            list.add(new PublishCommand(new ChannelKey(app, channel), event, data, key, socket, schema));
        }
        return new LogEntry.PublishBatch(ts, list);
    }

    private static void header(ByteBuffer b, LogOp op, long ts) {
        b.put(MAGIC_0).put(MAGIC_1).put((byte) VERSION).put((byte) op.code()).putLong(ts);
    }

    private static LogException malformed(String what) {
        return new LogException(LogError.MALFORMED_ENTRY, what);
    }
}
