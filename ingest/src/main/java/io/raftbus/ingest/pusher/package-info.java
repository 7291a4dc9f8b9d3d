/** The Pusher Channels WebSocket protocol: handshake, frames, subscriptions, auth, client events, errors. */
package io.raftbus.ingest.pusher;
