package io.raftbus.log.internal;

import io.raftbus.log.PublishCommand;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The stored form of one channel's events from one log entry: a single RocksDB value under the key of the
 * chunk's first offset, as a Kafka log stores a producer's record batch. The events of a chunk have
 * consecutive offsets and the entry's timestamp.
 *
 * <pre>
 * chunk := (length:i32 | event value)+        event value: {@link EventCodec}, offsets first, first + 1, ...
 * </pre>
 *
 * <p>One value per channel and entry instead of one per event: a busy channel's hundreds of events in one
 * entry cost one memtable insert, one key in flushes and compactions, and one tombstone when retention removes
 * them (docs/raft-log.md#store-layout).
 */
final class EventChunk {
    private EventChunk() {
    }

    /** Builds the chunk of one channel during one entry's apply. */
    static final class Builder {
        final long first;
        private byte[] buf = new byte[256];
        private int length;
        private int[] sizes = new int[4];
        private int count;

        Builder(long first) {
            this.first = first;
        }

        /** Appends the event with offset {@code first + count()}. */
        void add(long timestampMs, PublishCommand c) {
            int size = EventCodec.valueSize(c);
            if (length + 4 + size > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + 4 + size));
            }
            ByteBuffer b = ByteBuffer.wrap(buf, length, 4 + size);
            b.putInt(size);
            EventCodec.putValue(b, timestampMs, c);
            length += 4 + size;
            if (count == sizes.length) {
                sizes = Arrays.copyOf(sizes, count * 2);
            }
            sizes[count++] = c.data().length;
        }

        int count() {
            return count;
        }

        /** Returns the payload size of the event at {@code offset}, which must be in this chunk. */
        int dataLength(long offset) {
            return sizes[(int) (offset - first)];
        }

        byte[] toBytes() {
            return Arrays.copyOf(buf, length);
        }
    }

    /** Walks the events of a stored chunk: {@code while (c.next()) { c.offset, c.valuePos, c.valueLength }}. */
    static final class Cursor {
        final byte[] chunk;
        private int pos;
        long offset;
        int valuePos;
        int valueLength;

        Cursor(byte[] chunk, long first) {
            this.chunk = chunk;
            this.offset = first - 1;
        }

        boolean next() {
            if (pos == chunk.length) {
                return false;
            }
            if (chunk.length - pos < 4) {
                throw new IllegalStateException("store corrupt: truncated event chunk");
            }
            valueLength = ByteBuffer.wrap(chunk, pos, 4).getInt();
            valuePos = pos + 4;
            if (valueLength < 12 || valueLength > chunk.length - valuePos) {
                throw new IllegalStateException("store corrupt: event length " + valueLength + " in a chunk");
            }
            pos = valuePos + valueLength;
            offset++;
            return true;
        }

        long timestamp() {
            return EventCodec.timestamp(chunk, valuePos);
        }

        int dataLength() {
            return EventCodec.dataLength(chunk, valuePos, valueLength);
        }
    }
}
