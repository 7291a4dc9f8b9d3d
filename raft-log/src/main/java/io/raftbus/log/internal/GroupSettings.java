package io.raftbus.log.internal;

import io.raftbus.log.RetentionPolicy;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * What one group's state machine needs to know, taken from the node config once.
 *
 * @param storeDir the directory of the live RocksDB store of this group.
 * @param maxEventBytes the largest payload the leader accepts.
 * @param dedupeWindowMs the idempotency window.
 * @param retention the retention policy.
 * @param minFreeDiskBytes the free-space floor below which the leader refuses publishes.
 * @param clock the leader's wall clock, read only in {@code startTransaction}.
 * @param freeDiskBytes reports the free space of the data disk, read only in {@code startTransaction}.
 * @param group the group number, which names the group's {@code #cluster-g<N>} channel.
 */
public record GroupSettings(Path storeDir, int maxEventBytes, long dedupeWindowMs, RetentionPolicy retention,
                            long minFreeDiskBytes, LongSupplier clock, LongSupplier freeDiskBytes, int group) {
    /**
     * Creates the settings of group 0.
     *
     * @param storeDir the store directory.
     * @param maxEventBytes the payload limit.
     * @param dedupeWindowMs the idempotency window.
     * @param retention the retention policy.
     * @param minFreeDiskBytes the free-space floor.
     * @param clock the leader's clock.
     * @param freeDiskBytes the free-space probe.
     */
    public GroupSettings(Path storeDir, int maxEventBytes, long dedupeWindowMs, RetentionPolicy retention,
                         long minFreeDiskBytes, LongSupplier clock, LongSupplier freeDiskBytes) {
        this(storeDir, maxEventBytes, dedupeWindowMs, retention, minFreeDiskBytes, clock, freeDiskBytes, 0);
    }
}
