package io.raftbus.ingest.pusher;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.raftbus.ingest.AppConfig;
import io.raftbus.ingest.internal.EdgeContext;
import java.util.List;

/**
 * Turns a {@code GET /app/{key}?protocol=N&client=..&version=..} request into a Pusher WebSocket connection.
 *
 * <p>The handshake is always completed, then refusals are sent the protocol-6 way: {@code pusher:error} followed by
 * a close frame with the code: unknown key 4001, disabled app 4003, no {@code protocol} 4008, protocol outside
 * 4..7 4007, over the app's {@code maxConnections} on this node 4004. An accepted connection gets the handlers of
 * {@link PusherChannelInitializer} and {@code pusher:connection_established}.
 *
 * <p>Query parameter {@code raftbus_resume=1} opts in to durable resume (see {@link SubscriptionStarter}).
 */
public final class PusherUpgrade {
    /** The query parameter that opts in to durable resume. */
    public static final String RESUME_PARAM = "raftbus_resume";

    private PusherUpgrade() {
    }

    /**
     * Handles a request for {@code /app/...}; replaces the HTTP routing with the WebSocket pipeline.
     *
     * @param ctx the router's context.
     * @param request the request.
     * @param edge the node's edge.
     */
    public static void handle(ChannelHandlerContext ctx, FullHttpRequest request, EdgeContext edge) {
        handle(ctx, request, edge.pusher());
    }

    /**
     * Handles a request for {@code /app/...} with the node's WebSocket services.
     *
     * @param ctx the router's context.
     * @param request the request.
     * @param node the node's WebSocket services.
     */
    public static void handle(ChannelHandlerContext ctx, FullHttpRequest request, PusherNode node) {
        QueryStringDecoder q = new QueryStringDecoder(request.uri());
        String key = q.path().substring("/app/".length());
        AppConfig app = node.config().apps().byKey(key);
        PusherError refusal = refusal(app, first(q, "protocol"));
        boolean acquired = false;
        if (refusal == null) {
            acquired = node.tryAcquireConnection(app);
            if (!acquired) {
                refusal = PusherError.OVER_CONNECTION_QUOTA;
            }
        }
        int max = node.config().maxFrameBytes();
        WebSocketDecoderConfig dc = WebSocketDecoderConfig.newBuilder().maxFramePayloadLength(wireLimit(max))
                .withUTF8Validator(false).allowExtensions(false).closeOnProtocolViolation(true).build();
        String host = request.headers().get(HttpHeaderNames.HOST, "localhost");
        WebSocketServerHandshaker hs = new WebSocketServerHandshakerFactory("ws://" + host + q.path(), null, dc)
                .newHandshaker(request);
        Channel ch = ctx.channel();
        if (hs == null) {
            if (acquired) {
                node.releaseConnection(app);
            }
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ch);
            return;
        }
        ctx.pipeline().remove(ctx.name());
        if (refusal != null) {
            PusherError r = refusal;
            hs.handshake(ch, request).addListener(f -> refuse(ch, r));
            return;
        }
        int high = node.config().outboundHighWaterBytes();
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(Math.min(high / 2, 32 * 1024), high));
        PusherConnection conn = new PusherConnection(ch, app, node.nextSocketId(),
                "1".equals(first(q, RESUME_PARAM)));
        ch.closeFuture().addListener(f -> node.releaseConnection(app));
        PusherChannelInitializer.install(ctx.pipeline(), node, conn, true);
        hs.handshake(ch, request).addListener(f -> {
            if (f.isSuccess()) {
                node.opened(ch);
                ch.writeAndFlush(new TextWebSocketFrame(PusherEventPublisher.connectionEstablished(
                        conn.socketId(), node.config().activityTimeout().toSeconds())));
            } else {
                ch.close();
            }
        });
    }

    /**
     * Returns why a connection is refused before its handshake, apart from the connection quota.
     *
     * @param app the app of the key, or null.
     * @param protocol the {@code protocol} parameter, or null.
     * @return the error, or null if acceptable.
     */
    static PusherError refusal(AppConfig app, String protocol) {
        if (app == null) {
            return PusherError.APP_NOT_FOUND;
        }
        if (!app.enabled()) {
            return PusherError.APP_DISABLED;
        }
        if (protocol == null || protocol.isEmpty()) {
            return PusherError.NO_PROTOCOL;
        }
        try {
            int p = Integer.parseInt(protocol);
            return p >= 4 && p <= 7 ? null : PusherError.UNSUPPORTED_PROTOCOL;
        } catch (NumberFormatException e) {
            return PusherError.UNSUPPORTED_PROTOCOL;
        }
    }

    /**
     * Returns the largest frame Netty accepts on the wire; bigger ones up to it get a {@code pusher:error}, past
     * it the connection is closed with 1009.
     *
     * @param maxFrameBytes the configured maximum.
     * @return the wire limit.
     */
    static int wireLimit(int maxFrameBytes) {
        return (int) Math.min(Integer.MAX_VALUE, maxFrameBytes * 4L);
    }

    private static void refuse(Channel ch, PusherError error) {
        ch.writeAndFlush(new TextWebSocketFrame(PusherEventPublisher.error(error.code(), error.message(), null)));
        ch.writeAndFlush(new CloseWebSocketFrame(error.code(), error.message()))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private static String first(QueryStringDecoder q, String name) {
        List<String> v = q.parameters().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
