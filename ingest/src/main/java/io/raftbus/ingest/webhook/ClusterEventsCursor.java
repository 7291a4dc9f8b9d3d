package io.raftbus.ingest.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.raftbus.ingest.AppConfig;
import io.raftbus.ingest.internal.Json;
import io.raftbus.log.ChannelEvent;
import io.raftbus.log.ChannelKey;
import io.raftbus.log.ClusterEvents;
import io.raftbus.log.LogClient;
import io.raftbus.log.PositionUpdate;
import io.raftbus.log.RaftLog;
import io.raftbus.log.ReadResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the webhooks of one app's cluster events of one Raft group, once per cluster: only while this node leads
 * the group, reading the committed {@code #cluster-g<N>} channel from the durable position
 * {@code webhook:<app>:g<N>}, and moving that position with a compare-and-set only after every target answered
 * (2xx, or given up after the retry period). A new leader continues where the old one stopped; a batch in
 * flight when a leader dies is sent again (at least once, never skipped while retention keeps it).
 *
 * <pre>
 *   not leader ──► leader: load position ──► read pos+1.. (≤ 20) ──► wait for the batch window
 *        ▲                                                                  │
 *        │                                                                  ▼
 *   lost leadership (state dropped)   position := last offset (CAS) ◄── POST to all targets, all done
 * </pre>
 * Driven by {@link #doWork(long, boolean)} on one thread; not thread-safe.
 */
final class ClusterEventsCursor {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterEventsCursor.class);
    private final AppConfig app;
    private final int group;
    private final ChannelKey channel;
    private final String consumer;
    private final RaftLog log;
    private final LogClient client;
    private final WebhookTransport transport;
    private final WebhookSettings settings;
    private long position = -1;
    private CompletableFuture<Long> loading;
    private CompletableFuture<PositionUpdate> storing;
    private WebhookDelivery delivery;
    private long batchLast;
    private long firstSeenMs = -1;

    ClusterEventsCursor(AppConfig app, int group, RaftLog log, LogClient client, WebhookTransport transport,
                        WebhookSettings settings) {
        this.app = app;
        this.group = group;
        this.channel = new ChannelKey(app.id(), ClusterEvents.clusterChannel(group));
        this.consumer = consumerName(app.id(), group);
        this.log = log;
        this.client = client;
        this.transport = transport;
        this.settings = settings;
    }

    /**
     * Returns the name of the durable position of an app's group.
     *
     * @param app the app id.
     * @param group the group.
     * @return {@code webhook:<app>:g<group>}.
     */
    static String consumerName(String app, int group) {
        return "webhook:" + app + ":g" + group;
    }

    /**
     * Advances the cursor.
     *
     * @param nowMs the current time.
     * @param leader whether this node leads the group now.
     */
    void doWork(long nowMs, boolean leader) {
        if (!leader) {
            reset();
            return;
        }
        if (position < 0) {
            load();
            return;
        }
        if (storing != null) {
            finishStore();
            return;
        }
        if (delivery != null) {
            if (delivery.doWork(nowMs)) {
                delivery = null;
                storing = client.compareAndSetPosition(consumer, position, batchLast);
            }
            return;
        }
        readNext(nowMs);
    }

    /**
     * Returns the position last loaded or stored.
     *
     * @return the offset of the last event sent, or -1 if not known (not leader, or loading).
     */
    long position() {
        return position;
    }

    private void reset() {
        position = -1;
        loading = null;
        storing = null;
        delivery = null;
        firstSeenMs = -1;
    }

    private void load() {
        if (loading == null) {
            loading = client.position(consumer);
        } else if (loading.isDone()) {
            CompletableFuture<Long> f = loading;
            loading = null;
            if (!f.isCompletedExceptionally()) {
                position = f.join();
            }
        }
    }

    private void finishStore() {
        if (!storing.isDone()) {
            return;
        }
        CompletableFuture<PositionUpdate> f = storing;
        storing = null;
        if (f.isCompletedExceptionally()) {
            // Unknown whether it was stored: reload; at worst the batch is sent again.
            position = -1;
            return;
        }
        PositionUpdate u = f.join();
        if (!u.set()) {
            LOG.info("webhook position {} moved by another sender to {}", consumer, u.position());
        }
        position = u.position();
    }

    private void readNext(long nowMs) {
        ReadResult r = log.readLocal(channel, position + 1, settings.maxBatchEvents());
        if (r instanceof ReadResult.Expired ex) {
            LOG.warn("webhook events {}..{} of {} expired before they were sent", position + 1,
                    ex.oldestOffset() - 1, channel);
            delivery = new WebhookDelivery(app, List.of(), nowMs, transport, settings);
            batchLast = ex.oldestOffset() - 1;
            return;
        }
        List<ChannelEvent> events = ((ReadResult.Events) r).events();
        if (events.isEmpty()) {
            firstSeenMs = -1;
            return;
        }
        if (firstSeenMs < 0) {
            firstSeenMs = nowMs;
        }
        if (events.size() < settings.maxBatchEvents() && nowMs - firstSeenMs < settings.batchMs()) {
            return;
        }
        List<ObjectNode> hooks = new ArrayList<>();
        for (ChannelEvent e : events) {
            ObjectNode hook = toWebhook(app, e);
            if (hook != null) {
                hooks.add(hook);
            }
        }
        firstSeenMs = -1;
        batchLast = events.get(events.size() - 1).offset();
        delivery = new WebhookDelivery(app, hooks, nowMs, transport, settings);
    }

    /**
     * Translates a cluster event to a webhook event.
     *
     * @param app the app.
     * @param e the committed cluster event.
     * @return the webhook event, or null if it is not sent (unknown, or subscription counting off).
     */
    static ObjectNode toWebhook(AppConfig app, ChannelEvent e) {
        String name = e.eventName();
        boolean known = switch (name) {
            case ClusterEvents.CHANNEL_OCCUPIED, ClusterEvents.CHANNEL_VACATED, ClusterEvents.MEMBER_ADDED,
                    ClusterEvents.MEMBER_REMOVED -> true;
            case ClusterEvents.SUBSCRIPTION_COUNT -> app.subscriptionCount();
            default -> false;
        };
        if (!known) {
            return null;
        }
        JsonNode data;
        try {
            data = Json.MAPPER.readTree(e.data());
        } catch (IOException ex) {
            LOG.warn("unreadable cluster event {}", e);
            return null;
        }
        if (data == null || !data.path("channel").isTextual()) {
            return null;
        }
        ObjectNode hook = Json.MAPPER.createObjectNode();
        hook.put("name", name);
        hook.put("channel", data.get("channel").asText());
        if (name.equals(ClusterEvents.MEMBER_ADDED) || name.equals(ClusterEvents.MEMBER_REMOVED)) {
            hook.put("user_id", data.path("user_id").asText());
        }
        if (name.equals(ClusterEvents.SUBSCRIPTION_COUNT)) {
            hook.put("subscription_count", data.path("subscription_count").asLong());
        }
        return hook;
    }
}
