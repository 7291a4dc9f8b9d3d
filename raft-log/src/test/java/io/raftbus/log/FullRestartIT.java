package io.raftbus.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every node stops and starts again: the same state comes back, and offsets go on where they were. */
@Timeout(180)
class FullRestartIT {
    @TempDir
    Path dir;

    @Test
    void shouldRecoverIdenticalStateWhenAllNodesRestart() throws Exception {
        // A low snapshot threshold so recovery uses snapshot + log replay, not the log alone.
        try (TestCluster c = TestCluster.start(3, 2, dir, b -> b.snapshotEveryEntries(40));
                LogClient client = LogClient.connect(c.config())) {
            c.awaitLeader(0);
            c.awaitLeader(1);
            for (int i = 0; i < 300; i++) {
                Publishing.publishUntilAcked(client, Publishing.keyed("ch-" + (i % 5), i));
            }
            c.awaitConverged();
            long[] before = {c.node(0).stateDigest(0), c.node(0).stateDigest(1)};
            List<List<ChannelEvent>> reads = new ArrayList<>();
            for (int ch = 0; ch < 5; ch++) {
                reads.add(Publishing.readAll(c.node(0), new ChannelKey("app", "ch-" + ch)));
            }
            for (int n = 0; n < 3; n++) {
                c.stopNode(n);
            }
            for (int n = 0; n < 3; n++) {
                c.startNode(n);
            }
            c.awaitLeader(0);
            c.awaitLeader(1);
            c.awaitConverged();
            for (int n = 0; n < 3; n++) {
                assertThat(c.node(n).stateDigest(0)).as("group 0 on node %d", n).isEqualTo(before[0]);
                assertThat(c.node(n).stateDigest(1)).as("group 1 on node %d", n).isEqualTo(before[1]);
                for (int ch = 0; ch < 5; ch++) {
                    assertThat(Publishing.readAll(c.node(n), new ChannelKey("app", "ch-" + ch)))
                            .isEqualTo(reads.get(ch));
                }
            }
            // A retry of an old key after the restart is still recognised, and new events continue the offsets.
            PublishResult again = Publishing.publishUntilAcked(client, Publishing.keyed("ch-0", 0));
            assertThat(again.duplicate()).isTrue();
            assertThat(again.offset()).isEqualTo(1);
            PublishResult next = Publishing.publishUntilAcked(client, Publishing.keyed("ch-0", 1000));
            assertThat(next.offset()).isEqualTo(reads.get(0).size() + 1L);
            assertThat(c.node(0).localStatus().groups().get(0).members().get(0).snapshotIndex())
                    .as("a snapshot was taken").isGreaterThan(0);
        }
    }
}
