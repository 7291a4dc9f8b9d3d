package io.raftbus.log.internal;

import io.raftbus.log.ChannelEvent;
import io.raftbus.log.ChannelKey;
import io.raftbus.log.PublishResult;
import io.raftbus.log.ReadResult;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Read-only queries served by {@code StateMachine.query} without the log, and the replies of applied entries.
 *
 * <pre>
 * query   := version:u8 (=1) | op:u8 | body
 *   READ(1)     app:str channel:str fromOffset:i64 max:i32
 *   LATEST(2)   app:str channel:str
 *   POSITION(3) consumer:str
 *   SETTINGS(4)
 *
 * READ reply      := kind:u8 (0 events, 1 expired) | epoch:i64 | nextOrOldest:i64 | count:u32
 *                    | (offset:i64 | length:u32 | stored event value) * count
 * LATEST reply    := newest:i64 | epoch:i64 | oldest:i64
 * POSITION reply  := position:i64
 * SETTINGS reply  := dedupeWindowMs:i64 | maxEvents:i64 | maxAgeMs:i64 | maxBytes:i64
 * PUBLISH reply   := count:u32 | (offset:i64 | epoch:i64 | duplicate:u8) * count
 * SET_POSITION reply := set:u8 | position:i64
 * </pre>
 */
public final class QueryCodec {
    /** Query op codes; append-only. */
    public static final int READ = 1;
    /** Latest offset of a channel. */
    public static final int LATEST = 2;
    /** A consumer's position. */
    public static final int POSITION = 3;
    /** The answering node's {@link ApplySettings}; answered by the state machine, not the store. */
    public static final int SETTINGS = 4;

    private static final int VERSION = 1;

    private QueryCodec() {
    }

    /**
     * Encodes a read.
     *
     * @param ch the channel.
     * @param from the first offset.
     * @param max the most events.
     * @return the query.
     */
    public static byte[] read(ChannelKey ch, long from, int max) {
        ByteBuffer b = ByteBuffer.allocate(2 + Strings.size(ch.app()) + Strings.size(ch.channel()) + 12);
        b.put((byte) VERSION).put((byte) READ);
        Strings.put(b, ch.app());
        Strings.put(b, ch.channel());
        return b.putLong(from).putInt(max).array();
    }

    /**
     * Encodes a latest-offset query.
     *
     * @param ch the channel.
     * @return the query.
     */
    public static byte[] latest(ChannelKey ch) {
        ByteBuffer b = ByteBuffer.allocate(2 + Strings.size(ch.app()) + Strings.size(ch.channel()));
        b.put((byte) VERSION).put((byte) LATEST);
        Strings.put(b, ch.app());
        Strings.put(b, ch.channel());
        return b.array();
    }

    /**
     * Encodes a position query.
     *
     * @param consumer the consumer.
     * @return the query.
     */
    public static byte[] position(String consumer) {
        ByteBuffer b = ByteBuffer.allocate(2 + Strings.size(consumer));
        b.put((byte) VERSION).put((byte) POSITION);
        Strings.put(b, consumer);
        return b.array();
    }

    /**
     * Encodes a query of the answering node's apply settings.
     *
     * @return the query.
     */
    public static byte[] settings() {
        return new byte[] {VERSION, SETTINGS};
    }

    /**
     * Whether a query asks for the node's settings.
     *
     * @param query the encoded query.
     * @return true for {@link #SETTINGS}.
     */
    static boolean isSettings(ByteBuffer query) {
        return query.remaining() == 2 && query.get(query.position()) == VERSION
                && query.get(query.position() + 1) == SETTINGS;
    }

    /**
     * Decodes a SETTINGS reply.
     *
     * @param reply the reply.
     * @return the settings.
     */
    public static ApplySettings decodeSettings(ByteBuffer reply) {
        return ApplySettings.decode(reply);
    }

    /**
     * Answers a query from a store.
     *
     * @param store the store.
     * @param query the encoded query.
     * @return the encoded reply.
     * @throws IllegalArgumentException if the query is malformed.
     */
    static byte[] answer(ChannelStore store, ByteBuffer query) {
        ByteBuffer q = query.duplicate();
        int version = q.get() & 0xFF;
        if (version != VERSION) {
            throw new IllegalArgumentException("unknown query version " + version);
        }
        int op = q.get() & 0xFF;
        switch (op) {
            case READ: {
                ChannelKey ch = new ChannelKey(Strings.get(q), Strings.get(q));
                long from = q.getLong();
                int max = q.getInt();
                return encodeRead(store.read(ch, from, Math.max(0, Math.min(max, 10_000))));
            }
            case LATEST: {
                long[] l = store.latest(new ChannelKey(Strings.get(q), Strings.get(q)));
                return StoreKeys.longs(l);
            }
            case POSITION:
                return StoreKeys.longs(store.position(Strings.get(q)));
            default:
                throw new IllegalArgumentException("unknown query op " + op);
        }
    }

    private static byte[] encodeRead(ReadResult r) {
        if (r instanceof ReadResult.Expired e) {
            return ByteBuffer.allocate(21).put((byte) 1).putLong(e.epoch()).putLong(e.oldestOffset()).putInt(0)
                    .array();
        }
        ReadResult.Events ev = (ReadResult.Events) r;
        List<byte[]> values = new ArrayList<>();
        int size = 21;
        for (ChannelEvent e : ev.events()) {
            byte[] v = EventCodec.encodeValue(e.timestampMs(), new io.raftbus.log.PublishCommand(e.channel(),
                    e.eventName(), e.data(), null, e.excludeSocketId(), e.schemaId(), e.userId()));
            values.add(v);
            size += 12 + v.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size).put((byte) 0).putLong(ev.epoch()).putLong(ev.nextOffset())
                .putInt(values.size());
        for (int i = 0; i < values.size(); i++) {
            b.putLong(ev.events().get(i).offset()).putInt(values.get(i).length).put(values.get(i));
        }
        return b.array();
    }

    /**
     * Decodes a READ reply.
     *
     * @param ch the channel that was read.
     * @param reply the reply bytes.
     * @return the result.
     */
    public static ReadResult decodeRead(ChannelKey ch, ByteBuffer reply) {
        ByteBuffer b = reply.duplicate();
        int kind = b.get();
        long epoch = b.getLong();
        long n = b.getLong();
        int count = b.getInt();
        if (kind == 1) {
            return new ReadResult.Expired(n, epoch);
        }
        List<ChannelEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long offset = b.getLong();
            byte[] v = new byte[b.getInt()];
            b.get(v);
            events.add(EventCodec.decodeValue(ch, offset, epoch, v));
        }
        return new ReadResult.Events(events, n, epoch);
    }

    /**
     * Encodes the reply to a publish batch.
     *
     * @param results one per command.
     * @return the reply.
     */
    static byte[] encodePublishReply(List<PublishResult> results) {
        ByteBuffer b = ByteBuffer.allocate(4 + 17 * results.size()).putInt(results.size());
        for (PublishResult r : results) {
            b.putLong(r.offset()).putLong(r.epoch()).put((byte) (r.duplicate() ? 1 : 0));
        }
        return b.array();
    }

    /**
     * Decodes the reply to a publish batch.
     *
     * @param reply the reply bytes.
     * @return one result per command.
     */
    public static List<PublishResult> decodePublishReply(ByteBuffer reply) {
        ByteBuffer b = reply.duplicate();
        int n = b.getInt();
        List<PublishResult> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new PublishResult(b.getLong(), b.getLong(), b.get() == 1));
        }
        return out;
    }
}
