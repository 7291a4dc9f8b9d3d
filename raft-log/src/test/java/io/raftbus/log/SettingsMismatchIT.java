package io.raftbus.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node restarted with a retention limit of its own finds, within a second, that both peers apply another
 * one, and says so; restarted with the cluster's settings again, it finds none.
 */
@Timeout(120)
class SettingsMismatchIT {
    @TempDir
    Path dir;

    @Test
    void shouldReportEachPeerWhoseApplySettingsDifferWhenANodeStartsWithItsOwnRetention() throws Exception {
        try (TestCluster c = TestCluster.start(3, 1, dir, b -> b)) {
            c.awaitLeader(0);
            long defaultLimit = c.config().retention().maxEvents();
            c.stopNode(2);
            c.startNode(2, b -> b.retention(new RetentionPolicy(1_000, RetentionPolicy.DEFAULT.maxAgeMs(),
                    RetentionPolicy.DEFAULT.maxBytes())));
            Await.until("n3 to compare its settings with both peers", Duration.ofSeconds(20),
                    () -> c.node(2).settingsDifferences().size() == 2);
            assertThat(c.node(2).settingsDifferences()).isEqualTo(Map.of(
                    "n1", List.of("raftbus.log.retention.max-events: 1000 here, " + defaultLimit + " on n1"),
                    "n2", List.of("raftbus.log.retention.max-events: 1000 here, " + defaultLimit + " on n2")));

            c.stopNode(2);
            c.startNode(2);
            Await.until("n3 to compare its settings with both peers again", Duration.ofSeconds(20),
                    () -> c.node(2).settingsDifferences().size() == 2);
            assertThat(c.node(2).settingsDifferences()).isEqualTo(Map.of("n1", List.of(), "n2", List.of()));
        }
    }
}
