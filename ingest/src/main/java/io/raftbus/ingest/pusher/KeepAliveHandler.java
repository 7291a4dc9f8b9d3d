package io.raftbus.ingest.pusher;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Detects dead connections. Any inbound frame is activity. After {@code activityTimeout} of silence it sends a
 * WebSocket ping frame (every client answers those) and a {@code pusher:ping} event; if nothing arrives within
 * {@code pongTimeout} it closes with 4201 ({@link PusherError#PONG_TIMEOUT}).
 *
 * <p>Time is injected: {@link #tick(ChannelHandlerContext, long)} is the duty cycle, driven by a timer on the
 * event loop, or directly by tests.
 */
public final class KeepAliveHandler extends ChannelInboundHandlerAdapter {
    static final String PUSHER_PING = "{\"event\":\"pusher:ping\",\"data\":\"{}\"}";
    private final LongSupplier nanoClock;
    private final long activityNs;
    private final long pongNs;
    private final boolean schedule;
    private long lastActivityNs;
    private long pingSentNs = -1;
    private ScheduledFuture<?> timer;

    /**
     * Creates the handler.
     *
     * @param nanoClock the monotonic clock.
     * @param activityNs silence before a ping.
     * @param pongNs wait after the ping before closing.
     * @param schedule whether to start its own timer (false in tests that call {@link #tick}).
     */
    public KeepAliveHandler(LongSupplier nanoClock, long activityNs, long pongNs, boolean schedule) {
        this.nanoClock = nanoClock;
        this.activityNs = activityNs;
        this.pongNs = pongNs;
        this.schedule = schedule;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        lastActivityNs = nanoClock.getAsLong();
        if (schedule) {
            long period = Math.max(TimeUnit.MILLISECONDS.toNanos(50), Math.min(activityNs, pongNs) / 4);
            timer = ctx.executor().scheduleAtFixedRate(() -> tick(ctx, nanoClock.getAsLong()), period, period,
                    TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastActivityNs = nanoClock.getAsLong();
        pingSentNs = -1;
        ctx.fireChannelRead(msg);
    }

    /**
     * The duty cycle: pings a silent connection, closes one that did not answer.
     *
     * @param ctx the handler's context.
     * @param nowNs the monotonic time.
     */
    public void tick(ChannelHandlerContext ctx, long nowNs) {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (pingSentNs < 0) {
            if (nowNs - lastActivityNs >= activityNs) {
                pingSentNs = nowNs;
                ctx.write(new PingWebSocketFrame());
                ctx.writeAndFlush(new TextWebSocketFrame(PUSHER_PING));
            }
        } else if (nowNs - pingSentNs >= pongNs) {
            if (timer != null) {
                timer.cancel(false);
            }
            PusherErrorHandler.report(ctx.channel(), new PusherProtocolException(PusherError.PONG_TIMEOUT));
        }
    }
}
