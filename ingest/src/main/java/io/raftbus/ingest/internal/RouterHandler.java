package io.raftbus.ingest.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.raftbus.ingest.httpapi.HttpApiHandler;
import io.raftbus.ingest.pusher.PusherUpgrade;

/**
 * Routes a request by path: {@code /app/...} to the WebSocket protocol, {@code /apps/...} to the HTTP API,
 * {@code /health} answers 200, anything else 404 with a JSON error.
 */
final class RouterHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final EdgeContext edge;

    RouterHandler(EdgeContext edge) {
        this.edge = edge;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            HttpResponses.error(ctx, request, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request");
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        if (path.startsWith("/app/")) {
            PusherUpgrade.handle(ctx, request, edge);
        } else if (path.startsWith("/apps/")) {
            HttpApiHandler.handle(ctx, request, edge);
        } else if (path.equals("/health")) {
            HttpResponses.json(ctx, request, HttpResponseStatus.OK, "{\"ok\":true}");
        } else {
            HttpResponses.error(ctx, request, HttpResponseStatus.NOT_FOUND, "no such path: " + path);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
