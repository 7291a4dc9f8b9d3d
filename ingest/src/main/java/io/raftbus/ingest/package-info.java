/**
 * The Pusher-compatible HTTP and WebSocket edge of a node.
 *
 * <p>Entry point: {@link io.raftbus.ingest.IngestServer#launch}. The edge publishes through the node's
 * {@link io.raftbus.log.LogClient} (group commit, answered after majority commit) and delivers committed events,
 * read from the node's own replica, to its WebSocket subscribers. Sub-packages: {@code pusher} (the WebSocket
 * protocol), {@code httpapi} (the signed REST API), {@code fanout} (delivery to subscribers), {@code presence}
 * (occupancy reports), {@code webhook} (webhooks from committed transitions), {@code internal} (the server and
 * what the others share).
 */
package io.raftbus.ingest;
