/**
 * The Pusher-compatible HTTP and WebSocket edge of a node.
 *
 * <p>Not built yet: this module is reserved by the architecture and filled by a later issue.
 */
package io.raftbus.ingest;
