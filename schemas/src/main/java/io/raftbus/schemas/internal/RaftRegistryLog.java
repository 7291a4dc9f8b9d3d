package io.raftbus.schemas.internal;

import io.raftbus.log.ChannelEvent;
import io.raftbus.log.ChannelKey;
import io.raftbus.log.ChannelListener;
import io.raftbus.log.LatestOffset;
import io.raftbus.log.PublishCommand;
import io.raftbus.log.PublishResult;
import io.raftbus.log.RaftLog;
import io.raftbus.log.Subscription;
import java.util.concurrent.CompletableFuture;

/** The registry's channel in a raftbus node's log: publishes through the node's client, folds its replica. */
final class RaftRegistryLog implements RegistryLog {
    /** The event name of every command. */
    static final String EVENT = "registry-command";

    private final RaftLog log;
    private final ChannelKey channel;

    RaftRegistryLog(RaftLog log, ChannelKey channel) {
        this.log = log;
        this.channel = channel;
    }

    @Override
    public CompletableFuture<Long> append(String idempotencyKey, byte[] data) {
        PublishCommand c = new PublishCommand(channel, EVENT, data, idempotencyKey, null, PublishCommand.NO_SCHEMA);
        return log.client().publish(c).thenApply(PublishResult::offset);
    }

    @Override
    public CompletableFuture<Long> newestOffset() {
        return log.client().latest(channel).thenApply(LatestOffset::newest);
    }

    @Override
    public Subscription subscribe(long fromOffset, EntryListener listener) {
        return log.subscribe(channel, fromOffset, new ChannelListener() {
            @Override
            public void onEvent(ChannelEvent event) {
                listener.onEntry(event.offset(), event.data());
            }

            @Override
            public void onExpired(long missedFrom, long oldestOffset) {
                listener.onGap(missedFrom, oldestOffset);
            }
        });
    }
}
