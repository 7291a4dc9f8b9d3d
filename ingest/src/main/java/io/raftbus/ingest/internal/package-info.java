/**
 * The edge's Netty server, request routing, and what the protocol packages share (context, JSON, signatures).
 */
package io.raftbus.ingest.internal;
