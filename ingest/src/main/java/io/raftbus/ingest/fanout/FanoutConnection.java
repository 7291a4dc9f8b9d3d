package io.raftbus.ingest.fanout;

import io.netty.channel.Channel;

/**
 * A WebSocket connection as the fan-out sees it. Implemented by the protocol layer.
 *
 * <p>Threading: every method may be called from a log dispatch thread; implementations hand work to the
 * connection's event loop.
 */
public interface FanoutConnection {
    /**
     * Returns the Netty channel frames are written to.
     *
     * @return the channel.
     */
    Channel channel();

    /**
     * Returns the Pusher socket id.
     *
     * @return the socket id.
     */
    String socketId();

    /**
     * Returns whether the client opted in to durable resume ({@code raftbus_resume=1}): then delivered events
     * carry their offset and epoch.
     *
     * @return true for resume clients.
     */
    boolean resume();

    /** Closes the connection with 4100 because its outbound buffer is over the high-water mark. */
    void overCapacity();

    /** Closes the connection with 4009 because the app terminated the connections of its user. */
    void terminated();
}
