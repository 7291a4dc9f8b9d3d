package io.raftbus.log.internal;

import java.nio.ByteBuffer;

/**
 * The state of one channel in the store. Mutable, owned by the apply thread; readers decode their own copy.
 * Events in the channel are exactly the offsets {@code [firstOffset, nextOffset)}.
 */
final class ChannelMeta {
    final long id;
    final long epoch;
    long firstOffset;
    long nextOffset;
    long bytes;

    ChannelMeta(long id, long epoch, long firstOffset, long nextOffset, long bytes) {
        this.id = id;
        this.epoch = epoch;
        this.firstOffset = firstOffset;
        this.nextOffset = nextOffset;
        this.bytes = bytes;
    }

    long count() {
        return nextOffset - firstOffset;
    }

    byte[] encode() {
        return ByteBuffer.allocate(40).putLong(id).putLong(epoch).putLong(firstOffset).putLong(nextOffset)
                .putLong(bytes).array();
    }

    static ChannelMeta decode(byte[] v) {
        ByteBuffer b = ByteBuffer.wrap(v);
        return new ChannelMeta(b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong());
    }
}
