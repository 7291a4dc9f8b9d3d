package io.raftbus.ingest;

import io.raftbus.ingest.internal.EdgeServer;
import io.raftbus.log.RaftLog;

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
        return EdgeServer.start(config, log);
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
