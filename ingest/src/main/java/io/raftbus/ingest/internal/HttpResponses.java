package io.raftbus.ingest.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Writes JSON responses, honouring keep-alive. */
public final class HttpResponses {
    private HttpResponses() {
    }

    /**
     * Writes a JSON body.
     *
     * @param ctx the connection.
     * @param request the request answered (for keep-alive).
     * @param status the status.
     * @param json the body.
     */
    public static void json(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status, String json) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * Writes {@code {"error": message}}.
     *
     * @param ctx the connection.
     * @param request the request answered.
     * @param status the status.
     * @param message what was wrong.
     */
    public static void error(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status,
                             String message) {
        json(ctx, request, status, "{\"error\":" + Json.quote(message) + "}");
    }
}
