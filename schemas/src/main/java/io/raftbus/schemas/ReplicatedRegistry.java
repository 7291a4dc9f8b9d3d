package io.raftbus.schemas;

/**
 * A {@link SchemaRegistry} whose schemas, ids and levels are stored through the raftbus log, so every node of the
 * cluster answers the same and ids survive leader failover and full restarts. Created by
 * {@link SchemaRegistries#replicated}; see {@code docs/schema-registry.md} for the storage format.
 *
 * <p>Lifecycle: usable as soon as it is created (it has folded what this node's replica holds; call
 * {@link #sync} to include every change committed anywhere). {@link #close} stops it: later writes and syncs fail
 * with {@link RegistryError#STORE_ERROR}, and it does not close the log. Thread-safe.
 */
public interface ReplicatedRegistry extends SchemaRegistry, AutoCloseable {
    /** Stops folding the log and fails the writes still waiting. Safe to call twice. */
    @Override
    void close();
}
