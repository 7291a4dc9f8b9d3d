package io.raftbus.ingest.httpapi;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.raftbus.ingest.internal.EdgeContext;
import io.raftbus.ingest.internal.HttpResponses;

/** The signed Pusher HTTP API under {@code /apps/{id}/}. Being built. */
public final class HttpApiHandler {
    private HttpApiHandler() {
    }

    /**
     * Handles a request for {@code /apps/...}.
     *
     * @param ctx the connection.
     * @param request the request.
     * @param edge the node's edge.
     */
    public static void handle(ChannelHandlerContext ctx, FullHttpRequest request, EdgeContext edge) {
        HttpResponses.error(ctx, request, HttpResponseStatus.NOT_IMPLEMENTED, "HTTP API is being built");
    }
}
