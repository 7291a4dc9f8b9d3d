package io.raftbus.ingest.fanout;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.concurrent.TimeUnit;

/**
 * Flushes one subscriber's connection at most once per interval, so that the frames of entries committed close
 * together leave in one write: with one event per entry, a channel with many subscribers otherwise costs one
 * {@code write} syscall per frame per socket, on both ends of it. The first flush after a quiet interval is
 * immediate, so a lone event is not delayed; within a burst a frame waits at most one interval.
 *
 * <p>All state is touched in the connection's event loop only. A flush request runs on the loop after the writes
 * it follows (directly when made there, else as a task queued after them: Netty runs one thread's tasks in
 * order), so every written frame is flushed by the request after it or by an earlier scheduled flush that runs
 * later.
 */
final class Flusher {
    private static final AttributeKey<Flusher> KEY = AttributeKey.valueOf(Flusher.class, "flusher");

    private final Channel ch;
    private final long intervalNanos;
    private long lastFlush;
    private boolean scheduled;

    private Flusher(Channel ch, long intervalNanos) {
        this.ch = ch;
        this.intervalNanos = intervalNanos;
        this.lastFlush = System.nanoTime() - intervalNanos;
    }

    /**
     * Flushes {@code ch} now, or once the interval since its last flush has passed.
     *
     * @param ch the connection, with frames written since its last flush.
     * @param intervalNanos the least time between two flushes; 0 flushes at once.
     */
    static void flush(Channel ch, long intervalNanos) {
        if (intervalNanos <= 0) {
            ch.flush();
            return;
        }
        if (ch.eventLoop().inEventLoop()) {
            of(ch, intervalNanos).request();
        } else {
            ch.eventLoop().execute(() -> of(ch, intervalNanos).request());
        }
    }

    private static Flusher of(Channel ch, long intervalNanos) {
        Flusher f = ch.attr(KEY).get();
        if (f == null) {
            f = new Flusher(ch, intervalNanos);
            ch.attr(KEY).set(f);
        }
        return f;
    }

    private void request() {
        if (scheduled) {
            return;
        }
        long now = System.nanoTime();
        long wait = lastFlush + intervalNanos - now;
        if (wait <= 0) {
            flushNow(now);
        } else {
            scheduled = true;
            ch.eventLoop().schedule(this::scheduledFlush, wait, TimeUnit.NANOSECONDS);
        }
    }

    private void scheduledFlush() {
        scheduled = false;
        flushNow(System.nanoTime());
    }

    private void flushNow(long now) {
        lastFlush = now;
        ch.flush();
    }
}
