package io.raftbus.schemas.rest;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The last stage: answers each {@link RegistryRequest} through {@link RegistryRoutes}, and each refusal raised
 * upstream (a {@link RegistryHttpException} reaching {@code exceptionCaught}) through {@link RegistryErrors}.
 *
 * <p>Answers are written in request order on the connection's event loop, also when a later read answers before
 * an earlier write's future completes (HTTP/1.1 pipelining); a write's future may complete on any thread and the
 * event loop is never blocked. One per connection; its state is touched only on the event loop.
 */
final class RegistryRouteHandler extends SimpleChannelInboundHandler<RegistryRequest> {
    /** The content type of every answer. */
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private final RegistryRoutes routes;
    /** Completes when the previous answer has been written; answers chain on it to keep request order. */
    private CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);

    RegistryRouteHandler(RegistryRoutes routes) {
        this.routes = routes;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, RegistryRequest request) {
        answerInOrder(ctx, routes.serve(request), request.keepAlive());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof java.io.IOException) {
            ctx.close(); // the peer went away; nothing to answer
            return;
        }
        Answer a = RegistryErrors.answer(cause);
        answerInOrder(ctx, CompletableFuture.completedFuture(a), !a.close() && a.status() != 500);
    }

    private void answerInOrder(ChannelHandlerContext ctx, CompletableFuture<Answer> answer, boolean keepAlive) {
        CompletableFuture<Answer> safe = answer.handle((a, t) -> t == null ? a : RegistryErrors.answer(t));
        previous = previous.handle((v, t) -> null)
                .thenCombine(safe, (v, a) -> a)
                .thenAcceptAsync(a -> write(ctx, a, keepAlive && !a.close()), ctx.executor());
    }

    private static void write(ChannelHandlerContext ctx, Answer a, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(a.status()), Unpooled.copiedBuffer(a.body(), StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        for (Map.Entry<String, String> h : a.headers().entrySet()) {
            response.headers().set(h.getKey(), h.getValue());
        }
        HttpUtil.setKeepAlive(response, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
