package io.raftbus.ingest.pusher;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/** Answers {@code pusher:ping} with {@code pusher:pong} and swallows {@code pusher:pong}. */
public final class PingPongHandler extends ChannelInboundHandlerAdapter {
    static final String PONG = "{\"event\":\"pusher:pong\",\"data\":\"{}\"}";

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof PusherMessage m && m.event().equals("pusher:ping")) {
            ctx.writeAndFlush(new TextWebSocketFrame(PONG));
        } else if (!(msg instanceof PusherMessage m && m.event().equals("pusher:pong"))) {
            ctx.fireChannelRead(msg);
        }
    }
}
