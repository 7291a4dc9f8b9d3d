package io.raftbus.ingest.pusher;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.raftbus.ingest.fanout.ChannelFanout;
import io.raftbus.ingest.fanout.ChannelSubscription;
import io.raftbus.ingest.fanout.EncodedEvent;
import io.raftbus.log.ChannelEvent;
import io.raftbus.log.ChannelKey;
import io.raftbus.log.LatestOffset;
import io.raftbus.log.ReadResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Brings a held subscription live: sends {@code pusher_internal:subscription_succeeded}, then the cached event of a
 * cache channel (or {@code pusher:cache_miss}), or for a resume client the replay of the gap it asked for, then
 * releases the live events queued meanwhile, skipping offsets already sent. The cached event is read
 * linearizably (through the leader, so an event acknowledged to a publisher on any node is the one sent), or
 * from this node's replica if the leader cannot answer.
 *
 * <p>Durable resume (opt-in with the query parameter {@code raftbus_resume=1}): {@code subscription_succeeded}
 * and every channel event carry a top-level {@code "raftbus":{"offset":N,"epoch":E}}; a {@code pusher:subscribe}
 * whose data has {@code "resume":{"offset":N,"epoch":E}} gets exactly N+1..latest from the log before live
 * events, or an event {@code raftbus:resume_failed} with data {@code {"reason":"expired"|"epoch_changed"|
 * "too_many","oldest":O,"offset":L,"epoch":E}}, then live events. All or nothing per channel. Event loop only.
 */
final class SubscriptionStarter {
    /** How old a cache channel's last event may be and still be sent (Pusher: 30 minutes). */
    static final long CACHE_TTL_MS = 30 * 60 * 1000L;
    private static final int READ_BATCH = 1000;
    private final PusherNode node;
    private final PusherConnection conn;

    SubscriptionStarter(PusherNode node, PusherConnection conn) {
        this.node = node;
        this.conn = conn;
    }

    void succeeded(String channel, String data) {
        send(PusherEventPublisher.event("pusher_internal:subscription_succeeded", channel,
                data == null ? "{}" : data));
    }

    void start(ChannelSubscription sub, String roster, JsonNode resume) {
        ChannelKey key = sub.channel();
        String channel = key.channel();
        LatestOffset latest = node.log().latestLocal(key);
        String ok = PusherEventPublisher.event("pusher_internal:subscription_succeeded", channel,
                roster == null ? "{}" : roster);
        if (conn.resume()) {
            ok = ok.substring(0, ok.length() - 1) + ",\"raftbus\":{\"offset\":" + latest.newest() + ",\"epoch\":"
                    + latest.epoch() + "}}";
        }
        send(ok);
        long delivered = 0;
        if (conn.resume()) {
            delivered = latest.newest();
            if (resume != null && resume.isObject()) {
                delivered = replay(sub, latest, resume.path("offset").asLong(-1), resume.path("epoch").asLong(-1));
                sub.startLive(delivered);
                return;
            }
        }
        if (isCache(channel)) {
            // The cached event is read linearizably (through the leader): this node's replica may not have
            // applied an event the publisher already has an answer for, and a late subscriber must get that one.
            long already = delivered;
            node.log().client().latest(key)
                    .thenCompose(l -> hasEvents(l) ? node.log().client().read(key, l.newest(), 1)
                            : CompletableFuture.completedFuture((ReadResult) null))
                    .whenComplete((r, error) -> onEventLoop(() -> sub.startLive(Math.max(already,
                            sendCached(sub, error == null ? r : readCachedLocally(sub, latest))))));
            return;
        }
        sub.startLive(delivered);
    }

    private void onEventLoop(Runnable task) {
        if (conn.channel().eventLoop().inEventLoop()) {
            task.run();
        } else {
            conn.channel().eventLoop().execute(task);
        }
    }

    /** The cached event from this node's replica, when the leader cannot be asked. */
    private ReadResult readCachedLocally(ChannelSubscription sub, LatestOffset latest) {
        return hasEvents(latest) ? node.log().readLocal(sub.channel(), latest.newest(), 1) : null;
    }

    /** Whether a channel extent holds at least one event (retention may have removed them all). */
    private static boolean hasEvents(LatestOffset l) {
        return l.newest() > 0 && l.oldest() <= l.newest();
    }

    private long replay(ChannelSubscription sub, LatestOffset latest, long from, long epoch) {
        String channel = sub.channel().channel();
        if (from < 0) {
            return failed(channel, "invalid", latest);
        }
        if (latest.newest() == 0 || from >= latest.newest()) {
            return Math.max(from, latest.newest());
        }
        if (epoch != latest.epoch()) {
            return failed(channel, "epoch_changed", latest);
        }
        if (latest.newest() - from > node.config().resumeMaxEvents()) {
            return failed(channel, "too_many", latest);
        }
        List<ChannelEvent> gap = new ArrayList<>();
        long next = from + 1;
        while (next <= latest.newest()) {
            int max = (int) Math.min(READ_BATCH, latest.newest() - next + 1);
            ReadResult r = node.log().readLocal(sub.channel(), next, max);
            if (r instanceof ReadResult.Expired x) {
                return failed(channel, "expired", new LatestOffset(latest.newest(), latest.epoch(),
                        x.oldestOffset()));
            }
            ReadResult.Events ev = (ReadResult.Events) r;
            if (ev.events().isEmpty()) {
                break;
            }
            gap.addAll(ev.events());
            next = ev.nextOffset();
        }
        long last = from;
        for (ChannelEvent e : gap) {
            deliver(sub, e);
            last = e.offset();
        }
        return last;
    }

    private long failed(String channel, String reason, LatestOffset latest) {
        send(PusherEventPublisher.event("raftbus:resume_failed", channel, "{\"reason\":\"" + reason
                + "\",\"oldest\":" + latest.oldest() + ",\"offset\":" + latest.newest() + ",\"epoch\":"
                + latest.epoch() + "}"));
        return latest.newest();
    }

    /** Sends the channel's last event if there is one younger than the TTL, else {@code pusher:cache_miss}. */
    private long sendCached(ChannelSubscription sub, ReadResult r) {
        if (r instanceof ReadResult.Events ev && !ev.events().isEmpty()) {
            ChannelEvent e = ev.events().get(0);
            if (node.currentTimeMillis() - e.timestampMs() <= CACHE_TTL_MS) {
                deliver(sub, e);
                return e.offset();
            }
        }
        send("{\"event\":\"pusher:cache_miss\",\"channel\":" + io.raftbus.ingest.internal.Json.quote(
                sub.channel().channel()) + "}");
        node.cacheMissListener().onCacheMiss(conn.app().id(), sub.channel().channel());
        return 0;
    }

    private void deliver(ChannelSubscription sub, ChannelEvent e) {
        EncodedEvent enc = new EncodedEvent(e.eventName(), e.channel().channel(),
                ChannelFanout.dataString(node.schemas().render(e.schemaId(), e.data())), e.userId(), e.offset(),
                e.epoch());
        try {
            sub.deliver(enc);
        } finally {
            enc.release();
        }
    }

    static boolean isCache(String channel) {
        return channel.startsWith("cache-") || channel.startsWith("private-cache-")
                || channel.startsWith("private-encrypted-cache-") || channel.startsWith("presence-cache-");
    }

    private void send(String text) {
        conn.channel().writeAndFlush(new TextWebSocketFrame(text));
    }
}
