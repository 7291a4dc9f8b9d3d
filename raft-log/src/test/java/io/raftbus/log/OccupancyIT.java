package io.raftbus.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftbus.log.internal.RaftLogNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two edges report presence members through the log of a 3-node cluster: every node answers the same members;
 * when one edge stops reporting, its members are removed after its timeout and {@code member_removed} lands in
 * {@code #cluster-g0} on every replica, while the group-0 leader is killed and restarted on the way.
 */
@Timeout(180)
class OccupancyIT {
    private static final long DEAD_EDGE_TIMEOUT_MS = 2_000;
    private static final long LIVE_EDGE_TIMEOUT_MS = 15_000;

    @TempDir
    Path dir;

    @Test
    void shouldRemoveADeadEdgesMembersOnEveryReplicaWhenItsTimeoutPassesAcrossALeaderKill() throws Exception {
        try (TestCluster c = TestCluster.start(3, 2, dir, b -> b.tickInterval(Duration.ofMillis(200)));
                LogClient client = LogClient.connect(c.config())) {
            c.awaitLeader(0);
            c.awaitLeader(1);
            ChannelKey room = channelInGroupZero(client);
            ChannelKey system = new ChannelKey("app", ClusterEvents.clusterChannel(0));
            PresenceMember ann = new PresenceMember("u1", utf8("{\"name\":\"Ann\"}"));
            PresenceMember bo = new PresenceMember("u2", new byte[0]);

            assertThat(client.report(report("edge-1", DEAD_EDGE_TIMEOUT_MS, false, room, ann)).get(30,
                    TimeUnit.SECONDS)).as("a never-seen edge is told to send a full report").isFalse();
            assertThat(client.report(report("edge-1", DEAD_EDGE_TIMEOUT_MS, true, room, ann)).get(30,
                    TimeUnit.SECONDS)).isTrue();
            AtomicBoolean beating = new AtomicBoolean(true);
            Thread heartbeat = new Thread(() -> {
                boolean full = true;
                while (beating.get()) {
                    try {
                        full = !client.report(report("edge-2", LIVE_EDGE_TIMEOUT_MS, full, room, bo)).get(10,
                                TimeUnit.SECONDS);
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        full = true;
                    }
                }
            }, "edge-2-heartbeat");
            heartbeat.start();
            try {
                awaitOnEveryRunningNode(c, "both members", n -> n.membersLocal(room).equals(List.of(ann, bo))
                        && n.occupancyLocal(room).equals(new ChannelOccupancy(room, 2, 2))
                        && n.occupiedLocal("app", "presence-").equals(List.of(new ChannelOccupancy(room, 2, 2))));

                int leader = c.awaitLeader(0);
                c.stopNode(leader);
                awaitOnEveryRunningNode(c, "edge-1 expired", n -> n.membersLocal(room).equals(List.of(bo))
                        && hasEvent(n, system, ClusterEvents.MEMBER_REMOVED, "\"user_id\":\"u1\""));
                c.startNode(leader);
                c.awaitLeader(0);
                awaitOnEveryRunningNode(c, "the restarted node caught up", n -> n.membersLocal(room)
                        .equals(List.of(bo)) && hasEvent(n, system, ClusterEvents.MEMBER_REMOVED,
                        "\"user_id\":\"u1\""));

                for (int i = 0; i < 3; i++) {
                    List<ChannelEvent> events = Publishing.readAll(c.node(i), system);
                    assertThat(events).extracting(e -> e.eventName() + " " + new String(e.data(),
                            StandardCharsets.UTF_8)).as("system channel of node %d", i).contains(
                            "member_added {\"channel\":\"" + room.channel()
                                    + "\",\"user_id\":\"u1\",\"user_info\":{\"name\":\"Ann\"}}",
                            "member_added {\"channel\":\"" + room.channel() + "\",\"user_id\":\"u2\"}",
                            "member_removed {\"channel\":\"" + room.channel() + "\",\"user_id\":\"u1\"}");
                }
                assertThat(client.report(report("edge-1", DEAD_EDGE_TIMEOUT_MS, false, room, ann)).get(30,
                        TimeUnit.SECONDS)).as("an expired edge is told to send a full report").isFalse();
            } finally {
                beating.set(false);
                heartbeat.interrupt();
                heartbeat.join(15_000);
            }
        }
    }

    private static ChannelKey channelInGroupZero(LogClient client) {
        for (int i = 0; ; i++) {
            ChannelKey k = new ChannelKey("app", "presence-room-" + i);
            if (client.groupOf(k) == 0) {
                return k;
            }
        }
    }

    private static OccupancyReport report(String node, long timeoutMs, boolean full, ChannelKey room,
                                          PresenceMember m) {
        return new OccupancyReport(node, timeoutMs, full, List.of(new ChannelCount(room, 1)),
                List.of(new MemberCount(room, m.userId(), m.userInfo(), 1)));
    }

    private static boolean hasEvent(RaftLog node, ChannelKey system, String name, String part) {
        return Publishing.readAll(node, system).stream().anyMatch(e -> e.eventName().equals(name)
                && new String(e.data(), StandardCharsets.UTF_8).contains(part));
    }

    private static void awaitOnEveryRunningNode(TestCluster c, String what,
                                                Predicate<RaftLog> condition) {
        Await.until(what, Duration.ofSeconds(60), () -> {
            for (int i = 0; i < c.size(); i++) {
                RaftLogNode n = c.node(i);
                if (n != null && !condition.test(n)) {
                    return false;
                }
            }
            return true;
        });
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
