/**
 * Pusher webhooks from committed cluster transitions, committed client events and node-local cache misses.
 *
 * <p>{@link io.raftbus.ingest.webhook.WebhookSender} is the entry point, started by the edge server on its timer
 * thread. {@code ClusterEventsCursor} reads one app's {@code #cluster-g<N>} channel on the leader of group N from
 * a durable position (compare-and-set in the log's positions table); {@code WebhookDelivery} signs, posts and
 * retries one batch per target; {@code WebhookTransport} is the HTTP client.
 */
package io.raftbus.ingest.webhook;
