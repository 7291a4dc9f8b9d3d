package io.raftbus.ingest.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.raftbus.ingest.AppConfig;
import io.raftbus.ingest.IngestConfig;
import io.raftbus.ingest.internal.Json;
import io.raftbus.log.ChannelEvent;
import io.raftbus.log.ClusterStatus;
import io.raftbus.log.LogClient;
import io.raftbus.log.RaftLog;
import io.raftbus.schemas.ChannelSchemas;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an edge's Pusher webhooks: POST {@code {"time_ms":..,"events":[..]}} with {@code X-Pusher-Key},
 * {@code X-Pusher-Signature} (hex HMAC-SHA256 of the body with the app secret) and
 * {@code Content-Type: application/json}; batched (the batch window or 20 events), retried with exponential
 * back-off for the retry period, filtered by each target's event types.
 *
 * <p>Where events come from:
 * <ul>
 *   <li>{@code channel_occupied}, {@code channel_vacated}, {@code member_added}, {@code member_removed},
 *       {@code subscription_count} (if the app counts subscriptions): the committed {@code #cluster-g<N>}
 *       channel of the app, sent only by the leader of group N from a durable position, so each is sent once
 *       per cluster, at least once across a crash (see {@link ClusterEventsCursor});</li>
 *   <li>{@code client_event}: committed {@code client-*} events of the app's channels, sent by the node that
 *       leads the channel's group when it applies them. Not durable: an event applied while leadership moves
 *       may be sent twice or not at all;</li>
 *   <li>{@code cache_miss}: node-local, from {@link #cacheMiss}.</li>
 * </ul>
 *
 * <p>Threading: {@link #cacheMiss} and the committed listener may be called from any thread; everything else
 * runs in {@link #doWork(long)} on the edge's timer thread.
 */
public final class WebhookSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
    private static final int MAX_QUEUED = 100_000;
    private static final WebhookSender DISABLED = new WebhookSender();
    private final RaftLog log;
    private final LogClient client;
    private final WebhookSettings settings;
    private final WebhookTransport transport;
    private final Map<String, AppConfig> apps = new HashMap<>();
    private final List<ClusterEventsCursor> cursors = new ArrayList<>();
    private final List<Integer> cursorGroups = new ArrayList<>();
    private final Map<String, LocalQueue> local = new HashMap<>();
    private final AtomicInteger queued = new AtomicInteger();
    private volatile boolean[] leaderOf = new boolean[0];
    private AutoCloseable listener;
    private ScheduledFuture<?> task;
    /** Renders schema-bound client event data; set before the listener is registered. */
    private volatile ChannelSchemas schemas = ChannelSchemas.NONE;

    private WebhookSender() {
        this.log = null;
        this.client = null;
        this.settings = null;
        this.transport = null;
    }

    /**
     * Creates a sender for the apps that have webhooks; nothing runs until {@link #doWork} is called.
     *
     * @param config the edge's settings.
     * @param log the node.
     * @param client the cluster client (positions).
     * @param groupCount the number of Raft groups.
     * @param transport where POSTs go.
     * @param settings batching and retries.
     */
    WebhookSender(IngestConfig config, RaftLog log, LogClient client, int groupCount, WebhookTransport transport,
                  WebhookSettings settings) {
        this.log = log;
        this.client = client;
        this.settings = settings;
        this.transport = transport;
        for (AppConfig app : config.apps().all()) {
            if (app.webhooks().isEmpty()) {
                continue;
            }
            apps.put(app.id(), app);
            local.put(app.id(), new LocalQueue(app));
            for (int g = 0; g < groupCount; g++) {
                cursors.add(new ClusterEventsCursor(app, g, log, client, transport, settings));
                cursorGroups.add(g);
            }
        }
    }

    /**
     * Starts a sender on an edge's timer thread, if any app has webhooks.
     *
     * @param config the edge's settings.
     * @param log the node.
     * @param scheduler the timer thread; the sender's work runs there every 50 ms.
     * @return the running sender, or {@link #disabled()} if no app has webhooks.
     */
    public static WebhookSender start(IngestConfig config, RaftLog log, ScheduledExecutorService scheduler) {
        return start(config, log, scheduler, ChannelSchemas.NONE);
    }

    /**
     * Starts a sender on an edge's timer thread, if any app has webhooks, rendering the data of schema-bound
     * client events as JSON.
     *
     * @param config the edge's settings.
     * @param log the node.
     * @param scheduler the timer thread; the sender's work runs there every 50 ms.
     * @param schemas renders stored schema-bound data.
     * @return the running sender, or {@link #disabled()} if no app has webhooks.
     */
    public static WebhookSender start(IngestConfig config, RaftLog log, ScheduledExecutorService scheduler,
                                      ChannelSchemas schemas) {
        if (config.apps().all().stream().allMatch(a -> a.webhooks().isEmpty())) {
            return DISABLED;
        }
        int groups = log.localStatus().groups().size();
        WebhookSender s = new WebhookSender(config, log, log.client(), groups,
                WebhookTransport.httpClient(Duration.ofSeconds(10)), WebhookSettings.of(config));
        s.schemas = schemas;
        s.listener = log.addCommittedListener(s::onCommitted);
        s.task = scheduler.scheduleWithFixedDelay(() -> s.doWork(System.currentTimeMillis()), s.settings.pollMs(),
                s.settings.pollMs(), TimeUnit.MILLISECONDS);
        return s;
    }

    /**
     * Returns a sender that sends nothing.
     *
     * @return the shared disabled sender.
     */
    public static WebhookSender disabled() {
        return DISABLED;
    }

    /**
     * Reports that a subscriber of a cache channel on this node found nothing cached; sends {@code cache_miss}.
     * Thread-safe, never blocks; dropped (and logged) if the app has no webhooks or too much is queued.
     *
     * @param app the app id.
     * @param channel the cache channel.
     */
    public void cacheMiss(String app, String channel) {
        ObjectNode e = Json.MAPPER.createObjectNode();
        e.put("name", "cache_miss");
        e.put("channel", channel);
        enqueue(app, e);
    }

    /**
     * Receives committed events; queues {@code client_event} webhooks of the groups this node leads.
     *
     * @param events the committed events.
     */
    void onCommitted(List<ChannelEvent> events) {
        boolean[] leading = leaderOf;
        for (ChannelEvent ev : events) {
            String channel = ev.channel().channel();
            if (!ev.eventName().startsWith("client-") || channel.startsWith("#")
                    || !apps.containsKey(ev.channel().app())) {
                continue;
            }
            int g = client.groupOf(ev.channel());
            if (g >= leading.length || !leading[g]) {
                continue;
            }
            ObjectNode e = Json.MAPPER.createObjectNode();
            e.put("name", "client_event");
            e.put("channel", channel);
            e.put("event", ev.eventName());
            e.put("data", new String(schemas.render(ev.schemaId(), ev.data()), StandardCharsets.UTF_8));
            if (ev.excludeSocketId() != null) {
                e.put("socket_id", ev.excludeSocketId());
            }
            if (channel.startsWith("presence-") && ev.userId() != null) {
                e.put("user_id", ev.userId());
            }
            enqueue(ev.channel().app(), e);
        }
    }

    private void enqueue(String app, ObjectNode event) {
        LocalQueue q = local.get(app);
        if (q == null) {
            return;
        }
        if (queued.incrementAndGet() > MAX_QUEUED) {
            queued.decrementAndGet();
            LOG.warn("webhook queue full; dropped {} of app {}", event.path("name").asText(), app);
            return;
        }
        q.incoming.add(event);
    }

    /**
     * Runs one duty cycle: refreshes leadership, advances every cursor and local queue. Never throws.
     *
     * @param nowMs the current time.
     */
    void doWork(long nowMs) {
        try {
            if (log == null) {
                return;
            }
            boolean[] leading = leadership();
            leaderOf = leading;
            for (int i = 0; i < cursors.size(); i++) {
                int g = cursorGroups.get(i);
                cursors.get(i).doWork(nowMs, g < leading.length && leading[g]);
            }
            for (LocalQueue q : local.values()) {
                q.doWork(nowMs);
            }
        } catch (RuntimeException e) {
            LOG.warn("webhook duty cycle failed", e);
        }
    }

    private boolean[] leadership() {
        List<ClusterStatus.GroupStatus> groups = log.localStatus().groups();
        boolean[] leading = new boolean[groups.size()];
        for (ClusterStatus.GroupStatus g : groups) {
            if (g.group() < leading.length && !g.members().isEmpty()) {
                leading[g.group()] = "LEADER".equals(g.members().get(0).role());
            }
        }
        return leading;
    }

    @Override
    public void close() {
        if (task != null) {
            task.cancel(false);
        }
        if (listener != null) {
            try {
                listener.close();
            } catch (Exception e) {
                LOG.debug("closing the committed listener failed", e);
            }
        }
    }

    /** The node-local events of one app ({@code cache_miss}, {@code client_event}), batched; not durable. */
    private final class LocalQueue {
        private final AppConfig app;
        private final ConcurrentLinkedQueue<ObjectNode> incoming = new ConcurrentLinkedQueue<>();
        private final List<ObjectNode> pending = new ArrayList<>();
        private long firstSeenMs = -1;
        private WebhookDelivery delivery;

        LocalQueue(AppConfig app) {
            this.app = app;
        }

        void doWork(long nowMs) {
            if (delivery != null && delivery.doWork(nowMs)) {
                delivery = null;
            }
            for (ObjectNode e; pending.size() < settings.maxBatchEvents() && (e = incoming.poll()) != null; ) {
                queued.decrementAndGet();
                pending.add(e);
            }
            if (pending.isEmpty() || delivery != null) {
                return;
            }
            if (firstSeenMs < 0) {
                firstSeenMs = nowMs;
            }
            if (pending.size() >= settings.maxBatchEvents() || nowMs - firstSeenMs >= settings.batchMs()) {
                delivery = new WebhookDelivery(app, List.copyOf(pending), nowMs, transport, settings);
                pending.clear();
                firstSeenMs = -1;
                delivery.doWork(nowMs);
            }
        }
    }
}
