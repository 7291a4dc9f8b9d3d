package io.raftbus.log.internal;

import io.raftbus.log.ChannelEvent;
import io.raftbus.log.ChannelKey;
import io.raftbus.log.ChannelListener;
import io.raftbus.log.CommittedListener;
import io.raftbus.log.ReadResult;
import io.raftbus.log.Subscription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands committed events of one group to this node's listeners and channel subscriptions, off the apply
 * thread, so a slow listener never slows the log.
 *
 * <p>The apply thread calls {@link #committed} after the events are in the store; one dispatch thread per group
 * delivers them in log order. A subscription reads from the store to fill any gap (its start, or events it
 * skipped), and drops any offset it already delivered, so replay and live delivery meet with no gap and no
 * duplicate. The queue to the dispatch thread is unbounded in entries; each entry's events already exist in
 * memory, and channel subscribers that fall behind are caught up from the store.
 */
public final class CommittedDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CommittedDispatcher.class);
    private static final int CATCH_UP_BATCH = 1_000;

    private final ExecutorService executor;
    private final List<CommittedListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<ChannelKey, List<ChannelSubscription>> subscriptions = new ConcurrentHashMap<>();
    private volatile ChannelStore store;

    /**
     * Creates a dispatcher with its own thread.
     *
     * @param name the thread's name.
     */
    public CommittedDispatcher(String name) {
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    void storeReplaced(ChannelStore s) {
        this.store = s;
        for (List<ChannelSubscription> subs : subscriptions.values()) {
            for (ChannelSubscription sub : subs) {
                executor.execute(sub::catchUp);
            }
        }
    }

    /**
     * Adds a listener of every committed event of the group.
     *
     * @param l the listener.
     * @return a handle that removes it.
     */
    public AutoCloseable addListener(CommittedListener l) {
        listeners.add(l);
        return () -> listeners.remove(l);
    }

    /**
     * Subscribes to a channel from an offset. Stored events are delivered on the calling thread before this
     * returns; later ones on the dispatch thread.
     *
     * @param channel the channel.
     * @param fromOffset the first offset wanted.
     * @param listener the receiver.
     * @return the subscription.
     */
    public Subscription subscribe(ChannelKey channel, long fromOffset, ChannelListener listener) {
        ChannelSubscription sub = new ChannelSubscription(channel, Math.max(1, fromOffset), listener);
        subscriptions.compute(channel, (k, v) -> {
            List<ChannelSubscription> list = v == null ? new CopyOnWriteArrayList<>() : v;
            list.add(sub);
            return list;
        });
        sub.catchUp();
        return sub;
    }

    void committed(List<ChannelEvent> events) {
        try {
            executor.execute(() -> deliver(events));
        } catch (RejectedExecutionException e) {
            LOG.debug("dispatcher closed; dropping {} events for listeners", events.size());
        }
    }

    private void deliver(List<ChannelEvent> events) {
        for (CommittedListener l : listeners) {
            try {
                l.onCommitted(events);
            } catch (RuntimeException e) {
                LOG.warn("committed listener {} failed", l, e);
            }
        }
        if (subscriptions.isEmpty()) {
            return;
        }
        Map<ChannelKey, List<ChannelEvent>> byChannel = new LinkedHashMap<>();
        for (ChannelEvent e : events) {
            if (subscriptions.containsKey(e.channel())) {
                byChannel.computeIfAbsent(e.channel(), k -> new ArrayList<>()).add(e);
            }
        }
        for (Map.Entry<ChannelKey, List<ChannelEvent>> e : byChannel.entrySet()) {
            for (ChannelSubscription sub : subscriptions.getOrDefault(e.getKey(), List.of())) {
                sub.offer(e.getValue());
            }
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class ChannelSubscription implements Subscription {
        private final ChannelKey channel;
        private final ChannelListener listener;
        private long next;
        private boolean closed;

        ChannelSubscription(ChannelKey channel, long from, ChannelListener listener) {
            this.channel = channel;
            this.next = from;
            this.listener = listener;
        }

        @Override
        public synchronized long nextOffset() {
            return next;
        }

        synchronized void offer(List<ChannelEvent> events) {
            for (ChannelEvent e : events) {
                if (closed) {
                    return;
                }
                if (e.offset() > next) {
                    catchUp();
                }
                if (e.offset() == next) {
                    deliver(e);
                }
            }
        }

        synchronized void catchUp() {
            ChannelStore s = store;
            while (!closed && s != null) {
                ReadResult r;
                try {
                    r = s.read(channel, next, CATCH_UP_BATCH);
                } catch (StoreClosedException e) {
                    return; // a snapshot install replaced the store; storeReplaced() runs catchUp again
                }
                if (r instanceof ReadResult.Expired x) {
                    long missed = next;
                    next = x.oldestOffset();
                    listener.onExpired(missed, x.oldestOffset());
                    continue;
                }
                List<ChannelEvent> events = ((ReadResult.Events) r).events();
                for (ChannelEvent e : events) {
                    deliver(e);
                }
                if (events.size() < CATCH_UP_BATCH) {
                    return;
                }
            }
        }

        private void deliver(ChannelEvent e) {
            next = e.offset() + 1;
            try {
                listener.onEvent(e);
            } catch (RuntimeException ex) {
                LOG.warn("subscriber of {} failed on offset {}", channel, e.offset(), ex);
            }
        }

        @Override
        public synchronized void close() {
            closed = true;
            subscriptions.computeIfPresent(channel, (k, v) -> {
                v.remove(this);
                return v.isEmpty() ? null : v;
            });
        }
    }
}
