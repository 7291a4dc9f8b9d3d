/**
 * This node's share of cluster-wide occupancy: how many local subscriptions each channel has and which presence
 * members are connected here, written through the log with {@link io.raftbus.log.LogClient#report}.
 *
 * <p>{@link io.raftbus.ingest.presence.OccupancyReporter} keeps the local counts and is driven by
 * {@code doWork(nowMs)} (time is passed in, so tests step it). The committed transitions come back on the
 * {@code #cluster-g<N>} system channels and are delivered by the {@code fanout} package.
 */
package io.raftbus.ingest.presence;
