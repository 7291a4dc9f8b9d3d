package io.raftbus.ingest;

import io.raftbus.ingest.internal.EdgeServer;
import io.raftbus.log.RaftLog;
import io.raftbus.schemas.ChannelSchemas;

/**
 * The edge of one node: a Netty HTTP/1.1 and WebSocket server that speaks the Pusher Channels protocol
 * ({@code /app/{key}} for WebSocket clients, {@code /apps/{id}/...} for the signed HTTP API), publishes through
 * the node's log client and delivers committed events to the WebSocket subscribers connected to this node.
 *
 * <p>Lifecycle: {@link #launch} binds the port and returns; {@link #close} closes every connection (close code
 * 4200, so clients reconnect at once, elsewhere) and unbinds. Thread-safe.
 */
public interface IngestServer extends AutoCloseable {
    /**
     * Starts the edge of a running log node.
     *
     * @param config the edge's settings.
     * @param log the node it publishes through and delivers from; not closed by the edge.
     * @return the running edge.
     * @throws InterruptedException if interrupted while binding.
     */
    static IngestServer launch(IngestConfig config, RaftLog log) throws InterruptedException {
        return launch(config, log, ChannelSchemas.NONE);
    }

    /**
     * Starts the edge of a running log node with channels bound to schemas: publishes to a bound channel (HTTP
     * API and client events) are checked and stored in the Confluent wire format with their schema id, and stored
     * events are rendered as JSON for WebSocket subscribers, cache and resume replays, history and webhooks.
     *
     * @param config the edge's settings.
     * @param log the node it publishes through and delivers from; not closed by the edge.
     * @param schemas the schema check, e.g. {@code ChannelBindings.fromProperties(props, registry)};
     *     {@link ChannelSchemas#NONE} checks nothing.
     * @return the running edge.
     * @throws InterruptedException if interrupted while binding.
     */
    static IngestServer launch(IngestConfig config, RaftLog log, ChannelSchemas schemas)
            throws InterruptedException {
        return EdgeServer.start(config, log, schemas);
    }

    /**
     * Returns the bound port (useful when configured with port 0).
     *
     * @return the port.
     */
    int port();

    @Override
    void close();
}
