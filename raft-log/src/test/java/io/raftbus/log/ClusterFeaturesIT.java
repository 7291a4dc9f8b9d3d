package io.raftbus.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Features that need a running cluster's clock: leader ticks, time-based snapshots, and position fencing. */
@Timeout(120)
class ClusterFeaturesIT {
    @TempDir
    Path dir;

    @Test
    void shouldExpireOldEventsOnEveryReplicaWhenLeaderTicksPastMaxAge() throws Exception {
        try (TestCluster c = TestCluster.start(3, 1, dir, b -> b.tickInterval(Duration.ofMillis(100))
                .retention(new RetentionPolicy(1_000, 1_500, 1 << 20)));
                LogClient client = LogClient.connect(c.config())) {
            c.awaitLeader(0);
            ChannelKey ch = new ChannelKey("app", "short-lived");
            for (int i = 0; i < 5; i++) {
                client.publish(PublishCommand.of("app", "short-lived", "e", new byte[] {(byte) i}))
                        .get(10, TimeUnit.SECONDS);
            }
            assertThat(client.read(ch, 1, 10).get(10, TimeUnit.SECONDS)).isInstanceOf(ReadResult.Events.class);
            Await.until("age retention on every replica", Duration.ofSeconds(20), () -> {
                for (int n = 0; n < 3; n++) {
                    if (c.node(n).latestLocal(ch).oldest() != 6) {
                        return false;
                    }
                }
                return true;
            });
            ReadResult.Expired expired = (ReadResult.Expired) client.read(ch, 1, 10).get(10, TimeUnit.SECONDS);
            assertThat(expired.oldestOffset()).isEqualTo(6);
            assertThat(client.latest(ch).get(10, TimeUnit.SECONDS)).isEqualTo(new LatestOffset(5, expired.epoch(), 6));
            // Offsets continue after everything expired; the epoch stays.
            PublishResult next = client.publish(PublishCommand.of("app", "short-lived", "e", new byte[1]))
                    .get(10, TimeUnit.SECONDS);
            assertThat(next.offset()).isEqualTo(6);
            assertThat(next.epoch()).isEqualTo(expired.epoch());
        }
    }

    @Test
    void shouldTakeSnapshotByTimeWhenEntryThresholdIsNotReached() throws Exception {
        try (TestCluster c = TestCluster.start(3, 1, dir, b -> b.snapshotInterval(Duration.ofMillis(500))
                .snapshotEveryEntries(1_000_000));
                LogClient client = LogClient.connect(c.config())) {
            c.awaitLeader(0);
            client.publish(PublishCommand.of("app", "x", "e", "1".getBytes(StandardCharsets.UTF_8)))
                    .get(10, TimeUnit.SECONDS);
            Await.until("a time-based snapshot on every node", Duration.ofSeconds(20), () -> {
                for (int n = 0; n < 3; n++) {
                    if (c.node(n).localStatus().groups().get(0).members().get(0).snapshotIndex() < 1) {
                        return false;
                    }
                }
                return true;
            });
        }
    }

    @Test
    void shouldAnswerLinearizableReadsIssuedWhileTheFirstElectionIsUnderWay() throws Exception {
        try (TestCluster c = TestCluster.start(3, 2, dir, b -> b);
                LogClient client = LogClient.connect(c.config())) {
            // No awaitLeader: a follower that does not know a leader yet refuses the read; the client tries again.
            assertThat(client.position("early-reader").get(30, TimeUnit.SECONDS)).isZero();
            assertThat(client.latest(new ChannelKey("app", "early")).get(30, TimeUnit.SECONDS).newest())
                    .isZero();
        }
    }

    @Test
    void shouldFenceStaleWriterWhenPositionCompareAndSetIsStale() throws Exception {
        try (TestCluster c = TestCluster.start(3, 2, dir, b -> b);
                LogClient client = LogClient.connect(c.config())) {
            c.awaitLeader(0);
            c.awaitLeader(1);
            assertThat(client.position("exporter-a").get(10, TimeUnit.SECONDS)).isZero();
            assertThat(client.compareAndSetPosition("exporter-a", 0, 10).get(10, TimeUnit.SECONDS))
                    .isEqualTo(new PositionUpdate(true, 10));
            // A zombie that still believes the position is 0 is refused and told the current one.
            assertThat(client.compareAndSetPosition("exporter-a", 0, 7).get(10, TimeUnit.SECONDS))
                    .isEqualTo(new PositionUpdate(false, 10));
            assertThat(client.compareAndSetPosition("exporter-a", 10, 20).get(10, TimeUnit.SECONDS))
                    .isEqualTo(new PositionUpdate(true, 20));
            assertThat(client.position("exporter-a").get(10, TimeUnit.SECONDS)).isEqualTo(20);
        }
    }
}
