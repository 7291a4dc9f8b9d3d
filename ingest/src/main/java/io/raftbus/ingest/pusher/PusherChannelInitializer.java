package io.raftbus.ingest.pusher;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;

/**
 * The index of the WebSocket pipeline, installed by {@link PusherUpgrade} once the handshake is accepted (the
 * handshaker itself puts Netty's WebSocket frame decoder and encoder in front):
 * <pre>
 *  WebSocket13FrameDecoder/Encoder (Netty, from the handshaker; UTF-8 check off, done below)
 *  → WebSocketFrameAggregator   continuation frames into one
 *  → KeepAliveHandler           activity, ping after activity_timeout, 4201 after pong_timeout
 *  → PusherFrameDecoder         frames → PusherMessage; ping/close frames; bad frames → pusher:error
 *  → PingPongHandler            pusher:ping → pusher:pong
 *  → SigninHandler              pusher:signin
 *  → SubscribeHandler           pusher:subscribe / pusher:unsubscribe, presence, cache, resume
 *  → ClientEventHandler         client-* events, published through the log
 *  → PusherErrorHandler         unknown events and every exception → pusher:error / close code
 * </pre>
 */
public final class PusherChannelInitializer {
    private PusherChannelInitializer() {
    }

    /**
     * Adds the Pusher handlers at the end of a pipeline.
     *
     * @param p the pipeline.
     * @param node the node's services.
     * @param conn the connection.
     * @param scheduleTimers whether the keep-alive handler runs its own timer (false in tests).
     */
    public static void install(ChannelPipeline p, PusherNode node, PusherConnection conn, boolean scheduleTimers) {
        long activityNs = node.config().activityTimeout().toNanos();
        long pongNs = node.config().pongTimeout().toNanos();
        int max = node.config().maxFrameBytes();
        p.addLast("ws-aggregator", new WebSocketFrameAggregator(PusherUpgrade.wireLimit(max)));
        p.addLast("keep-alive", new KeepAliveHandler(node::nanoTime, activityNs, pongNs, scheduleTimers));
        p.addLast("pusher-decoder", new PusherFrameDecoder(max));
        p.addLast("ping-pong", new PingPongHandler());
        p.addLast("signin", new SigninHandler(node, conn));
        p.addLast("subscribe", new SubscribeHandler(node, conn));
        p.addLast("client-events", new ClientEventHandler(node, conn));
        p.addLast("errors", new PusherErrorHandler());
    }
}
