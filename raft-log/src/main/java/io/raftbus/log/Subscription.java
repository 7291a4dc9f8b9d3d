package io.raftbus.log;

/** A live subscription to one channel on this node. Closing it stops delivery; it is safe to close twice. */
public interface Subscription extends AutoCloseable {
    /**
     * Returns the offset of the next event this subscription will deliver.
     *
     * @return the next offset.
     */
    long nextOffset();

    @Override
    void close();
}
