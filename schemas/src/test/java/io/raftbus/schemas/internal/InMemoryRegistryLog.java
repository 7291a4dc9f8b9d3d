package io.raftbus.schemas.internal;

import io.raftbus.log.Subscription;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A synchronous in-memory registry channel: an append is committed and delivered to every subscriber on the calling
 * thread before its future completes. {@link #hold()} queues appends until {@link #release()}, to interleave two
 * proposers deterministically. Idempotency keys are honoured like the log's. Not thread-safe; for unit tests.
 */
final class InMemoryRegistryLog implements RegistryLog {
    private final List<byte[]> entries = new ArrayList<>();
    private final Map<String, Long> keys = new HashMap<>();
    private final List<EntryListener> listeners = new ArrayList<>();
    private final List<Runnable> held = new ArrayList<>();
    private boolean holding;

    @Override
    public CompletableFuture<Long> append(String idempotencyKey, byte[] data) {
        CompletableFuture<Long> f = new CompletableFuture<>();
        Runnable commit = () -> {
            Long seen = keys.get(idempotencyKey);
            if (seen != null) {
                f.complete(seen);
                return;
            }
            entries.add(data);
            long offset = entries.size();
            keys.put(idempotencyKey, offset);
            for (EntryListener l : List.copyOf(listeners)) {
                l.onEntry(offset, data);
            }
            f.complete(offset);
        };
        if (holding) {
            held.add(commit);
        } else {
            commit.run();
        }
        return f;
    }

    /** Appends raw bytes, as a writer that bypasses the registry would. */
    void appendRaw(byte[] data) {
        append("raw-" + entries.size(), data);
    }

    @Override
    public CompletableFuture<Long> newestOffset() {
        return CompletableFuture.completedFuture((long) entries.size());
    }

    @Override
    public Subscription subscribe(long fromOffset, EntryListener listener) {
        for (long o = fromOffset; o <= entries.size(); o++) {
            listener.onEntry(o, entries.get((int) o - 1));
        }
        listeners.add(listener);
        return new Subscription() {
            @Override
            public long nextOffset() {
                return entries.size() + 1;
            }

            @Override
            public void close() {
                listeners.remove(listener);
            }
        };
    }

    /** Queues later appends instead of committing them. */
    void hold() {
        holding = true;
    }

    /** Commits the queued appends in order. */
    void release() {
        holding = false;
        List<Runnable> run = List.copyOf(held);
        held.clear();
        run.forEach(Runnable::run);
    }

    /** Returns every committed entry, in order. */
    List<byte[]> entries() {
        return entries;
    }
}
