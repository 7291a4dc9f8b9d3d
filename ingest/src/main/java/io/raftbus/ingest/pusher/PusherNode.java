package io.raftbus.ingest.pusher;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.raftbus.ingest.AppConfig;
import io.raftbus.ingest.IngestConfig;
import io.raftbus.ingest.fanout.ChannelFanout;
import io.raftbus.ingest.presence.OccupancyReporter;
import io.raftbus.log.RaftLog;
import io.raftbus.schemas.ChannelSchemas;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the WebSocket edge of one node shares across connections: the fan-out, the occupancy reporter, socket
 * ids, per-app connection counts, clocks and the cache-miss hook.
 *
 * <p>Lifecycle: {@link #start(ScheduledExecutorService)} registers the fan-out with the log and starts the
 * occupancy duty cycle; {@link #close()} undoes both. Thread-safe.
 */
public final class PusherNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PusherNode.class);
    private final IngestConfig config;
    private final RaftLog log;
    private final ChannelSchemas schemas;
    private final ChannelFanout fanout;
    private final OccupancyReporter reporter;
    private final SocketIds socketIds;
    private final LongSupplier nanoClock;
    private final LongSupplier wallClockMs;
    private final ConcurrentHashMap<String, AtomicInteger> connections = new ConcurrentHashMap<>();
    private final ChannelGroup open = new DefaultChannelGroup("pusher-connections", GlobalEventExecutor.INSTANCE);
    private volatile CacheMissListener cacheMissListener = CacheMissListener.NONE;
    private AutoCloseable committedHandle;
    private ScheduledFuture<?> duty;

    /**
     * Creates the node's WebSocket services with the system clocks.
     *
     * @param config the edge settings.
     * @param log the node's log.
     */
    public PusherNode(IngestConfig config, RaftLog log) {
        this(config, log, ChannelSchemas.NONE);
    }

    /**
     * Creates the node's WebSocket services with the system clocks and a schema check.
     *
     * @param config the edge settings.
     * @param log the node's log.
     * @param schemas the schema check of bound channels.
     */
    public PusherNode(IngestConfig config, RaftLog log, ChannelSchemas schemas) {
        this(config, log, System::nanoTime, System::currentTimeMillis, schemas);
    }

    /**
     * Creates the node's WebSocket services.
     *
     * @param config the edge settings.
     * @param log the node's log.
     * @param nanoClock the monotonic clock (timeouts, rate limits).
     * @param wallClockMs the wall clock (cache channel age).
     */
    public PusherNode(IngestConfig config, RaftLog log, LongSupplier nanoClock, LongSupplier wallClockMs) {
        this(config, log, nanoClock, wallClockMs, ChannelSchemas.NONE);
    }

    /**
     * Creates the node's WebSocket services.
     *
     * @param config the edge settings.
     * @param log the node's log.
     * @param nanoClock the monotonic clock (timeouts, rate limits).
     * @param wallClockMs the wall clock (cache channel age).
     * @param schemas the schema check of bound channels: client events are validated, stored events rendered.
     */
    public PusherNode(IngestConfig config, RaftLog log, LongSupplier nanoClock, LongSupplier wallClockMs,
                      ChannelSchemas schemas) {
        this.config = Objects.requireNonNull(config, "config");
        this.log = Objects.requireNonNull(log, "log");
        this.schemas = Objects.requireNonNull(schemas, "schemas");
        this.fanout = new ChannelFanout(config.apps(), schemas, config.flushInterval());
        this.reporter = new OccupancyReporter(log.client(), log.nodeId(), config.nodeTimeout().toMillis(),
                config.reportInterval().toMillis());
        this.socketIds = new SocketIds(log.nodeId());
        this.nanoClock = nanoClock;
        this.wallClockMs = wallClockMs;
    }

    /**
     * Registers the fan-out and starts the occupancy reports.
     *
     * @param scheduler the edge's timer thread.
     */
    public synchronized void start(ScheduledExecutorService scheduler) {
        committedHandle = log.addCommittedListener(fanout);
        long period = Math.max(10, Math.min(250, config.reportInterval().toMillis() / 4));
        duty = scheduler.scheduleAtFixedRate(() -> {
            try {
                reporter.doWork(wallClockMs.getAsLong());
            } catch (RuntimeException e) {
                LOG.warn("occupancy duty cycle failed", e);
            }
        }, 0, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Tracks an accepted connection so that {@link #close()} can close it; it leaves the group when it closes.
     *
     * @param ch the connection.
     */
    public void opened(Channel ch) {
        open.add(ch);
    }

    /** Stops the duty cycle and the fan-out, and closes every connection with 4200 (clients reconnect at once). */
    @Override
    public synchronized void close() {
        for (Channel ch : open) {
            ch.writeAndFlush(new CloseWebSocketFrame(4200, "Server shutting down"))
                    .addListener(ChannelFutureListener.CLOSE);
        }
        if (duty != null) {
            duty.cancel(false);
        }
        if (committedHandle != null) {
            try {
                committedHandle.close();
            } catch (Exception e) {
                LOG.debug("removing the fan-out listener failed", e);
            }
        }
    }

    /**
     * Returns the edge settings.
     *
     * @return the config.
     */
    public IngestConfig config() {
        return config;
    }

    /**
     * Returns the node's log.
     *
     * @return the log.
     */
    public RaftLog log() {
        return log;
    }

    /**
     * Returns the schema check of bound channels.
     *
     * @return the check, {@link ChannelSchemas#NONE} when no channel is bound.
     */
    public ChannelSchemas schemas() {
        return schemas;
    }

    /**
     * Returns the fan-out.
     *
     * @return the fan-out.
     */
    public ChannelFanout fanout() {
        return fanout;
    }

    /**
     * Returns the occupancy reporter.
     *
     * @return the reporter.
     */
    public OccupancyReporter reporter() {
        return reporter;
    }

    /**
     * Returns a new socket id.
     *
     * @return the id.
     */
    public String nextSocketId() {
        return socketIds.next();
    }

    /**
     * Returns the monotonic clock.
     *
     * @return nanoseconds.
     */
    public long nanoTime() {
        return nanoClock.getAsLong();
    }

    /**
     * Returns the wall clock.
     *
     * @return milliseconds since the epoch.
     */
    public long currentTimeMillis() {
        return wallClockMs.getAsLong();
    }

    /**
     * Returns the cache-miss hook.
     *
     * @return the listener, never null.
     */
    public CacheMissListener cacheMissListener() {
        return cacheMissListener;
    }

    /**
     * Sets the cache-miss hook (the webhook capability calls this once at start-up).
     *
     * @param listener the listener.
     */
    public void cacheMissListener(CacheMissListener listener) {
        this.cacheMissListener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Takes a connection slot of an app on this node.
     *
     * @param app the app.
     * @return false if the app is at its {@code maxConnections}; the caller refuses with 4004.
     */
    public boolean tryAcquireConnection(AppConfig app) {
        AtomicInteger n = connections.computeIfAbsent(app.id(), k -> new AtomicInteger());
        int max = app.limits().maxConnections();
        while (true) {
            int cur = n.get();
            if (max >= 0 && cur >= max) {
                return false;
            }
            if (n.compareAndSet(cur, cur + 1)) {
                return true;
            }
        }
    }

    /**
     * Gives back a connection slot.
     *
     * @param app the app.
     */
    public void releaseConnection(AppConfig app) {
        connections.computeIfAbsent(app.id(), k -> new AtomicInteger()).decrementAndGet();
    }
}
