package io.raftbus.ingest.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.util.concurrent.EventExecutor;
import io.raftbus.ingest.AppConfig;
import io.raftbus.ingest.Apps;
import io.raftbus.ingest.internal.Json;
import io.raftbus.log.ChannelEvent;
import io.raftbus.log.ChannelKey;
import io.raftbus.log.ClusterEvents;
import io.raftbus.log.CommittedListener;
import io.raftbus.schemas.ChannelSchemas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's delivery hub: the one {@link CommittedListener} of the node, and the registry of local channel
 * subscriptions and signed-in users.
 *
 * <p>For each committed event it encodes the frame once ({@link EncodedEvent}) and offers it to every local
 * subscription of the event's channel except the excluded socket. A subscriber whose outbound buffer is over the
 * high-water mark (Netty writability) is closed with 4100; the others are not slowed. System channels:
 * <ul>
 *   <li>{@code #cluster-g<N>}: {@code member_added}/{@code member_removed} become
 *       {@code pusher_internal:member_*} for the local subscribers of that presence channel, except the
 *       connections of the same user; {@code subscription_count} becomes
 *       {@code pusher_internal:subscription_count} when the app enables it (never on presence channels);</li>
 *   <li>{@code #server-to-user-<id>}: delivered to the connections signed in as that user;</li>
 *   <li>{@value #TERMINATE_CHANNEL}: event {@value #TERMINATE_EVENT} with data {@code {"user_id":"u"}} closes
 *       every local connection signed in as that user with 4009 (published by the HTTP API).</li>
 * </ul>
 * Thread-safe: registration happens on event loops; the log dispatch thread encodes each frame once and hands
 * every event loop one {@link LoopDeliveries} task per committed entry, which writes the frames there.
 */
public final class ChannelFanout implements CommittedListener {
    /** The system channel of an app where the HTTP API asks to terminate a user's connections. */
    public static final String TERMINATE_CHANNEL = "#terminate";
    /** The event name on {@link #TERMINATE_CHANNEL}. */
    public static final String TERMINATE_EVENT = "terminate_connections";
    /** The prefix of the channels of events sent to one signed-in user. */
    public static final String SERVER_TO_USER_PREFIX = "#server-to-user-";
    private static final Logger LOG = LoggerFactory.getLogger(ChannelFanout.class);

    private final Apps apps;
    private final ChannelSchemas schemas;
    private final long flushIntervalNanos;
    private final ConcurrentHashMap<ChannelKey, Set<ChannelSubscription>> channels = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ChannelKey, Set<FanoutConnection>> users = new ConcurrentHashMap<>();

    /**
     * Creates the hub.
     *
     * @param apps the apps served (for their {@code subscription_count} switch).
     */
    public ChannelFanout(Apps apps) {
        this(apps, ChannelSchemas.NONE);
    }

    /**
     * Creates the hub with a schema check: events of bound channels are rendered as JSON (once per event).
     *
     * @param apps the apps served (for their {@code subscription_count} switch).
     * @param schemas renders stored schema-bound data.
     */
    public ChannelFanout(Apps apps, ChannelSchemas schemas) {
        this(apps, schemas, Duration.ZERO);
    }

    /**
     * Creates the hub with a schema check and a flush interval.
     *
     * @param apps the apps served (for their {@code subscription_count} switch).
     * @param schemas renders stored schema-bound data.
     * @param flushInterval the least time between two flushes of one connection ({@link Flusher}); zero flushes
     *     after every committed entry.
     */
    public ChannelFanout(Apps apps, ChannelSchemas schemas, Duration flushInterval) {
        this.apps = apps;
        this.schemas = schemas;
        this.flushIntervalNanos = flushInterval.toNanos();
    }

    /**
     * Registers a subscription in the held state (see {@link ChannelSubscription}).
     *
     * @param connection the connection.
     * @param channel the app and channel.
     * @param presenceUserId the presence user id, or null.
     * @return the subscription; call {@link ChannelSubscription#startLive(long)} once the client is ready.
     */
    public ChannelSubscription subscribe(FanoutConnection connection, ChannelKey channel, String presenceUserId) {
        ChannelSubscription s = new ChannelSubscription(connection, channel, presenceUserId);
        channels.computeIfAbsent(channel, k -> ConcurrentHashMap.newKeySet()).add(s);
        return s;
    }

    /**
     * Removes a subscription and releases what it holds. Safe to call twice.
     *
     * @param subscription the subscription.
     */
    public void unsubscribe(ChannelSubscription subscription) {
        subscription.cancel();
        channels.computeIfPresent(subscription.channel(), (k, set) -> {
            set.remove(subscription);
            return set.isEmpty() ? null : set;
        });
    }

    /**
     * Returns the number of local subscriptions of a channel.
     *
     * @param channel the channel.
     * @return the count.
     */
    public int localSubscriptions(ChannelKey channel) {
        Set<ChannelSubscription> s = channels.get(channel);
        return s == null ? 0 : s.size();
    }

    /**
     * Records that a connection is signed in as a user.
     *
     * @param app the app id.
     * @param userId the user id.
     * @param connection the connection.
     */
    public void addUser(String app, String userId, FanoutConnection connection) {
        users.computeIfAbsent(new ChannelKey(app, userId), k -> ConcurrentHashMap.newKeySet()).add(connection);
    }

    /**
     * Forgets a signed-in connection.
     *
     * @param app the app id.
     * @param userId the user id.
     * @param connection the connection.
     */
    public void removeUser(String app, String userId, FanoutConnection connection) {
        users.computeIfPresent(new ChannelKey(app, userId), (k, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }

    @Override
    public void onCommitted(List<ChannelEvent> events) {
        // The deliveries of the entry are collected per event loop and each loop gets one task that writes them
        // and then flushes each of its connections once (at most once per flush interval across entries).
        Map<EventExecutor, LoopDeliveries> byLoop = new IdentityHashMap<>();
        try {
            for (ChannelEvent e : events) {
                try {
                    dispatch(e, byLoop);
                } catch (RuntimeException ex) {
                    LOG.warn("fan-out of {} failed", e, ex);
                }
            }
        } finally {
            byLoop.forEach(ChannelFanout::hand);
        }
    }

    private static void hand(EventExecutor loop, LoopDeliveries deliveries) {
        if (loop.inEventLoop()) {
            deliveries.run();
            return;
        }
        try {
            loop.execute(deliveries);
        } catch (RejectedExecutionException ex) {
            deliveries.discard();
        }
    }

    /** Called once per delivery: a plain get, not a capturing {@code computeIfAbsent} lambda each time. */
    private LoopDeliveries deliveries(Map<EventExecutor, LoopDeliveries> byLoop, FanoutConnection c) {
        EventExecutor loop = c.channel().eventLoop();
        LoopDeliveries d = byLoop.get(loop);
        if (d == null) {
            d = new LoopDeliveries(flushIntervalNanos);
            byLoop.put(loop, d);
        }
        return d;
    }

    private void dispatch(ChannelEvent e, Map<EventExecutor, LoopDeliveries> byLoop) {
        String name = e.channel().channel();
        if (name.startsWith(ClusterEvents.CHANNEL_PREFIX)) {
            onClusterEvent(e, byLoop);
        } else if (name.startsWith(SERVER_TO_USER_PREFIX)) {
            Set<FanoutConnection> conns = users.get(new ChannelKey(e.channel().app(),
                    name.substring(SERVER_TO_USER_PREFIX.length())));
            if (conns != null) {
                EncodedEvent enc = new EncodedEvent(e.eventName(), name,
                        dataString(schemas.render(e.schemaId(), e.data())), null, 0, 0);
                try {
                    for (FanoutConnection c : conns) {
                        if (!c.socketId().equals(e.excludeSocketId())) {
                            deliveries(byLoop, c).direct(c, enc.frame(false));
                        }
                    }
                } finally {
                    enc.release();
                }
            }
        } else if (name.equals(TERMINATE_CHANNEL)) {
            if (TERMINATE_EVENT.equals(e.eventName())) {
                String user = json(e.data()).path("user_id").asText("");
                Set<FanoutConnection> conns = users.get(new ChannelKey(e.channel().app(), user));
                if (conns != null) {
                    conns.forEach(FanoutConnection::terminated);
                }
            }
        } else {
            Set<ChannelSubscription> subs = channels.get(e.channel());
            if (subs == null) {
                return;
            }
            EncodedEvent enc = new EncodedEvent(e.eventName(), name, dataString(schemas.render(e.schemaId(), e.data())),
                    e.userId(), e.offset(), e.epoch());
            try {
                for (ChannelSubscription s : subs) {
                    FanoutConnection c = s.connection();
                    if (!c.socketId().equals(e.excludeSocketId())) {
                        deliveries(byLoop, c).offer(s, enc.offset(), enc.frame(c.resume()));
                    }
                }
            } finally {
                enc.release();
            }
        }
    }

    private void onClusterEvent(ChannelEvent e, Map<EventExecutor, LoopDeliveries> byLoop) {
        JsonNode data = json(e.data());
        String channel = data.path("channel").asText(null);
        if (channel == null) {
            return;
        }
        Set<ChannelSubscription> subs = channels.get(new ChannelKey(e.channel().app(), channel));
        if (subs == null) {
            return;
        }
        String user = data.path("user_id").asText(null);
        String payload;
        String event;
        switch (e.eventName()) {
            case ClusterEvents.MEMBER_ADDED -> {
                event = "pusher_internal:member_added";
                JsonNode info = data.get("user_info");
                payload = "{\"user_id\":" + Json.quote(user) + ",\"user_info\":"
                        + (info == null ? "{}" : info.toString()) + "}";
            }
            case ClusterEvents.MEMBER_REMOVED -> {
                event = "pusher_internal:member_removed";
                payload = "{\"user_id\":" + Json.quote(user) + "}";
            }
            case ClusterEvents.SUBSCRIPTION_COUNT -> {
                AppConfig app = apps.byId(e.channel().app());
                if (app == null || !app.subscriptionCount() || channel.startsWith("presence-")) {
                    return;
                }
                event = "pusher_internal:subscription_count";
                payload = "{\"subscription_count\":" + data.path("subscription_count").asLong() + "}";
                user = null;
            }
            default -> {
                return;
            }
        }
        EncodedEvent enc = new EncodedEvent(event, channel, Json.quote(payload), null, 0, 0);
        try {
            for (ChannelSubscription s : subs) {
                if (user == null || !user.equals(s.presenceUserId())) {
                    deliveries(byLoop, s.connection()).offer(s, 0, enc.frame(s.connection().resume()));
                }
            }
        } finally {
            enc.release();
        }
    }

    /**
     * Returns event data as the JSON string Pusher puts in {@code data}.
     *
     * @param data the UTF-8 payload.
     * @return a quoted JSON string.
     */
    public static String dataString(byte[] data) {
        return Json.quote(new String(data, StandardCharsets.UTF_8));
    }

    private static JsonNode json(byte[] data) {
        try {
            JsonNode n = Json.MAPPER.readTree(data);
            return n == null ? Json.MAPPER.missingNode() : n;
        } catch (IOException ex) {
            return Json.MAPPER.missingNode();
        }
    }
}
