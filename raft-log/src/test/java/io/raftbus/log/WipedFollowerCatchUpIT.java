package io.raftbus.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follower loses its whole data directory while the leader has purged its log past a snapshot: the follower
 * comes back empty and catches up by snapshot installation plus the log after it.
 */
@Timeout(180)
class WipedFollowerCatchUpIT {
    @TempDir
    Path dir;

    @Test
    void shouldCatchUpBySnapshotWhenFollowerDataIsWiped() throws Exception {
        try (TestCluster c = TestCluster.start(3, 1, dir, b -> b.snapshotEveryEntries(20)
                .logSegmentBytes(1 << 20));
                LogClient client = LogClient.connect(c.config())) {
            int leader = c.awaitLeader(0);
            int follower = (leader + 1) % 3;
            c.stopNode(follower);
            c.wipe(follower);
            // Enough entries, each a batch of its own (sequential publishes), to snapshot and purge segments:
            // Ratis purges only once the snapshot is raft.server.log.purge.gap (1024) entries past the last purge.
            byte[] big = new byte[8 * 1024];
            for (int i = 0; i < 1_300; i++) {
                client.publish(new PublishCommand(new ChannelKey("app", "ch-" + (i % 7)), "e", big, "k" + i, null,
                        PublishCommand.NO_SCHEMA)).get();
            }
            Await.until("the leader to purge its log", Duration.ofSeconds(30), () -> firstLogIndexAbove(c, leader));
            c.startNode(follower);
            // Ratis' first install attempt went to the follower while it was down; its gRPC install stream can
            // then wait about 30 s before it is retried (seen on base and this build alike), so allow for it.
            c.awaitConverged(Duration.ofSeconds(90));
            ChannelKey ch = new ChannelKey("app", "ch-3");
            assertThat(Publishing.readAll(c.node(follower), ch)).isEqualTo(Publishing.readAll(c.node(leader), ch));
            assertThat(c.node(follower).stateDigest(0)).isEqualTo(c.node(leader).stateDigest(0));
            assertThat(hasInstalledSnapshot(c, follower)).as("follower holds a snapshot").isTrue();
        }
    }

    private boolean firstLogIndexAbove(TestCluster c, int node) {
        // Ratis names closed segments log_<first>-<last>; once purged, no segment starts at index 0.
        try (Stream<Path> s = Files.walk(dir.resolve(c.config().peers().get(node).id()).resolve("ratis"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("log_"))
                    .noneMatch(n -> n.startsWith("log_0-") || n.equals("log_inprogress_0"));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private boolean hasInstalledSnapshot(TestCluster c, int node) throws java.io.IOException {
        try (Stream<Path> s = Files.walk(dir.resolve(c.config().peers().get(node).id()).resolve("ratis"))) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith("snapshot.") && Files.isDirectory(p));
        }
    }
}
