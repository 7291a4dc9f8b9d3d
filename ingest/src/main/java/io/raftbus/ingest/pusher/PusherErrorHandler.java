package io.raftbus.ingest.pusher;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler: the one place where errors become protocol frames. A {@link PusherProtocolException} becomes
 * {@code pusher:error} and, if its {@link PusherError.CloseAction} says so, a close frame with the code; any other
 * exception is logged and reported as {@link PusherError#INTERNAL} without detail, except the failure of a write
 * to a connection that has closed (ignored) and a socket error such as a reset (the connection is closed). A
 * {@link PusherMessage} that no handler took is an unknown event.
 */
public final class PusherErrorHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(PusherErrorHandler.class);

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof PusherMessage m) {
            report(ctx.channel(), new PusherProtocolException(PusherError.UNKNOWN_EVENT,
                    "Unknown event: " + abbreviate(m.event()), m.channel()));
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof PusherProtocolException p) {
            report(ctx.channel(), p);
        } else if (cause instanceof TooLongFrameException) {
            report(ctx.channel(), new PusherProtocolException(PusherError.MESSAGE_TOO_LARGE));
        } else if (cause instanceof ClosedChannelException || !ctx.channel().isActive()) {
            // A write that was queued when the connection closed (the fan-out writes with the void promise,
            // which reports its failure here): nothing to tell a client that is gone, and one log line per
            // queued frame would cost the most exactly when a node is shedding slow subscribers.
            LOG.debug("connection {}: write after close", ctx.channel().id(), cause);
        } else if (cause instanceof IOException) {
            LOG.debug("connection {}: {}", ctx.channel().id(), cause.toString());
            ctx.close();
        } else {
            LOG.warn("connection {}: internal error", ctx.channel().id(), cause);
            report(ctx.channel(), new PusherProtocolException(PusherError.INTERNAL));
        }
    }

    /**
     * Reports an error on a connection: {@code pusher:error}, then for closing errors a close frame and close.
     *
     * @param ch the connection.
     * @param e the error.
     */
    static void report(Channel ch, PusherProtocolException e) {
        PusherError err = e.error();
        ch.writeAndFlush(new TextWebSocketFrame(
                PusherEventPublisher.error(err.code(), e.getMessage(), e.channel())));
        if (err.closeAction() == PusherError.CloseAction.CLOSE) {
            ch.writeAndFlush(new CloseWebSocketFrame(err.code(), err.message()))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
