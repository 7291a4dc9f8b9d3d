package io.raftbus.ingest.pusher;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes Pusher socket ids ({@code ^\d+\.\d+$}): a random part, so they cannot be guessed, and a part that is
 * unique in the cluster: a node-local counter followed by three digits derived from the node id.
 *
 * <pre>
 *   &lt;random 0..10^12&gt; "." &lt;counter&gt;&lt;node digits, 3&gt;
 * </pre>
 * Thread-safe.
 */
public final class SocketIds {
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong counter = new AtomicLong();
    private final int nodeDigits;

    /**
     * Creates a generator for a node.
     *
     * @param nodeId the node id.
     */
    public SocketIds(String nodeId) {
        this.nodeDigits = Math.floorMod(nodeId.hashCode(), 1000);
    }

    /**
     * Returns a new socket id.
     *
     * @return the id.
     */
    public String next() {
        long r = Math.floorMod(random.nextLong(), 1_000_000_000_000L);
        return r + "." + counter.incrementAndGet() + String.format("%03d", nodeDigits);
    }
}
