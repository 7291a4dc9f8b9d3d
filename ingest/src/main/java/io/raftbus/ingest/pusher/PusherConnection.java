package io.raftbus.ingest.pusher;

import io.netty.channel.Channel;
import io.raftbus.ingest.AppConfig;
import io.raftbus.ingest.fanout.ChannelSubscription;
import io.raftbus.ingest.fanout.FanoutConnection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one Pusher WebSocket connection: its app, socket id, signed-in user and subscriptions.
 *
 * <p>Threading: the mutable fields are changed only on the connection's event loop; {@link #userId()} is
 * volatile because the fan-out reads it from dispatch threads.
 */
public final class PusherConnection implements FanoutConnection {
    private static final Logger LOG = LoggerFactory.getLogger(PusherConnection.class);
    private final Channel channel;
    private final AppConfig app;
    private final String socketId;
    private final boolean resume;
    private final Map<String, Joined> subscriptions = new HashMap<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile String userId;
    private String userInfo;
    private long rateWindowStartNs;
    private int rateCount;

    /**
     * One channel the connection joined.
     *
     * @param subscription the fan-out subscription, or null for {@code #server-to-user-} channels.
     * @param presenceUserId the presence user id, or null.
     */
    public record Joined(ChannelSubscription subscription, String presenceUserId) {
    }

    /**
     * Creates the state.
     *
     * @param channel the Netty channel.
     * @param app the app.
     * @param socketId the socket id.
     * @param resume whether the client opted in to durable resume.
     */
    public PusherConnection(Channel channel, AppConfig app, String socketId, boolean resume) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.app = Objects.requireNonNull(app, "app");
        this.socketId = Objects.requireNonNull(socketId, "socketId");
        this.resume = resume;
    }

    @Override
    public Channel channel() {
        return channel;
    }

    /**
     * Returns the app.
     *
     * @return the app.
     */
    public AppConfig app() {
        return app;
    }

    @Override
    public String socketId() {
        return socketId;
    }

    @Override
    public boolean resume() {
        return resume;
    }

    /**
     * Returns the signed-in user id.
     *
     * @return the id, or null if not signed in.
     */
    public String userId() {
        return userId;
    }

    /**
     * Returns the signed-in user's {@code user_info} JSON.
     *
     * @return the JSON, or null.
     */
    public String userInfo() {
        return userInfo;
    }

    /**
     * Records the signed-in user.
     *
     * @param id the user id.
     * @param info the {@code user_info} JSON, or null.
     */
    public void signedIn(String id, String info) {
        this.userId = id;
        this.userInfo = info;
    }

    /**
     * Returns the channels joined, by name (event loop only).
     *
     * @return the live map.
     */
    public Map<String, Joined> subscriptions() {
        return subscriptions;
    }

    /**
     * Counts a client event against the per-second limit (event loop only).
     *
     * @param nowNs the monotonic time.
     * @param perSecond the limit.
     * @return false if the event is over the limit.
     */
    public boolean tryClientEvent(long nowNs, int perSecond) {
        if (rateCount == 0 || nowNs - rateWindowStartNs >= 1_000_000_000L) {
            rateWindowStartNs = nowNs;
            rateCount = 0;
        }
        if (rateCount >= perSecond) {
            return false;
        }
        rateCount++;
        return true;
    }

    @Override
    public void overCapacity() {
        if (!closing.get()) {
            LOG.info("connection {} ({}): closing with 4100, its outbound buffer is over the high-water mark of {} "
                    + "bytes ({} must drain): the client reads slower than its channels publish", channel.id(),
                    socketId, channel.config().getWriteBufferHighWaterMark(), channel.bytesBeforeWritable());
        }
        closeWith(PusherError.OVER_CAPACITY);
    }

    @Override
    public void terminated() {
        closeWith(PusherError.TERMINATED);
    }

    private void closeWith(PusherError error) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        channel.eventLoop().execute(() -> {
            if (channel.isActive()) {
                PusherErrorHandler.report(channel, new PusherProtocolException(error));
            }
        });
    }
}
