package io.raftbus.log.internal;

import io.raftbus.log.RaftLogConfig;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/** Translates a {@link RaftLogConfig} into Ratis properties, in one place, with the reason for each choice. */
final class RatisConfig {
    /** gRPC message limit: a whole batch plus headers must fit in one append-entries message. */
    private static final SizeInBytes MESSAGE_MAX = SizeInBytes.valueOf("64MB");

    private RatisConfig() {
    }

    static RaftProperties client(RaftLogConfig c) {
        RaftProperties p = new RaftProperties();
        RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
        GrpcConfigKeys.setMessageSizeMax(p, MESSAGE_MAX);
        RaftClientConfigKeys.Rpc.setRequestTimeout(p, ms(c.requestTimeout().toMillis()));
        RaftClientConfigKeys.Rpc.setWatchRequestTimeout(p, ms(c.requestTimeout().toMillis()));
        // Group commit keeps at most maxInFlightEntries entries per group outstanding; leave room for reads.
        RaftClientConfigKeys.Async.setOutstandingRequestsMax(p, c.maxInFlightEntries() + 64);
        applyOverrides(p);
        return p;
    }

    static RaftProperties server(RaftLogConfig c) {
        RaftProperties p = client(c);
        RaftServerConfigKeys.setStorageDir(p, List.of(c.dataDir().resolve("ratis").toFile()));
        GrpcConfigKeys.Server.setHost(p, c.self().host());
        GrpcConfigKeys.Server.setPort(p, c.self().port());

        // Elections: at least 1 s so GC pauses and a loaded 2-core machine do not depose a healthy leader.
        RaftServerConfigKeys.Rpc.setTimeoutMin(p, ms(c.electionTimeoutMin().toMillis()));
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, ms(c.electionTimeoutMax().toMillis()));
        RaftServerConfigKeys.Rpc.setRequestTimeout(p, ms(c.requestTimeout().toMillis()));

        // Log: flush stays on (no unsafe flush) so an acknowledged entry is on disk on a majority.
        RaftServerConfigKeys.Log.setUnsafeFlushEnabled(p, false);
        // No metadata entries: by default the leader appends a commit-index entry after every committed entry,
        // which doubles the entries written, fsynced and replicated on every node, and measured 14 ms -> 2.3 ms
        // p50 client round trip at 5,000 events/s when off (docs/benchmarks.md). Raft does not need a persisted
        // commit index: after a restart a node learns it from the leader, whose first entry of its term commits
        // everything before it; acknowledged entries are on a majority's disks either way.
        RaftServerConfigKeys.Log.setLogMetadataEnabled(p, false);
        RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(c.logSegmentBytes()));
        // One append-entries message carries up to two full batches; the log's write buffer must hold it.
        long appendBytes = 2L * (c.maxBatchBytes() + (1 << 20));
        RaftServerConfigKeys.Log.Appender.setBufferByteLimit(p, SizeInBytes.valueOf(appendBytes));
        RaftServerConfigKeys.Log.setWriteBufferSize(p, SizeInBytes.valueOf(appendBytes + (1 << 20)));
        RaftServerConfigKeys.Log.Appender.setSnapshotChunkSizeMax(p, SizeInBytes.valueOf("4MB"));
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
        // A snapshot stream to a follower that went away is abandoned after one request timeout, not ~25 s.
        GrpcConfigKeys.Server.setInstallSnapshotRequestTimeout(p, ms(c.requestTimeout().toMillis()));

        // Snapshots: Ratis' auto trigger is off by default; turn it on. Keep two for safety during transfers.
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, c.snapshotEveryEntries());
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
        RaftServerConfigKeys.Snapshot.setCreationGap(p, 1);

        // Linearizable reads through ReadIndex, served by the leader's lease when it holds one.
        RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        RaftServerConfigKeys.Read.setLeaderLeaseEnabled(p, true);
        applyOverrides(p);
        return p;
    }

    /**
     * Expert tuning: every JVM system property whose name starts with {@code raft.} (a Ratis key, for example
     * {@code -Draft.server.log.appender.wait-time.min=0ms}) is copied into the Ratis properties last, so it
     * overrides the choices above. Meant for measurements; the defaults above are the supported settings.
     */
    private static void applyOverrides(RaftProperties p) {
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("raft.")) {
                p.set(name, System.getProperty(name));
            }
        }
    }

    /** The sleep between two tries of a client request. */
    static final long RETRY_SLEEP_MS = 100;

    static RetryPolicy retryPolicy(RaftLogConfig c) {
        return RetryPolicies.retryUpToMaximumCountWithFixedSleep(c.clientRetries(),
                TimeDuration.valueOf(RETRY_SLEEP_MS, TimeUnit.MILLISECONDS));
    }

    private static TimeDuration ms(long v) {
        return TimeDuration.valueOf(v, TimeUnit.MILLISECONDS);
    }
}
