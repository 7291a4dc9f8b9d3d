/**
 * The Pusher Channels WebSocket protocol: handshake, frames, subscriptions, auth, client events, errors.
 *
 * <p>{@link io.raftbus.ingest.pusher.PusherUpgrade} accepts {@code /app/{key}} and installs the pipeline listed by
 * {@link io.raftbus.ingest.pusher.PusherChannelInitializer}: one handler per concern, ending with
 * {@link io.raftbus.ingest.pusher.PusherErrorHandler}, which maps every {@link io.raftbus.ingest.pusher.PusherError}
 * to {@code pusher:error} and close codes. Per-node services live in {@link io.raftbus.ingest.pusher.PusherNode}:
 * the {@code fanout} package delivers committed events, the {@code presence} package reports occupancy.
 * Durable resume is an opt-in extension ({@code raftbus_resume=1}, see {@code docs/durable-resume.md}).
 */
package io.raftbus.ingest.pusher;
