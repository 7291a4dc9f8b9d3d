package io.raftbus.log.internal;

import io.raftbus.log.LogError;
import io.raftbus.log.LogException;
import io.raftbus.log.PublishCommand;
import io.raftbus.log.PublishResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;

/**
 * Coalesces concurrent publishes to one group into log entries (group commit).
 *
 * <p>One flusher thread per group takes a slot among {@code maxInFlight} (so while entries are waiting for
 * commit, publishes pile up and the next entry is larger), then drains waiting publishes up to
 * {@code maxBatchBytes}, lingering at most {@code linger} for more when the batch is small, and sends the entry
 * with Ratis' ordered async API. Each caller's future completes with its own offset once the entry is committed
 * and applied, or fails with the entry's error. Entries from one publisher are committed in send order.
 *
 * <p>The queue holds at most {@link #MAX_QUEUED} publishes; past that {@link #publish} fails at once with
 * {@link LogError#UNAVAILABLE} rather than holding memory without bound.
 */
final class GroupCommitPublisher implements AutoCloseable {
    /** Publishes waiting for a batch, at most. */
    static final int MAX_QUEUED = 1_000_000;

    private record Pending(PublishCommand command, int size, CompletableFuture<PublishResult> result) {
    }

    private final RaftClients clients;
    private final int group;
    private final int maxBatchBytes;
    private final long lingerNs;
    private final Semaphore inFlight;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    private final Thread flusher;
    private volatile boolean closed;

    GroupCommitPublisher(String name, RaftClients clients, int group, int maxBatchBytes, long lingerNs,
                         int maxInFlight) {
        this.clients = clients;
        this.group = group;
        this.maxBatchBytes = maxBatchBytes;
        this.lingerNs = lingerNs;
        this.inFlight = new Semaphore(maxInFlight);
        this.flusher = new Thread(this::run, name);
        this.flusher.setDaemon(true);
        this.flusher.start();
    }

    CompletableFuture<PublishResult> publish(PublishCommand c) {
        CompletableFuture<PublishResult> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new LogException(LogError.CLOSED, "publisher is closed"));
        } else if (!queue.offer(new Pending(c, EntryCodec.publishSize(c), f))) {
            f.completeExceptionally(new LogException(LogError.UNAVAILABLE, MAX_QUEUED
                    + " publishes are already waiting for the log; slow down"));
        }
        return f;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (!closed) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                inFlight.acquire();
                batch.add(first);
                int bytes = EntryCodec.HEADER_BYTES + 4 + first.size();
                long deadline = System.nanoTime() + lingerNs;
                while (bytes < maxBatchBytes) {
                    Pending p = queue.peek();
                    if (p == null) {
                        long wait = deadline - System.nanoTime();
                        if (wait <= 0) {
                            break;
                        }
                        p = queue.poll(wait, TimeUnit.NANOSECONDS);
                        if (p == null) {
                            break;
                        }
                        if (bytes + p.size() > maxBatchBytes) {
                            send(batch);
                            batch = new ArrayList<>();
                            batch.add(p);
                            inFlight.acquire();
                            bytes = EntryCodec.HEADER_BYTES + 4 + p.size();
                            continue;
                        }
                    } else if (bytes + p.size() > maxBatchBytes) {
                        break;
                    } else {
                        queue.poll();
                    }
                    batch.add(p);
                    bytes += p.size();
                }
                send(batch);
                batch = new ArrayList<>();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                fail(batch, new LogException(LogError.INTERNAL, "batch could not be sent: " + e, e));
                inFlight.release();
                batch = new ArrayList<>();
            }
        }
        failQueued();
    }

    private void send(List<Pending> batch) {
        List<PublishCommand> commands = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            commands.add(p.command());
        }
        byte[] entry = EntryCodec.encodePublishBatch(0, commands);
        RaftClient client = clients.get(group);
        client.async().send(Message.valueOf(UnsafeByteOperations.unsafeWrap(entry))).whenComplete((reply, ex) -> {
            inFlight.release();
            if (ex != null || !reply.isSuccess()) {
                clients.replaceIfBroken(group, client, ex);
                fail(batch, Errors.map(reply, ex));
                return;
            }
            List<PublishResult> results = QueryCodec.decodePublishReply(
                    reply.getMessage().getContent().asReadOnlyByteBuffer());
            if (results.size() != batch.size()) {
                fail(batch, new LogException(LogError.INTERNAL, "reply has " + results.size() + " results for "
                        + batch.size() + " publishes"));
                return;
            }
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(results.get(i));
            }
        });
    }

    private static void fail(List<Pending> batch, LogException e) {
        for (Pending p : batch) {
            p.result().completeExceptionally(e);
        }
    }

    private void failQueued() {
        List<Pending> rest = new ArrayList<>();
        queue.drainTo(rest);
        fail(rest, new LogException(LogError.CLOSED, "publisher closed before the event was sent"));
    }

    @Override
    public void close() {
        closed = true;
        try {
            flusher.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failQueued();
    }
}
