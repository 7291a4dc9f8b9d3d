package io.raftbus.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster's data lives on a real 64 MiB tmpfs that a filler file then nearly fills: publishes fail with
 * {@link LogError#DISK_FULL} before they enter the log, nothing acknowledged is lost, and publishing works again
 * once space is freed. Needs root to mount; skipped otherwise.
 */
@Timeout(180)
class DiskFullIT {
    @TempDir
    Path dir;

    @Test
    void shouldRefusePublishesWithDiskFullAndLoseNothingWhenDiskFills() throws Exception {
        Path disk = dir.resolve("disk");
        assumeThat(Tmpfs.mount(disk, "64m")).as("mounting a tmpfs needs root").isTrue();
        try {
            long floor = 16L << 20;
            try (TestCluster c = TestCluster.start(3, 1, disk, b -> b.minFreeDiskBytes(floor)
                    .logSegmentBytes(1 << 20));
                    LogClient client = LogClient.connect(c.config())) {
                c.awaitLeader(0);
                List<String> acked = new ArrayList<>();
                byte[] data = new byte[4096];
                for (int i = 0; i < 20; i++) {
                    Publishing.publishUntilAcked(client, Publishing.keyed("c", i));
                    acked.add("v" + i);
                }
                Path filler = disk.resolve("filler");
                long free = disk.toFile().getUsableSpace();
                try (RandomAccessFile f = new RandomAccessFile(filler.toFile(), "rw")) {
                    f.setLength(free - floor - (2L << 20));
                    f.getFD().sync();
                }
                // tmpfs allocates on write: write the filler for real.
                try (RandomAccessFile f = new RandomAccessFile(filler.toFile(), "rw")) {
                    byte[] block = new byte[1 << 20];
                    for (long p = 0; p < f.length(); p += block.length) {
                        f.write(block, 0, (int) Math.min(block.length, f.length() - p));
                    }
                }
                LogException refused = null;
                for (int i = 20; i < 5_000 && refused == null; i++) {
                    try {
                        client.publish(new PublishCommand(new ChannelKey("app", "c"), "ev", data, "c-" + i, null,
                                PublishCommand.NO_SCHEMA)).get(20, TimeUnit.SECONDS);
                        acked.add("big");
                    } catch (ExecutionException e) {
                        refused = (LogException) e.getCause();
                    }
                }
                assertThat(refused).as("a publish was refused").isNotNull();
                assertThat(refused.error()).isEqualTo(LogError.DISK_FULL);
                assertThat(refused.getMessage()).contains("raftbus.log.min-free-disk-bytes");
                c.awaitConverged();
                for (int n = 0; n < 3; n++) {
                    assertThat(Publishing.readAll(c.node(n), new ChannelKey("app", "c"))).hasSize(acked.size());
                }
                Files.delete(filler);
                PublishResult after = Publishing.publishUntilAcked(client, Publishing.keyed("c", 99_999));
                assertThat(after.offset()).isEqualTo(acked.size() + 1L);
            }
        } finally {
            Tmpfs.unmount(disk);
        }
    }
}
