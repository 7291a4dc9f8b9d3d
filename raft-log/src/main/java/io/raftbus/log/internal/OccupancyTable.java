package io.raftbus.log.internal;

import io.raftbus.log.ChannelCount;
import io.raftbus.log.ChannelKey;
import io.raftbus.log.ClusterEvents;
import io.raftbus.log.MemberCount;
import io.raftbus.log.OccupancyReport;
import io.raftbus.log.PublishCommand;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The replicated occupancy table of one group, changed by one entry: an occupancy report or a tick's expiry.
 * One instance lives for one apply. It reads the store through an overlay of its own writes (so a row changed
 * twice in one entry is read back as changed), writes into the entry's {@link WriteBatch}, and at the end lists
 * the transitions as events for the group's {@code #cluster-g<N>} channel of each app.
 *
 * <p>Rows (see {@link StoreKeys}): per node {@code 'o'}; per (node, channel) subscriptions {@code 'q'}; per
 * (node, channel, user) connections and user info {@code 'w'}; derived per channel {@code 'T'} (total
 * subscriptions, distinct users) and per present user {@code 'U'} (how many nodes hold a connection, and the
 * user info of the node that made the user present). Deterministic: every decision is a function of the store
 * and the entry, scans run in key order, and transitions are listed in the order the entry touched them.
 */
final class OccupancyTable {
    private static final byte[] DELETED = new byte[0];

    private final Function<byte[], byte[]> store;
    private final Function<byte[], List<byte[][]>> scan;
    private final WriteBatch wb;
    private final int group;
    private final Map<ByteBuffer, byte[]> overlay = new HashMap<>();
    private final Map<ChannelKey, long[]> channelsBefore = new LinkedHashMap<>();
    private final Map<List<Object>, Boolean> usersBefore = new LinkedHashMap<>();

    /**
     * Creates the table for one apply.
     *
     * @param store point reads of the store as it was before this entry.
     * @param scan all (key, value) pairs of the store whose key starts with a prefix, in key order.
     * @param wb the entry's write batch.
     * @param group the group number, naming the system channel.
     */
    OccupancyTable(Function<byte[], byte[]> store, Function<byte[], List<byte[][]>> scan, WriteBatch wb,
                   int group) {
        this.store = store;
        this.scan = scan;
        this.wb = wb;
        this.group = group;
    }

    /**
     * Applies a report.
     *
     * @param nowMs the entry's time.
     * @param r the report (only this group's counts).
     * @return true if the node was known (or the report is full); false if the node had expired or was never
     *     seen, so it must send a full report.
     * @throws RocksDBException if the batch refuses a write.
     */
    boolean report(long nowMs, OccupancyReport r) throws RocksDBException {
        byte[] nodeKey = StoreKeys.strings(StoreKeys.OCC_NODE, r.nodeId());
        boolean known = get(nodeKey) != null;
        put(nodeKey, StoreKeys.longs(nowMs, r.nodeTimeoutMs()));
        if (r.full()) {
            removeRows(r.nodeId());
        }
        for (ChannelCount c : r.channels()) {
            setSubscriptions(r.nodeId(), c.channel(), c.subscriptions());
        }
        for (MemberCount m : r.members()) {
            setConnections(r.nodeId(), m.channel(), m.userId(), m.userInfo(), m.connections());
        }
        return known || r.full();
    }

    /**
     * Expires every node whose last report is older than its timeout: {@code lastSeen + timeout < now}.
     *
     * @param nowMs the tick's time.
     * @throws RocksDBException if the batch refuses a write.
     */
    void expire(long nowMs) throws RocksDBException {
        for (byte[][] kv : scan.apply(new byte[] {StoreKeys.OCC_NODE})) {
            ByteBuffer v = ByteBuffer.wrap(kv[1]);
            long lastSeen = v.getLong();
            long timeout = v.getLong();
            if (lastSeen + timeout < nowMs) {
                delete(kv[0]);
                removeRows(StoreKeys.decodeStrings(kv[0], 1)[0]);
            }
        }
    }

    /** Sets every row of a node to zero, in key order. Rows written earlier in this entry are not in the scan. */
    private void removeRows(String node) throws RocksDBException {
        for (byte[][] kv : scan.apply(StoreKeys.strings(StoreKeys.OCC_SUBS, node))) {
            String[] k = StoreKeys.decodeStrings(kv[0], 3);
            setSubscriptions(node, new ChannelKey(k[1], k[2]), 0);
        }
        for (byte[][] kv : scan.apply(StoreKeys.strings(StoreKeys.OCC_MEMBER, node))) {
            String[] k = StoreKeys.decodeStrings(kv[0], 4);
            setConnections(node, new ChannelKey(k[1], k[2]), k[3], new byte[0], 0);
        }
    }

    private void setSubscriptions(String node, ChannelKey ch, int n) throws RocksDBException {
        byte[] key = StoreKeys.strings(StoreKeys.OCC_SUBS, node, ch.app(), ch.channel());
        byte[] v = get(key);
        int old = v == null ? 0 : ByteBuffer.wrap(v).getInt();
        if (old == n) {
            return;
        }
        if (n == 0) {
            delete(key);
        } else {
            put(key, ByteBuffer.allocate(4).putInt(n).array());
        }
        long[] total = channelTotal(ch);
        total[0] += n - old;
        putChannelTotal(ch, total);
    }

    private void setConnections(String node, ChannelKey ch, String user, byte[] info, int n)
            throws RocksDBException {
        byte[] key = StoreKeys.strings(StoreKeys.OCC_MEMBER, node, ch.app(), ch.channel(), user);
        byte[] v = get(key);
        int old = v == null ? 0 : ByteBuffer.wrap(v).getInt();
        if (n == 0) {
            if (v != null) {
                delete(key);
            }
        } else {
            put(key, ByteBuffer.allocate(4 + info.length).putInt(n).put(info).array());
        }
        if ((old > 0) == (n > 0)) {
            return;
        }
        byte[] userKey = StoreKeys.strings(StoreKeys.OCC_USER, ch.app(), ch.channel(), user);
        byte[] uv = get(userKey);
        usersBefore.putIfAbsent(List.of(ch, user), uv != null);
        int nodes = uv == null ? 0 : ByteBuffer.wrap(uv).getInt();
        byte[] userInfo = uv == null ? info : Arrays.copyOfRange(uv, 4, uv.length);
        nodes += n > 0 ? 1 : -1;
        long[] total = channelTotal(ch);
        if (nodes == 0) {
            delete(userKey);
            total[1]--;
        } else {
            put(userKey, ByteBuffer.allocate(4 + userInfo.length).putInt(nodes).put(userInfo).array());
            if (uv == null) {
                total[1]++;
            }
        }
        putChannelTotal(ch, total);
    }

    private long[] channelTotal(ChannelKey ch) {
        byte[] v = get(StoreKeys.strings(StoreKeys.OCC_CHANNEL, ch.app(), ch.channel()));
        long[] t = v == null ? new long[] {0, 0} : new long[] {ByteBuffer.wrap(v).getLong(), ByteBuffer.wrap(v)
                .getInt(8)};
        channelsBefore.putIfAbsent(ch, t.clone());
        return t;
    }

    private void putChannelTotal(ChannelKey ch, long[] t) throws RocksDBException {
        byte[] key = StoreKeys.strings(StoreKeys.OCC_CHANNEL, ch.app(), ch.channel());
        if (t[0] == 0 && t[1] == 0) {
            delete(key);
        } else {
            put(key, ByteBuffer.allocate(12).putLong(t[0]).putInt((int) t[1]).array());
        }
    }

    /**
     * Lists the transitions of this entry as events for the system channels, in the order the entry touched
     * channels and users: per channel {@code channel_occupied}, {@code subscription_count},
     * {@code channel_vacated}; then per user {@code member_added} or {@code member_removed}.
     *
     * @return the events to append.
     */
    List<PublishCommand> transitions() {
        List<PublishCommand> out = new ArrayList<>();
        for (Map.Entry<ChannelKey, long[]> e : channelsBefore.entrySet()) {
            ChannelKey ch = e.getKey();
            long before = e.getValue()[0];
            long after = channelTotal(ch)[0];
            String channel = "{\"channel\":" + quote(ch.channel());
            if (before == 0 && after > 0) {
                out.add(event(ch, ClusterEvents.CHANNEL_OCCUPIED, channel + "}"));
            }
            if (before != after) {
                out.add(event(ch, ClusterEvents.SUBSCRIPTION_COUNT, channel + ",\"subscription_count\":" + after
                        + "}"));
            }
            if (before > 0 && after == 0) {
                out.add(event(ch, ClusterEvents.CHANNEL_VACATED, channel + "}"));
            }
        }
        for (Map.Entry<List<Object>, Boolean> e : usersBefore.entrySet()) {
            ChannelKey ch = (ChannelKey) e.getKey().get(0);
            String user = (String) e.getKey().get(1);
            byte[] uv = get(StoreKeys.strings(StoreKeys.OCC_USER, ch.app(), ch.channel(), user));
            if (e.getValue() == (uv != null)) {
                continue;
            }
            String head = "{\"channel\":" + quote(ch.channel()) + ",\"user_id\":" + quote(user);
            if (uv == null) {
                out.add(event(ch, ClusterEvents.MEMBER_REMOVED, head + "}"));
            } else {
                String info = uv.length > 4 ? ",\"user_info\":" + new String(uv, 4, uv.length - 4,
                        StandardCharsets.UTF_8) : "";
                out.add(event(ch, ClusterEvents.MEMBER_ADDED, head + info + "}"));
            }
        }
        return out;
    }

    private PublishCommand event(ChannelKey ch, String name, String json) {
        return new PublishCommand(new ChannelKey(ch.app(), ClusterEvents.clusterChannel(group)), name,
                json.getBytes(StandardCharsets.UTF_8), null, null, PublishCommand.NO_SCHEMA);
    }

    /**
     * Quotes a string as a JSON string literal.
     *
     * @param s the string.
     * @return the literal, with quotes.
     */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private byte[] get(byte[] key) {
        byte[] v = overlay.get(ByteBuffer.wrap(key));
        if (v == null) {
            return store.apply(key);
        }
        return v == DELETED ? null : v;
    }

    private void put(byte[] key, byte[] value) throws RocksDBException {
        overlay.put(ByteBuffer.wrap(key), value);
        wb.put(key, value);
    }

    private void delete(byte[] key) throws RocksDBException {
        overlay.put(ByteBuffer.wrap(key), DELETED);
        wb.delete(key);
    }
}
