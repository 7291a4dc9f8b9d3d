/**
 * Delivery of committed events to this node's WebSocket subscribers.
 *
 * <p>{@link io.raftbus.ingest.fanout.ChannelFanout} is the node's one
 * {@link io.raftbus.log.CommittedListener}: for each committed event it finds the local subscriptions of the
 * event's (app, channel), encodes the Pusher frame once and shares it by reference count. It also turns the
 * system channels into protocol events: {@code #cluster-g<N>} (presence and subscription-count transitions),
 * {@code #server-to-user-<id>} (events for signed-in users) and {@code #terminate} (terminate a user's
 * connections). Collaborators: the {@code pusher} package registers subscriptions and implements
 * {@link io.raftbus.ingest.fanout.FanoutConnection}.
 */
package io.raftbus.ingest.fanout;
