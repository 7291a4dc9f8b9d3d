package io.raftbus.schemas;

import io.raftbus.log.ChannelKey;
import io.raftbus.log.RaftLog;
import io.raftbus.log.RetentionPolicy;
import io.raftbus.schemas.internal.ReplicatedRegistryImpl;
import java.time.Duration;
import java.util.Objects;

/** Creates schema registries. */
public final class SchemaRegistries {
    /**
     * The system channel that holds the registry's commands: app {@code _raftbus}, channel {@code #system-schemas}.
     * Its name starts with {@link RetentionPolicy#EXEMPT_PREFIX}, so retention never trims it; the Pusher edge
     * refuses every {@code #} channel (other than {@code #server-to-user-}) for publish, subscribe and history.
     */
    public static final ChannelKey CHANNEL = new ChannelKey("_raftbus", RetentionPolicy.EXEMPT_PREFIX + "schemas");

    /** How long a write or a sync may take before it fails with {@link RegistryError#TIMEOUT}, by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private SchemaRegistries() {
    }

    /**
     * Creates the replicated registry of a node, with {@link #DEFAULT_TIMEOUT}. It folds the node's replica of
     * {@link #CHANNEL} from offset 1 before this returns (the stored part, on the calling thread), then follows it.
     *
     * @param log the running node; it must outlive the registry.
     * @return the registry; close it before the log.
     */
    public static ReplicatedRegistry replicated(RaftLog log) {
        return replicated(log, DEFAULT_TIMEOUT);
    }

    /**
     * Creates the replicated registry of a node.
     *
     * @param log the running node; it must outlive the registry.
     * @param timeout how long a write or a sync may take before it fails with {@link RegistryError#TIMEOUT}.
     * @return the registry; close it before the log.
     * @throws IllegalArgumentException if the timeout is not positive.
     */
    public static ReplicatedRegistry replicated(RaftLog log, Duration timeout) {
        Objects.requireNonNull(log, "log");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        return ReplicatedRegistryImpl.start(log, CHANNEL, timeout);
    }
}
