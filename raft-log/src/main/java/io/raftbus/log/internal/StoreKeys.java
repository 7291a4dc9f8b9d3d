package io.raftbus.log.internal;

import io.raftbus.log.ChannelKey;
import java.nio.ByteBuffer;

/**
 * The key layout of the materialised store. One RocksDB per Raft group; every key starts with a one-byte
 * table prefix. Prefixes are on disk: append-only, never reused.
 *
 * <pre>
 * 'm' name                          -> meta value (applied term/index, next channel id, sweep cursor, clock)
 * 'c' app:str channel:str           -> ChannelMeta (id, epoch, firstOffset, nextOffset, bytes)
 * 'n' channelId:i64                 -> app:str channel:str         (reverse index, for retention sweeps)
 * 'e' channelId:i64 offset:i64      -> event chunk: the channel's events of one entry from that offset
 * 'i' app:str channel:str key:str   -> offset:i64 epoch:i64 timestampMs:i64 (idempotency table)
 * 't' timestampMs:i64 app channel key -> (empty)                    (idempotency expiry index)
 * 'p' consumer:str                  -> position:i64
 * 'o' node:str                      -> lastSeenMs:i64 timeoutMs:i64              (occupancy: reporting nodes)
 * 'q' node:str app:str channel:str  -> subscriptions:i32                         (occupancy: per node)
 * 'w' node app channel user:str     -> connections:i32 userInfo:bytes            (presence: per node)
 * 'T' app:str channel:str           -> subscriptions:i64 users:i32               (occupancy: cluster totals)
 * 'U' app channel user:str          -> nodes:i32 userInfo:bytes                  (presence: cluster members)
 * </pre>
 */
final class StoreKeys {
    static final byte META = 'm';
    static final byte CHANNEL = 'c';
    static final byte CHANNEL_BY_ID = 'n';
    static final byte EVENT = 'e';
    static final byte IDEMPOTENCY = 'i';
    static final byte IDEMPOTENCY_EXPIRY = 't';
    static final byte POSITION = 'p';
    static final byte OCC_NODE = 'o';
    static final byte OCC_SUBS = 'q';
    static final byte OCC_MEMBER = 'w';
    static final byte OCC_CHANNEL = 'T';
    static final byte OCC_USER = 'U';

    static final byte[] APPLIED = meta("applied");
    static final byte[] NEXT_CHANNEL_ID = meta("next-channel-id");
    static final byte[] SWEEP_CURSOR = meta("sweep-cursor");
    static final byte[] CLOCK = meta("clock");
    static final byte[] FORMAT = meta("format");
    /**
     * The store format this build writes and reads: 2 = one {@link EventChunk} per channel and entry
     * (1, one value per event, had no format key).
     */
    static final long FORMAT_VERSION = 2;

    private StoreKeys() {
    }

    private static byte[] meta(String name) {
        ByteBuffer b = ByteBuffer.allocate(1 + Strings.size(name));
        b.put(META);
        Strings.put(b, name);
        return b.array();
    }

    static byte[] channel(ChannelKey k) {
        ByteBuffer b = ByteBuffer.allocate(1 + Strings.size(k.app()) + Strings.size(k.channel()));
        b.put(CHANNEL);
        Strings.put(b, k.app());
        Strings.put(b, k.channel());
        return b.array();
    }

    static byte[] channelById(long id) {
        return ByteBuffer.allocate(9).put(CHANNEL_BY_ID).putLong(id).array();
    }

    static byte[] channelKeyValue(ChannelKey k) {
        ByteBuffer b = ByteBuffer.allocate(Strings.size(k.app()) + Strings.size(k.channel()));
        Strings.put(b, k.app());
        Strings.put(b, k.channel());
        return b.array();
    }

    static ChannelKey decodeChannelKeyValue(byte[] v) {
        ByteBuffer b = ByteBuffer.wrap(v);
        return new ChannelKey(Strings.get(b), Strings.get(b));
    }

    static byte[] event(long channelId, long offset) {
        return ByteBuffer.allocate(17).put(EVENT).putLong(channelId).putLong(offset).array();
    }

    /** Returns the offset of an {@link #event} key. */
    static long eventOffset(byte[] key) {
        return ByteBuffer.wrap(key).getLong(9);
    }

    static byte[] idempotency(ChannelKey k, String key) {
        ByteBuffer b = ByteBuffer.allocate(1 + Strings.size(k.app()) + Strings.size(k.channel())
                + Strings.size(key));
        b.put(IDEMPOTENCY);
        Strings.put(b, k.app());
        Strings.put(b, k.channel());
        Strings.put(b, key);
        return b.array();
    }

    /** The expiry-index key: 't' | timestamp | the idempotency key without its prefix byte. */
    static byte[] idempotencyExpiry(long timestampMs, byte[] idempotencyKey) {
        return ByteBuffer.allocate(9 + idempotencyKey.length - 1).put(IDEMPOTENCY_EXPIRY).putLong(timestampMs)
                .put(idempotencyKey, 1, idempotencyKey.length - 1).array();
    }

    /** Recovers the idempotency key from an expiry-index key. */
    static byte[] idempotencyFromExpiry(byte[] expiryKey) {
        byte[] k = new byte[expiryKey.length - 8];
        k[0] = IDEMPOTENCY;
        System.arraycopy(expiryKey, 9, k, 1, expiryKey.length - 9);
        return k;
    }

    static byte[] position(String consumer) {
        ByteBuffer b = ByteBuffer.allocate(1 + Strings.size(consumer));
        b.put(POSITION);
        Strings.put(b, consumer);
        return b.array();
    }

    static byte[] longs(long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length);
        for (long v : values) {
            b.putLong(v);
        }
        return b.array();
    }

    /** A key made of a one-byte prefix and length-prefixed strings; also a scan prefix of longer keys. */
    static byte[] strings(byte prefix, String... parts) {
        int size = 1;
        for (String p : parts) {
            size += Strings.size(p);
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(prefix);
        for (String p : parts) {
            Strings.put(b, p);
        }
        return b.array();
    }

    /** Splits a key made by {@link #strings} back into its strings. */
    static String[] decodeStrings(byte[] key, int count) {
        ByteBuffer b = ByteBuffer.wrap(key, 1, key.length - 1);
        String[] out = new String[count];
        for (int i = 0; i < count; i++) {
            out[i] = Strings.get(b);
        }
        return out;
    }
}
