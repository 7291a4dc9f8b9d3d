package io.raftbus.log.internal;

import io.raftbus.log.RaftLogConfig;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.protocol.exceptions.RaftRetryFailureException;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Ratis client per group, replaced when it breaks.
 *
 * <p>Ratis' ordered async client fails every later request at once after one request exhausted its retries
 * (its sliding window stays failed). A node must keep publishing after an election that took longer than the
 * retry budget, so a client that failed that way is closed and a new one, with a new client id, takes its place.
 * Requests still in flight on the old client fail and their callers retry (with idempotency keys).
 */
final class RaftClients implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RaftClients.class);

    private final RaftLogConfig config;
    private final RaftProperties props;
    private final AtomicReferenceArray<RaftClient> clients;

    RaftClients(RaftLogConfig config) {
        this.config = config;
        this.props = RatisConfig.client(config);
        this.clients = new AtomicReferenceArray<>(config.groupCount());
        for (int i = 0; i < config.groupCount(); i++) {
            clients.set(i, newClient(i));
        }
    }

    private RaftClient newClient(int group) {
        RaftClient.Builder b = RaftClient.newBuilder().setProperties(props)
                .setRaftGroup(Groups.group(group, config.peers())).setClientId(ClientId.randomId())
                .setRetryPolicy(RatisConfig.retryPolicy(config));
        if (config.nodeId() != null) {
            // Ask this node first; Ratis follows the leader hint from there.
            b.setLeaderId(RaftPeerId.valueOf(config.nodeId()));
        }
        return b.build();
    }

    /**
     * Returns a new client of a group that asks once, with a 2 s timeout and no retries, for status and settings
     * calls to one member: an unreachable member then costs one timeout. The caller closes it.
     *
     * @param config the cluster config.
     * @param group the group.
     * @return the client.
     */
    static RaftClient askOnce(RaftLogConfig config, int group) {
        RaftProperties props = RatisConfig.client(config);
        RaftClientConfigKeys.Rpc.setRequestTimeout(props, TimeDuration.valueOf(2, TimeUnit.SECONDS));
        return RaftClient.newBuilder().setProperties(props).setRaftGroup(Groups.group(group, config.peers()))
                .setRetryPolicy(RetryPolicies.noRetry()).build();
    }

    RaftClient get(int group) {
        return clients.get(group);
    }

    /**
     * Replaces a group's client if {@code failure} shows that it can no longer send.
     *
     * @param group the group.
     * @param used the client the failed request used.
     * @param failure what the request failed with, or null.
     */
    void replaceIfBroken(int group, RaftClient used, Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (!(t instanceof RaftRetryFailureException || t instanceof AlreadyClosedException)) {
            return;
        }
        RaftClient fresh = newClient(group);
        if (clients.compareAndSet(group, used, fresh)) {
            LOG.info("group {}: replaced the Ratis client after {}", group, t.getClass().getSimpleName());
            closeQuietly(used);
        } else {
            closeQuietly(fresh);
        }
    }

    private static void closeQuietly(RaftClient c) {
        try {
            c.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing a Ratis client failed", e);
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < clients.length(); i++) {
            closeQuietly(clients.get(i));
        }
    }
}
