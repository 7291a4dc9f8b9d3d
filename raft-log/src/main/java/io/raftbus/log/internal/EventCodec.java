package io.raftbus.log.internal;

import io.raftbus.log.ChannelEvent;
import io.raftbus.log.ChannelKey;
import io.raftbus.log.PublishCommand;
import java.nio.ByteBuffer;

/**
 * The stored form of one event. The channel, offset and epoch are in the key and the channel metadata.
 *
 * <pre>
 * value    := stamp:i64 | schemaId:i32 | event:str | excludeSocketId:nstr | [userId:str] | data:bytes (to the end)
 * stamp    := timestampMs, with bit 63 set when the userId field is present
 * </pre>
 *
 * <p>Timestamps are never negative, so values written before user ids existed (bit 63 clear, no userId field)
 * still decode, and an event without a user id is stored exactly as before.
 */
final class EventCodec {
    private static final long HAS_USER = Long.MIN_VALUE;

    private EventCodec() {
    }

    static byte[] encodeValue(long timestampMs, PublishCommand c) {
        ByteBuffer b = ByteBuffer.allocate(valueSize(c));
        putValue(b, timestampMs, c);
        return b.array();
    }

    static int valueSize(PublishCommand c) {
        String user = c.userId();
        return 12 + Strings.size(c.eventName()) + Strings.sizeNullable(c.excludeSocketId())
                + (user == null ? 0 : Strings.size(user)) + c.data().length;
    }

    static void putValue(ByteBuffer b, long timestampMs, PublishCommand c) {
        String user = c.userId();
        b.putLong(user == null ? timestampMs : timestampMs | HAS_USER).putInt(c.schemaId());
        Strings.put(b, c.eventName());
        Strings.putNullable(b, c.excludeSocketId());
        if (user != null) {
            Strings.put(b, user);
        }
        b.put(c.data());
    }

    static ChannelEvent decodeValue(ChannelKey channel, long offset, long epoch, byte[] v) {
        return decodeValue(channel, offset, epoch, v, 0, v.length);
    }

    static ChannelEvent decodeValue(ChannelKey channel, long offset, long epoch, byte[] v, int pos, int length) {
        ByteBuffer b = ByteBuffer.wrap(v, pos, length);
        long stamp = b.getLong();
        int schema = b.getInt();
        String event = Strings.get(b);
        String socket = Strings.getNullable(b);
        String user = (stamp & HAS_USER) != 0 ? Strings.get(b) : null;
        byte[] data = new byte[b.remaining()];
        b.get(data);
        return new ChannelEvent(channel, offset, epoch, stamp & ~HAS_USER, event, data, socket, schema, user);
    }

    static long timestamp(byte[] v, int pos) {
        return ByteBuffer.wrap(v).getLong(pos) & ~HAS_USER;
    }

    static int dataLength(byte[] v) {
        return dataLength(v, 0, v.length);
    }

    static int dataLength(byte[] v, int pos, int length) {
        ByteBuffer b = ByteBuffer.wrap(v, pos, length);
        long stamp = b.getLong();
        b.position(pos + 12);
        Strings.get(b);
        Strings.getNullable(b);
        if ((stamp & HAS_USER) != 0) {
            Strings.get(b);
        }
        return b.remaining();
    }
}
