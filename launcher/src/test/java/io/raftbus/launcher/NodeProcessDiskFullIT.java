package io.raftbus.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.raftbus.log.LogClient;
import io.raftbus.log.RaftLogConfig;
import io.raftbus.log.Tmpfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes run as separate processes, each with its data on its own real 64 MiB tmpfs, and a follower's disk is
 * filled to the last byte while a publisher goes on: the follower's {@code raftbus node} process says why it
 * stops and exits with status 1, the other two go on acknowledging, and once the space is freed and the process
 * started again every acknowledged event is on every node exactly once, in order. Needs root to mount; skipped
 * otherwise.
 */
@Timeout(300)
class NodeProcessDiskFullIT {
    @TempDir
    Path dir;

    @Test
    void shouldExitWithStatusOneAndLoseNothingWhenAFollowersDiskFills() throws Exception {
        List<Path> disks = new ArrayList<>();
        try (NodeProcesses nodes = new NodeProcesses(dir, 3, 1)) {
            for (int i = 1; i <= 3; i++) {
                Path disk = dir.resolve("n" + i);
                assumeThat(Tmpfs.mount(disk, "64m")).as("mounting a tmpfs needs root").isTrue();
                disks.add(disk);
            }
            nodes.set(RaftLogConfig.Keys.LOG_SEGMENT_BYTES, Integer.toString(1 << 20));
            nodes.startAll();
            try (LogClient client = LogClient.connect(nodes.clientConfig())) {
                List<String> acked = new ArrayList<>();
                int i = 0;
                for (; i < 20; i++) {
                    NodeProcessKillIT.publishUntilAcked(client, i);
                    acked.add("v" + i);
                }
                int full = (NodeProcessKillIT.leaderIndex(client, nodes) + 1) % 3;
                Path filler = disks.get(full).resolve("filler");
                Tmpfs.fillToTheLastByte(filler);
                Process process = nodes.process(full);
                for (; i < 5_000 && process.isAlive(); i++) {
                    String data = "v" + i + "-" + "x".repeat(4000);
                    NodeProcessKillIT.publishUntilAcked(client, i, data);
                    acked.add(data);
                }
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the full node's process exits").isTrue();
                String output = nodes.output(full);
                assertThat(process.exitValue()).as("exit status; the node's output:%n%s", output).isEqualTo(1);
                assertThat(output).contains("stops: its replica of group 0 failed a write")
                        .contains("No space left on device").contains("free or fix the disk");
                for (int j = 0; j < 50; j++, i++) {
                    NodeProcessKillIT.publishUntilAcked(client, i);
                    acked.add("v" + i);
                }

                Files.delete(filler);
                nodes.start(full);
                for (int n = 0; n < 3; n++) {
                    assertThat(NodeProcessKillIT.readAllFrom(nodes, n, acked.size())).as("node %d", n)
                            .isEqualTo(acked);
                }
            }
        } finally {
            for (Path disk : disks) {
                Tmpfs.unmount(disk);
            }
        }
    }
}
