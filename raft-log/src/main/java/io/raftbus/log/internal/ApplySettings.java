package io.raftbus.log.internal;

import io.raftbus.log.RaftLogConfig;
import io.raftbus.log.RetentionPolicy;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The node settings that apply reads: every replica must use the same ones, or the same log gives different
 * stores (a retention limit trims different events, a dedupe window forgets different keys). Each node answers
 * its own with {@link QueryCodec#SETTINGS}, and compares them with its peers' ({@code RaftLogNode}).
 *
 * @param dedupeWindowMs the idempotency window.
 * @param retention the retention policy.
 */
public record ApplySettings(long dedupeWindowMs, RetentionPolicy retention) {
    /** Wire form: dedupeWindowMs:i64 maxEvents:i64 maxAgeMs:i64 maxBytes:i64. */
    byte[] encode() {
        return StoreKeys.longs(dedupeWindowMs, retention.maxEvents(), retention.maxAgeMs(), retention.maxBytes());
    }

    static ApplySettings decode(ByteBuffer b) {
        long window = b.getLong();
        return new ApplySettings(window, new RetentionPolicy(b.getLong(), b.getLong(), b.getLong()));
    }

    /**
     * Names each setting that differs, as {@code key: <this> here, <other> on <node>}.
     *
     * @param other another node's settings.
     * @param otherNode that node's id.
     * @return the differences, empty if none.
     */
    public List<String> differences(ApplySettings other, String otherNode) {
        List<String> out = new ArrayList<>();
        differ(out, RaftLogConfig.Keys.DEDUPE_WINDOW_MS, dedupeWindowMs, other.dedupeWindowMs, otherNode);
        differ(out, RaftLogConfig.Keys.RETENTION_EVENTS, retention.maxEvents(), other.retention.maxEvents(),
                otherNode);
        differ(out, RaftLogConfig.Keys.RETENTION_AGE_MS, retention.maxAgeMs(), other.retention.maxAgeMs(),
                otherNode);
        differ(out, RaftLogConfig.Keys.RETENTION_BYTES, retention.maxBytes(), other.retention.maxBytes(),
                otherNode);
        return out;
    }

    private static void differ(List<String> out, String key, long mine, long theirs, String otherNode) {
        if (mine != theirs) {
            out.add(key + ": " + mine + " here, " + theirs + " on " + otherNode);
        }
    }
}
