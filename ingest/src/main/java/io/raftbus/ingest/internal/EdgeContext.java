package io.raftbus.ingest.internal;

import io.raftbus.ingest.IngestConfig;
import io.raftbus.ingest.pusher.PusherNode;
import io.raftbus.ingest.webhook.WebhookSender;
import io.raftbus.log.LogClient;
import io.raftbus.log.RaftLog;
import io.raftbus.schemas.ChannelSchemas;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every part of one node's edge shares: its settings, the log node, and the components that span
 * connections. Created once by {@link EdgeServer}; the fields are set before the server accepts connections and
 * never change after.
 *
 * @param config the edge's settings.
 * @param log the node's log.
 * @param client the node's cluster client (publishing, positions, occupancy reports).
 * @param scheduler a single thread for timers that are not per connection (reports, webhooks).
 * @param nodeId this node's id.
 * @param pusher the WebSocket edge's shared services (fan-out, occupancy reports, cache-miss hook).
 * @param webhooks the node's webhook sender.
 * @param schemas the schema check of bound channels: publishes are validated, stored events rendered.
 */
public record EdgeContext(IngestConfig config, RaftLog log, LogClient client, ScheduledExecutorService scheduler,
                          String nodeId, PusherNode pusher, WebhookSender webhooks,
                          ChannelSchemas schemas) {
}
