package io.raftbus.ingest.fanout;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deliveries of one committed entry to the connections of one event loop, run on that loop as one task.
 *
 * <p>The dispatch thread collects them in commit order and hands each loop one task per entry, instead of one
 * cross-thread write task per frame per subscriber; on the loop every write goes straight into the pipeline.
 * Every subscription and connection is touched on its own event loop only, so per loop the frames go out in
 * commit order, and after the writes each connection is flushed once ({@link Flusher}).
 *
 * <p>The task holds one reference to each distinct frame it carries and releases them when it has run (or is
 * {@link #discard() discarded} because the loop refused it).
 */
final class LoopDeliveries implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(LoopDeliveries.class);

    private final long flushIntervalNanos;
    private final List<ByteBuf> owned = new ArrayList<>(4);
    private Object[] targets = new Object[8];
    private long[] offsets = new long[8];
    private ByteBuf[] frames = new ByteBuf[8];
    private int size;

    LoopDeliveries(long flushIntervalNanos) {
        this.flushIntervalNanos = flushIntervalNanos;
    }

    /**
     * Adds a frame for a channel subscription.
     *
     * @param subscription the subscription.
     * @param offset the event's channel offset, 0 if it is not a channel event.
     * @param frame the shared wire frame; retained by this task.
     */
    void offer(ChannelSubscription subscription, long offset, ByteBuf frame) {
        add(subscription, offset, frame);
    }

    /**
     * Adds a frame written to a connection outside any subscription (events for a signed-in user).
     *
     * @param connection the connection.
     * @param frame the shared wire frame; retained by this task.
     */
    void direct(FanoutConnection connection, ByteBuf frame) {
        add(connection, 0, frame);
    }

    @Override
    public void run() {
        Set<Channel> toFlush = Collections.newSetFromMap(new IdentityHashMap<>());
        try {
            for (int i = 0; i < size; i++) {
                try {
                    if (targets[i] instanceof ChannelSubscription s) {
                        s.offer(offsets[i], frames[i], toFlush);
                    } else if (ChannelSubscription.send((FanoutConnection) targets[i], frames[i], false)) {
                        toFlush.add(((FanoutConnection) targets[i]).channel());
                    }
                } catch (RuntimeException ex) {
                    LOG.warn("fan-out to {} failed", targets[i], ex);
                }
            }
        } finally {
            for (Channel ch : toFlush) {
                Flusher.flush(ch, flushIntervalNanos);
            }
            discard();
        }
    }

    /** Releases the frames without delivering them. */
    void discard() {
        for (ByteBuf f : owned) {
            f.release();
        }
        owned.clear();
        size = 0;
    }

    private void add(Object target, long offset, ByteBuf frame) {
        // The frames of one event are added one after the other, at most two variants of it, so a frame this
        // task already holds is among the last two it took.
        int n = owned.size();
        if (!(n > 0 && owned.get(n - 1) == frame) && !(n > 1 && owned.get(n - 2) == frame)) {
            owned.add(frame.retain());
        }
        if (size == targets.length) {
            targets = Arrays.copyOf(targets, size * 2);
            offsets = Arrays.copyOf(offsets, size * 2);
            frames = Arrays.copyOf(frames, size * 2);
        }
        targets[size] = target;
        offsets[size] = offset;
        frames[size] = frame;
        size++;
    }
}
