package io.raftbus.ingest.httpapi;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.raftbus.ingest.internal.EdgeContext;
import java.time.Clock;

/**
 * The signed Pusher HTTP API under {@code /apps/{id}/}: {@code events}, {@code batch_events}, {@code channels},
 * {@code channels/{name}}, {@code channels/{name}/users}, {@code channels/{name}/events} (history, a raftbus
 * extension) and {@code users/{id}/terminate_connections}. See {@link HttpApiError} for the statuses answered.
 *
 * <p>Thread-safe; called on the connection's event loop. Publishes answer when the log has committed them, from
 * the log client's thread.
 */
public final class HttpApiHandler {
    private HttpApiHandler() {
    }

    /**
     * Handles a request for {@code /apps/...}. The request is not retained.
     *
     * @param ctx the connection.
     * @param request the request.
     * @param edge the node's edge.
     */
    public static void handle(ChannelHandlerContext ctx, FullHttpRequest request, EdgeContext edge) {
        new HttpApiRoutes(edge.config(), edge.log(), edge.client(), Clock.systemUTC(), edge.schemas())
                .serve(ctx, request);
    }
}
