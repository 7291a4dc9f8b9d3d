package io.raftbus.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftbus.log.ChannelEvent;
import io.raftbus.log.ChannelKey;
import io.raftbus.log.ClusterStatus;
import io.raftbus.log.LogClient;
import io.raftbus.log.LogException;
import io.raftbus.log.PublishCommand;
import io.raftbus.log.PublishResult;
import io.raftbus.log.ReadResult;
import io.raftbus.log.internal.Groups;
import io.raftbus.log.internal.QueryCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeerId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes run as separate processes and are killed with SIGKILL while a publisher retries with idempotency keys:
 * first the leader, then every node at once. RocksDB's own WAL is off, so this checks that recovery from the
 * newest checkpoint plus Raft log replay loses no acknowledged event: every acknowledged event is present
 * exactly once, in order, on every node.
 */
@Timeout(300)
class NodeProcessKillIT {
    @TempDir
    Path dir;

    @Test
    void shouldLoseNoAcknowledgedEventWhenNodesAreKilledWithSigkill() throws Exception {
        try (NodeProcesses nodes = new NodeProcesses(dir, 3, 1)) {
            nodes.startAll();
            try (LogClient client = LogClient.connect(nodes.clientConfig())) {
                List<String> acked = new ArrayList<>();
                AtomicBoolean stop = new AtomicBoolean();
                List<Throwable> failure = new ArrayList<>();
                Thread publisher = new Thread(() -> {
                    try {
                        for (int i = 0; !stop.get() && i < 100_000; i++) {
                            PublishResult r = publishUntilAcked(client, i);
                            synchronized (acked) {
                                assertThat(r.offset()).isEqualTo(acked.size() + 1L);
                                acked.add("v" + i);
                            }
                        }
                    } catch (Throwable t) {
                        failure.add(t);
                    }
                });
                publisher.start();
                awaitAcked(acked, 300);
                nodes.kill(leaderIndex(client, nodes));
                int atKill = size(acked);
                awaitAcked(acked, atKill + 300);
                for (int i = 0; i < 3; i++) {
                    if (!isRunning(nodes, i, client)) {
                        nodes.start(i);
                    }
                }
                int atRestart = size(acked);
                awaitAcked(acked, atRestart + 300);
                nodes.killAll();
                nodes.startAll();
                int atFullKill = size(acked);
                awaitAcked(acked, atFullKill + 200);
                stop.set(true);
                publisher.join(120_000);
                assertThat(failure).isEmpty();
                for (int n = 0; n < 3; n++) {
                    assertThat(readAllFrom(nodes, n, acked.size())).as("node %d", n).isEqualTo(acked);
                }
            }
        }
    }

    static PublishResult publishUntilAcked(LogClient client, int i) throws InterruptedException {
        return publishUntilAcked(client, i, "v" + i);
    }

    /** Publishes {@code data} to app/kill with the idempotency key {@code k<i>} until it is acknowledged. */
    static PublishResult publishUntilAcked(LogClient client, int i, String data) throws InterruptedException {
        PublishCommand c = PublishCommand.of("app", "kill", "e", data.getBytes(StandardCharsets.UTF_8))
                .withIdempotencyKey("k" + i);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            try {
                return client.publish(c).get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                if (e instanceof ExecutionException && !(e.getCause() instanceof LogException)) {
                    throw new AssertionError(e);
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("never acknowledged: " + i);
    }

    private static int size(List<String> acked) {
        synchronized (acked) {
            return acked.size();
        }
    }

    private static void awaitAcked(List<String> acked, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (size(acked) < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + size(acked) + " of " + n + " events acknowledged in time");
            }
            Thread.sleep(20);
        }
    }

    static int leaderIndex(LogClient client, NodeProcesses nodes) throws InterruptedException {
        for (int attempt = 0; attempt < 200; attempt++) {
            for (ClusterStatus.MemberStatus m : client.status().groups().get(0).members()) {
                if (m.role().equals("LEADER")) {
                    return nodes.indexOf(m.nodeId());
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no leader");
    }

    private static boolean isRunning(NodeProcesses nodes, int i, LogClient client) {
        return !client.status().groups().get(0).members().get(i).role().equals("UNREACHABLE");
    }

    /** Reads the channel from one node's own replica with a linearizable follower read. */
    static List<String> readAllFrom(NodeProcesses nodes, int n, int expected) throws Exception {
        ChannelKey ch = new ChannelKey("app", "kill");
        RaftPeerId server = RaftPeerId.valueOf(nodes.peer(n).id());
        List<String> out = new ArrayList<>();
        try (RaftClient raw = RaftClient.newBuilder().setProperties(new RaftProperties())
                .setRaftGroup(Groups.group(0, nodes.clientConfig().peers())).build()) {
            long from = 1;
            for (int round = 0; round < 10_000 && out.size() < expected; round++) {
                RaftClientReply reply = raw.io().sendReadOnly(Message.valueOf(
                        org.apache.ratis.thirdparty.com.google.protobuf.ByteString.copyFrom(
                                QueryCodec.read(ch, from, 1000))), server);
                ReadResult r = QueryCodec.decodeRead(ch, reply.getMessage().getContent().asReadOnlyByteBuffer());
                List<ChannelEvent> events = ((ReadResult.Events) r).events();
                if (events.isEmpty()) {
                    break;
                }
                for (ChannelEvent e : events) {
                    out.add(new String(e.data(), StandardCharsets.UTF_8));
                }
                from = ((ReadResult.Events) r).nextOffset();
            }
        }
        return out;
    }
}
