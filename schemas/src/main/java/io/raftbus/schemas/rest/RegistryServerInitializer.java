package io.raftbus.schemas.rest;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;

/**
 * The pipeline of a registry connection, the whole request path:
 * {@code HttpServerCodec -> HttpObjectAggregator -> RegistryRequestAdapter -> BasicAuthHandler
 * -> RegistryRouteHandler}. The adapter copies the request out of Netty's buffers and refuses a bad URI or
 * content type; the auth handler refuses missing or wrong credentials; the route handler answers, in request
 * order, and is also where every refusal upstream (an exception) becomes a JSON error.
 */
final class RegistryServerInitializer extends ChannelInitializer<SocketChannel> {
    private final RegistryServerConfig config;
    private final RegistryRoutes routes;
    private final RegistryAuth auth;

    RegistryServerInitializer(RegistryServerConfig config, RegistryRoutes routes, RegistryAuth auth) {
        this.config = config;
        this.routes = routes;
        this.auth = auth;
    }

    /** Refuses an oversized body with the registry's JSON error (413) instead of Netty's empty one, then closes. */
    static final class JsonErrorAggregator extends HttpObjectAggregator {
        JsonErrorAggregator(int maxContentLength) {
            super(maxContentLength);
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            ctx.fireExceptionCaught(RegistryHttpException.of(RestError.TOO_LARGE, "Request Entity Too Large: the "
                    + "body is over " + maxContentLength() + " bytes").closing());
        }
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline()
                .addLast("http", new HttpServerCodec(4096, 16 * 1024, 16 * 1024))
                .addLast("aggregate", new JsonErrorAggregator(config.maxRequestBytes()))
                .addLast("request", new RegistryRequestAdapter())
                .addLast("auth", new BasicAuthHandler(auth, config.readAuth()))
                .addLast("routes", new RegistryRouteHandler(routes));
    }
}
