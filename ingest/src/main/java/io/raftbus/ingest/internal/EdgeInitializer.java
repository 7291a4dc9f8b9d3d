package io.raftbus.ingest.internal;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;

/**
 * The pipeline of a new connection, before it is known to be a WebSocket or an API call:
 * {@code HttpServerCodec -> HttpObjectAggregator -> RouterHandler}. The router hands {@code /app/{key}} to the
 * WebSocket protocol (which replaces the pipeline's tail) and {@code /apps/...} to the HTTP API.
 */
final class EdgeInitializer extends ChannelInitializer<SocketChannel> {
    private final EdgeContext edge;

    EdgeInitializer(EdgeContext edge) {
        this.edge = edge;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline()
                .addLast("http", new HttpServerCodec(4096, 16 * 1024, 16 * 1024))
                .addLast("aggregate", new HttpObjectAggregator(edge.config().maxFrameBytes()))
                .addLast("router", new RouterHandler(edge));
    }
}
