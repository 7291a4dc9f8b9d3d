package io.raftbus.ingest.fanout;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.raftbus.log.ChannelKey;
import java.util.ArrayDeque;
import java.util.Set;

/**
 * One connection's subscription to one channel, as the fan-out delivers to it.
 *
 * <p>A subscription starts <em>held</em>: live frames are queued (retained) until the protocol layer has sent
 * {@code subscription_succeeded} and any cached or replayed events, then {@link #startLive(long)} drains the queue,
 * skipping channel events at or below the offset already delivered. So a resumed subscriber gets neither a gap
 * nor a duplicate. Called on the connection's event loop (the fan-out hands each loop its deliveries), except
 * {@code cancel}; calls are serialised on this object.
 */
public final class ChannelSubscription {
    private final FanoutConnection connection;
    private final ChannelKey channel;
    private final String presenceUserId;
    private final ArrayDeque<Object[]> held = new ArrayDeque<>();
    private boolean live;
    private boolean cancelled;
    private long lastOffset;

    ChannelSubscription(FanoutConnection connection, ChannelKey channel, String presenceUserId) {
        this.connection = connection;
        this.channel = channel;
        this.presenceUserId = presenceUserId;
    }

    /**
     * Returns the connection.
     *
     * @return the connection.
     */
    public FanoutConnection connection() {
        return connection;
    }

    /**
     * Returns the channel.
     *
     * @return the channel.
     */
    public ChannelKey channel() {
        return channel;
    }

    /**
     * Returns the presence user id of this subscription.
     *
     * @return the user id, or null if not a presence subscription.
     */
    public String presenceUserId() {
        return presenceUserId;
    }

    /**
     * Offers a shared frame from the fan-out, on the connection's event loop: queued while held, written when
     * live. A live write is not flushed: the fan-out flushes each connection once after the whole committed
     * batch.
     *
     * @param offset the event's channel offset, 0 if it is not a channel event.
     * @param frame the shared wire frame ({@link EncodedEvent#frame(boolean)}); not released here.
     * @param toFlush where the connection's channel is added when a frame was written to it.
     */
    synchronized void offer(long offset, ByteBuf frame, Set<Channel> toFlush) {
        if (cancelled) {
            return;
        }
        if (!live) {
            held.add(new Object[] {offset, frame.retainedDuplicate()});
            return;
        }
        if (write(offset, frame, false)) {
            toFlush.add(connection.channel());
        }
    }

    /**
     * Delivers an event directly (cache or resume replay), before {@link #startLive(long)}.
     *
     * @param event the encoded event; the caller releases it.
     */
    public synchronized void deliver(EncodedEvent event) {
        if (!cancelled) {
            write(event.offset(), event.frame(connection.resume()), true);
        }
    }

    /**
     * Ends the held phase: drains queued frames newer than {@code deliveredUpTo} and delivers live from now on.
     *
     * @param deliveredUpTo the newest channel offset the client already has (0 for none).
     */
    public synchronized void startLive(long deliveredUpTo) {
        lastOffset = Math.max(lastOffset, deliveredUpTo);
        live = true;
        while (!held.isEmpty()) {
            Object[] h = held.poll();
            ByteBuf frame = (ByteBuf) h[1];
            if (!cancelled) {
                write((Long) h[0], frame, true);
            }
            frame.release();
        }
    }

    /**
     * Returns the newest channel offset written to the connection.
     *
     * @return the offset, 0 if none.
     */
    public synchronized long lastOffset() {
        return lastOffset;
    }

    synchronized void cancel() {
        cancelled = true;
        while (!held.isEmpty()) {
            ((ByteBuf) held.poll()[1]).release();
        }
    }

    /** Writes a frame unless already delivered or the connection is gone or over capacity; true if written. */
    private boolean write(long offset, ByteBuf shared, boolean flush) {
        if (offset > 0) {
            if (offset <= lastOffset) {
                return false;
            }
            lastOffset = offset;
        }
        return send(connection, shared, flush);
    }

    /**
     * Writes a reference to a shared frame to a connection unless it is gone; a connection over its high-water
     * mark is closed with 4100 instead. The one write rule of subscriptions and of direct deliveries.
     *
     * @param connection the connection.
     * @param shared the shared wire frame; not released here.
     * @param flush whether to flush at once.
     * @return true if written.
     */
    static boolean send(FanoutConnection connection, ByteBuf shared, boolean flush) {
        Channel ch = connection.channel();
        if (!ch.isActive()) {
            return false;
        }
        if (!ch.isWritable()) {
            connection.overCapacity();
            return false;
        }
        if (flush) {
            ch.writeAndFlush(shared.retainedDuplicate(), ch.voidPromise());
        } else {
            ch.write(shared.retainedDuplicate(), ch.voidPromise());
        }
        return true;
    }
}
