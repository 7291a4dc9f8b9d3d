/** The signed Pusher HTTP API: events, batch events, channel queries, users, history. */
package io.raftbus.ingest.httpapi;
