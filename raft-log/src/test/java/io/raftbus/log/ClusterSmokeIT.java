package io.raftbus.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class ClusterSmokeIT {
    @TempDir
    Path dir;

    @Test
    void shouldPublishAndReadOnEveryReplica() throws Exception {
        try (TestCluster c = TestCluster.start(3, 2, dir, b -> b)) {
            for (int g = 0; g < 2; g++) {
                c.awaitLeader(g);
            }
            ChannelKey ch = new ChannelKey("app1", "orders");
            List<CompletableFuture<PublishResult>> fs = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                fs.add(c.node(i % 3).client().publish(PublishCommand.of("app1", "orders", "e",
                        ("m" + i).getBytes(StandardCharsets.UTF_8))));
            }
            for (CompletableFuture<PublishResult> f : fs) {
                assertThat(f.get(30, TimeUnit.SECONDS).offset()).isBetween(1L, 100L);
            }
            c.awaitConverged();
            for (int n = 0; n < 3; n++) {
                ReadResult r = c.node(n).readLocal(ch, 1, 1000);
                assertThat(r).isInstanceOf(ReadResult.Events.class);
                assertThat(((ReadResult.Events) r).events()).hasSize(100);
            }
            ReadResult lin = c.node(0).client().read(ch, 1, 10).get(10, TimeUnit.SECONDS);
            assertThat(((ReadResult.Events) lin).events()).hasSize(10);
        }
    }
}
