package io.raftbus.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.raftbus.log.internal.RaftLogNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each node's data lives on its own real 64 MiB tmpfs, and a follower's or the leader's is filled to the last
 * byte (no free-space floor): the node stops itself when its Raft log write fails (fail-stop,
 * {@link RaftLog#failure}), the other two go on acknowledging publishes (after an election if the leader
 * stopped), and after the space is freed and the node started again it catches up, so every acknowledged event
 * is on every replica exactly once, in order. Needs root to mount; skipped otherwise.
 */
@Timeout(240)
class NodeDiskFullIT {
    private static final ChannelKey CHANNEL = new ChannelKey("app", "c");

    @TempDir
    Path dir;

    @Test
    void shouldStopTheFollowerAndLoseNothingWhenTheFollowersDiskFills() throws Exception {
        fillOneDiskAndRecover(false, ".");
    }

    @Test
    void shouldStopTheLeaderAndLoseNothingWhenTheLeadersDiskFills() throws Exception {
        fillOneDiskAndRecover(true, ".");
    }

    /**
     * Only the stores are on their own disks, and a follower's fills: the snapshot's memtable flush fails, RocksDB
     * then refuses writes, and the next apply fails, which stops the node like a failed log write.
     */
    @Test
    void shouldStopTheFollowerAndLoseNothingWhenItsStoreCannotBeWritten() throws Exception {
        fillOneDiskAndRecover(false, "store");
    }

    /**
     * Fills the disk of the leader or of a follower of group 0 while publishing with idempotency keys (the client
     * retries through a leader change), waits for that node to stop itself, publishes more, frees the disk,
     * starts the node again and checks every replica.
     *
     * @param leaderDisk whether the leader's disk fills, else a follower's.
     * @param mounted the directory of each node's data that is a disk of its own: {@code .} for all of it,
     *     {@code store} for its stores (then a snapshot is asked for after the fill, to make the store write).
     */
    private void fillOneDiskAndRecover(boolean leaderDisk, String mounted) throws Exception {
        List<Path> disks = new ArrayList<>();
        try {
            for (int i = 1; i <= 3; i++) {
                Path disk = dir.resolve("n" + i).resolve(mounted).normalize();
                assumeThat(Tmpfs.mount(disk, "64m")).as("mounting a tmpfs needs root").isTrue();
                disks.add(disk);
            }
            try (TestCluster c = TestCluster.start(3, 1, dir, b -> b.logSegmentBytes(1 << 20));
                    LogClient client = LogClient.connect(c.config())) {
                int leader = c.awaitLeader(0);
                int full = leaderDisk ? leader : (leader + 1) % 3;
                int other = (full + 1) % 3;
                List<String> acked = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    Publishing.publishUntilAcked(client, Publishing.keyed("c", i));
                    acked.add("v" + i);
                }
                Path filler = disks.get(full).resolve("filler");
                Tmpfs.fillToTheLastByte(filler);
                if (mounted.equals("store")) {
                    // The snapshot's flush fails; Ratis then never answers the request, so do not wait for it.
                    RaftLogNode node = c.node(full);
                    CompletableFuture.runAsync(() -> {
                        try {
                            node.takeSnapshot(0);
                        } catch (IOException expected) {
                            // the failure under test is the node's, below
                        }
                    });
                }

                CompletableFuture<Throwable> failure = c.node(full).failure();
                int i = 20;
                for (; i < 5_000 && !failure.isDone(); i++) {
                    Publishing.publishUntilAcked(client, new PublishCommand(CHANNEL, "ev",
                            ("v" + i + "-" + "x".repeat(4000)).getBytes(), "c-" + i, null, PublishCommand.NO_SCHEMA));
                    acked.add("v" + i + "-" + "x".repeat(4000));
                }
                Throwable cause = failure.get(60, TimeUnit.SECONDS);
                assertThat(cause).as("the node stopped itself on a failed write")
                        .hasStackTraceContaining("No space left on device");
                long appliedWhenStopped = appliedIndex(c.node(full));
                // The other two are a majority: publishing goes on, and the stopped node applies none of it.
                for (int j = 0; j < 50; j++, i++) {
                    Publishing.publishUntilAcked(client, Publishing.keyed("c", i));
                    acked.add("v" + i);
                }
                assertThat(appliedIndex(c.node(other))).isGreaterThan(appliedWhenStopped + 50);
                assertThat(appliedIndex(c.node(full))).isEqualTo(appliedWhenStopped);

                Files.delete(filler);
                c.stopNode(full);
                c.startNode(full);
                c.awaitConverged();
                for (int n = 0; n < 3; n++) {
                    assertThat(Publishing.payloads(Publishing.readAll(c.node(n), CHANNEL)))
                            .as("node %d holds every acknowledged event once, in order", n)
                            .containsExactlyElementsOf(acked);
                }
            }
        } finally {
            for (Path disk : disks) {
                Tmpfs.unmount(disk);
            }
        }
    }

    private static long appliedIndex(RaftLog node) {
        return node.localStatus().groups().get(0).members().get(0).appliedIndex();
    }
}
