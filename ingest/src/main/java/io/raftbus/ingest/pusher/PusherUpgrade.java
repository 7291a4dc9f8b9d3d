package io.raftbus.ingest.pusher;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.raftbus.ingest.internal.EdgeContext;
import io.raftbus.ingest.internal.HttpResponses;

/** Turns a {@code GET /app/{key}} request into a Pusher WebSocket connection. Being built. */
public final class PusherUpgrade {
    private PusherUpgrade() {
    }

    /**
     * Handles a request for {@code /app/...}.
     *
     * @param ctx the connection.
     * @param request the request.
     * @param edge the node's edge.
     */
    public static void handle(ChannelHandlerContext ctx, FullHttpRequest request, EdgeContext edge) {
        HttpResponses.error(ctx, request, HttpResponseStatus.NOT_IMPLEMENTED, "WebSocket edge is being built");
    }
}
