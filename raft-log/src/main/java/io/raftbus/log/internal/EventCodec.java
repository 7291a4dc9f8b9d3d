package io.raftbus.log.internal;

import io.raftbus.log.ChannelEvent;
import io.raftbus.log.ChannelKey;
import io.raftbus.log.PublishCommand;
import java.nio.ByteBuffer;

/**
 * The stored form of one event. The channel, offset and epoch are in the key and the channel metadata.
 *
 * <pre>
 * value := timestampMs:i64 | schemaId:i32 | event:str | excludeSocketId:nstr | data:bytes (to the end)
 * </pre>
 */
final class EventCodec {
    private EventCodec() {
    }

    static byte[] encodeValue(long timestampMs, PublishCommand c) {
        ByteBuffer b = ByteBuffer.allocate(12 + Strings.size(c.eventName()) + Strings.sizeNullable(c.excludeSocketId())
                + c.data().length);
        b.putLong(timestampMs).putInt(c.schemaId());
        Strings.put(b, c.eventName());
        Strings.putNullable(b, c.excludeSocketId());
        b.put(c.data());
        return b.array();
    }

    static ChannelEvent decodeValue(ChannelKey channel, long offset, long epoch, byte[] v) {
        ByteBuffer b = ByteBuffer.wrap(v);
        long ts = b.getLong();
        int schema = b.getInt();
        String event = Strings.get(b);
        String socket = Strings.getNullable(b);
        byte[] data = new byte[b.remaining()];
        b.get(data);
        return new ChannelEvent(channel, offset, epoch, ts, event, data, socket, schema);
    }

    static long timestamp(byte[] v) {
        return ByteBuffer.wrap(v).getLong(0);
    }

    static int dataLength(byte[] v) {
        ByteBuffer b = ByteBuffer.wrap(v);
        b.position(12);
        Strings.get(b);
        Strings.getNullable(b);
        return b.remaining();
    }
}
