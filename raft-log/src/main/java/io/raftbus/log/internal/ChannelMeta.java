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
    /**
     * Not stored: the offset whose timestamp {@link #firstTimestampMs} is, or 0 if none is known. Events never
     * change once written, so the value is right for as long as that offset is {@link #firstOffset}; the age
     * sweep then needs no read to learn that the oldest event is still young enough.
     */
    long firstTimestampOffset;
    long firstTimestampMs;
    /**
     * Not stored: the data sizes of the stored events at offsets {@code [sizesFrom, sizesFrom + sizesCount)},
     * and the first offset of the chunk that holds each, read ahead in one scan of whole chunks, so that a
     * channel at its retention limit does not read old events back per publish to learn how many bytes its
     * trim frees and when a chunk is wholly trimmed.
     */
    int[] sizes;
    long[] chunkOf;
    long sizesFrom;
    int sizesCount;
    /** Not stored: the chunk of the entry being applied, or null. */
    EventChunk.Builder pending;

    ChannelMeta(long id, long epoch, long firstOffset, long nextOffset, long bytes) {
        this.id = id;
        this.epoch = epoch;
        this.firstOffset = firstOffset;
        this.nextOffset = nextOffset;
        this.bytes = bytes;
    }

    /** Returns whether the oldest event is known to be stamped at or after {@code cutoffMs}. */
    boolean firstKnownAtOrAfter(long cutoffMs) {
        return firstTimestampOffset == firstOffset && count() > 0 && firstTimestampMs >= cutoffMs;
    }

    void knowTimestamp(long offset, long timestampMs) {
        firstTimestampOffset = offset;
        firstTimestampMs = timestampMs;
    }

    /** Returns the read-ahead index of {@code offset}, or -1 if it was not read ahead. */
    int readAheadIndex(long offset) {
        return offset >= sizesFrom && offset - sizesFrom < sizesCount ? (int) (offset - sizesFrom) : -1;
    }

    /** Returns whether the read-ahead event at index {@code i} is the last of its chunk (windows end on one). */
    boolean lastOfChunk(int i) {
        return i == sizesCount - 1 || chunkOf[i + 1] != chunkOf[i];
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
