package io.raftbus.log.internal;

import io.raftbus.log.ChannelCount;
import io.raftbus.log.ChannelKey;
import io.raftbus.log.ClusterStatus;
import io.raftbus.log.LatestOffset;
import io.raftbus.log.LogClient;
import io.raftbus.log.OccupancyReport;
import io.raftbus.log.LogException;
import io.raftbus.log.MemberCount;
import io.raftbus.log.PeerAddress;
import io.raftbus.log.PositionUpdate;
import io.raftbus.log.PublishCommand;
import io.raftbus.log.PublishResult;
import io.raftbus.log.RaftLogConfig;
import io.raftbus.log.ReadResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.proto.RaftProtos.CommitInfoProto;
import org.apache.ratis.protocol.GroupInfoReply;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.ReadIndexException;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;

/** The only implementation of {@link LogClient}: one Ratis client and one group-commit publisher per group. */
public final class LogClientImpl implements LogClient {
    private final RaftLogConfig config;
    private final RaftClients clients;
    private final List<GroupCommitPublisher> publishers = new ArrayList<>();

    /**
     * Creates clients for every group of a cluster.
     *
     * @param config the cluster config.
     */
    public LogClientImpl(RaftLogConfig config) {
        this.config = config;
        this.clients = new RaftClients(config);
        for (int i = 0; i < config.groupCount(); i++) {
            String owner = config.nodeId() == null ? "client" : config.nodeId();
            publishers.add(new GroupCommitPublisher("raftbus-publish-" + owner + "-g" + i, clients, i,
                    config.maxBatchBytes(),
                    config.batchLinger().toNanos(), config.maxInFlightEntries()));
        }
    }

    @Override
    public CompletableFuture<PublishResult> publish(PublishCommand command) {
        try {
            ChannelLogStateMachine.validate(command, config.maxEventBytes());
        } catch (LogException e) {
            return CompletableFuture.failedFuture(e);
        }
        return publishers.get(groupOf(command.channel())).publish(command);
    }

    /**
     * Appends a tick to a group; the node's scheduler calls this on the groups it leads.
     *
     * @param group the group.
     * @return completes when the tick is applied.
     */
    public CompletableFuture<Void> tick(int group) {
        return write(group, EntryCodec.encodeTick(0), r -> null);
    }

    @Override
    public CompletableFuture<ReadResult> read(ChannelKey channel, long fromOffset, int max) {
        return query(groupOf(channel), QueryCodec.read(channel, fromOffset, max),
                b -> QueryCodec.decodeRead(channel, b));
    }

    @Override
    public CompletableFuture<LatestOffset> latest(ChannelKey channel) {
        return query(groupOf(channel), QueryCodec.latest(channel),
                b -> new LatestOffset(b.getLong(), b.getLong(), b.getLong()));
    }

    @Override
    public CompletableFuture<PositionUpdate> compareAndSetPosition(String consumer, long expected, long next) {
        return write(Groups.groupOfConsumer(consumer, config.groupCount()),
                EntryCodec.encodeSetPosition(0, consumer, expected, next),
                b -> new PositionUpdate(b.get() == 1, b.getLong()));
    }

    @Override
    public CompletableFuture<Long> position(String consumer) {
        return query(Groups.groupOfConsumer(consumer, config.groupCount()), QueryCodec.position(consumer),
                ByteBuffer::getLong);
    }

    @Override
    public int groupOf(ChannelKey channel) {
        return Groups.groupOf(channel, config.groupCount());
    }

    private <T> CompletableFuture<T> write(int group, byte[] entry, Function<ByteBuffer, T> decode) {
        RaftClient c = clients.get(group);
        return c.async().send(Message.valueOf(UnsafeByteOperations.unsafeWrap(entry)))
                .handle((reply, ex) -> decodeReply(group, c, reply, ex, decode));
    }

    private <T> CompletableFuture<T> query(int group, byte[] query, Function<ByteBuffer, T> decode) {
        return query(group, query, decode, config.clientRetries());
    }

    /**
     * A read is safe to repeat, so one refused because the asked server does not know a leader yet (right after
     * an election: Ratis answers {@link ReadIndexException} instead of redirecting) is tried again after the
     * client's retry sleep, up to the client's retry budget.
     */
    private <T> CompletableFuture<T> query(int group, byte[] query, Function<ByteBuffer, T> decode, int retries) {
        RaftClient c = clients.get(group);
        CompletableFuture<T> result = new CompletableFuture<>();
        c.async().sendReadOnly(Message.valueOf(UnsafeByteOperations.unsafeWrap(query))).whenComplete((reply, ex) -> {
            Throwable failure = ex != null ? ex : reply.isSuccess() ? null : reply.getException();
            if (retries > 0 && leaderUnknown(failure)) {
                CompletableFuture.delayedExecutor(RatisConfig.RETRY_SLEEP_MS, TimeUnit.MILLISECONDS)
                        .execute(() -> query(group, query, decode, retries - 1).whenComplete((v, e) -> {
                            if (e != null) {
                                result.completeExceptionally(e);
                            } else {
                                result.complete(v);
                            }
                        }));
                return;
            }
            try {
                result.complete(decodeReply(group, c, reply, ex, decode));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private static boolean leaderUnknown(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ReadIndexException || c instanceof LeaderNotReadyException) {
                return true;
            }
        }
        return false;
    }

    private <T> T decodeReply(int group, RaftClient c, RaftClientReply reply, Throwable ex,
                              Function<ByteBuffer, T> decode) {
        if (ex != null || !reply.isSuccess()) {
            clients.replaceIfBroken(group, c, ex);
            throw Errors.map(reply, ex);
        }
        return decode.apply(reply.getMessage().getContent().asReadOnlyByteBuffer());
    }

    @Override
    public CompletableFuture<Boolean> report(OccupancyReport report) {
        try {
            ChannelLogStateMachine.validate(report);
        } catch (LogException e) {
            return CompletableFuture.failedFuture(e);
        }
        int groups = config.groupCount();
        List<List<ChannelCount>> channels = new ArrayList<>();
        List<List<MemberCount>> members = new ArrayList<>();
        for (int i = 0; i < groups; i++) {
            channels.add(new ArrayList<>());
            members.add(new ArrayList<>());
        }
        for (ChannelCount c : report.channels()) {
            channels.get(groupOf(c.channel())).add(c);
        }
        for (MemberCount m : report.members()) {
            members.get(groupOf(m.channel())).add(m);
        }
        // Every group hears from the node, even with nothing to change there, so no group expires a live node.
        List<CompletableFuture<Boolean>> replies = new ArrayList<>();
        for (int i = 0; i < groups; i++) {
            OccupancyReport part = new OccupancyReport(report.nodeId(), report.nodeTimeoutMs(), report.full(),
                    channels.get(i), members.get(i));
            replies.add(write(i, EntryCodec.encodeOccupancy(0, part), b -> b.get() == 1));
        }
        return CompletableFuture.allOf(replies.toArray(new CompletableFuture<?>[0]))
                .thenApply(v -> replies.stream().allMatch(CompletableFuture::join));
    }

    @Override
    public ClusterStatus status() {
        List<ClusterStatus.GroupStatus> groups = new ArrayList<>();
        for (int i = 0; i < config.groupCount(); i++) {
            List<ClusterStatus.MemberStatus> members = new ArrayList<>();
            for (PeerAddress p : config.peers()) {
                members.add(memberStatus(i, p));
            }
            groups.add(new ClusterStatus.GroupStatus(i, Groups.groupId(i).getUuid().toString(), members));
        }
        return new ClusterStatus(groups);
    }

    private ClusterStatus.MemberStatus memberStatus(int group, PeerAddress p) {
        // A status call asks each member once, without retries, so an unreachable node costs one timeout.
        try (RaftClient admin = RaftClients.askOnce(config, group)) {
            GroupInfoReply r = admin.getGroupManagementApi(RaftPeerId.valueOf(p.id())).info(Groups.groupId(group));
            long commit = -1;
            for (CommitInfoProto ci : r.getCommitInfos()) {
                if (ci.getServer().getId().toStringUtf8().equals(p.id())) {
                    commit = ci.getCommitIndex();
                }
            }
            var log = r.getLogInfoProto();
            long applied = log.hasApplied() ? log.getApplied().getIndex() : -1;
            long snapshot = log.hasLastSnapshot() ? log.getLastSnapshot().getIndex() : -1;
            if (log.hasCommitted()) {
                commit = log.getCommitted().getIndex();
            }
            return new ClusterStatus.MemberStatus(p.id(), r.getRoleInfoProto().getRole().name(),
                    log.hasLastEntry() ? log.getLastEntry().getTerm() : -1, commit, applied, snapshot);
        } catch (IOException | RuntimeException e) {
            return new ClusterStatus.MemberStatus(p.id(), "UNREACHABLE", -1, -1, -1, -1);
        }
    }

    @Override
    public void close() {
        for (GroupCommitPublisher p : publishers) {
            p.close();
        }
        clients.close();
    }
}
