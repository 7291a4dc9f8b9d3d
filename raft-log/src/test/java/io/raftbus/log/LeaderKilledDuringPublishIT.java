package io.raftbus.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishers retry with idempotency keys while the leader of every group is stopped and later restarted: every
 * acknowledged event is stored exactly once, in publish order, on every replica.
 */
@Timeout(180)
class LeaderKilledDuringPublishIT {
    @TempDir
    Path dir;

    @Test
    void shouldKeepEveryAcknowledgedEventExactlyOnceInOrderWhenLeaderIsKilled() throws Exception {
        int channels = 4;
        try (TestCluster c = TestCluster.start(3, 2, dir, b -> b);
                LogClient client = LogClient.connect(c.config())) {
            int leader = c.awaitLeader(0);
            c.awaitLeader(1);
            AtomicBoolean stop = new AtomicBoolean();
            List<List<String>> acked = new ArrayList<>();
            ConcurrentHashMap<String, Long> offsets = new ConcurrentHashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(channels);
            List<Future<?>> running = new ArrayList<>();
            for (int ch = 0; ch < channels; ch++) {
                List<String> mine = new ArrayList<>();
                acked.add(mine);
                String channel = "orders-" + ch;
                running.add(pool.submit(() -> {
                    for (int i = 0; !stop.get() && i < 100_000; i++) {
                        PublishResult r = Publishing.publishUntilAcked(client, Publishing.keyed(channel, i));
                        offsets.put(channel + "-" + i, r.offset());
                        mine.add("v" + i);
                    }
                }));
            }
            Await.until("some events before the fault", Duration.ofSeconds(30), () -> offsets.size() > 200);
            c.stopNode(leader);
            int sizeAtKill = offsets.size();
            Await.until("progress without the old leader", Duration.ofSeconds(60),
                    () -> offsets.size() > sizeAtKill + 200);
            c.startNode(leader);
            int sizeAtRestart = offsets.size();
            Await.until("progress after the restart", Duration.ofSeconds(60),
                    () -> offsets.size() > sizeAtRestart + 200);
            stop.set(true);
            for (Future<?> f : running) {
                f.get(90, TimeUnit.SECONDS);
            }
            pool.shutdown();
            c.awaitConverged();
            for (int ch = 0; ch < channels; ch++) {
                ChannelKey key = new ChannelKey("app", "orders-" + ch);
                for (int n = 0; n < 3; n++) {
                    List<ChannelEvent> stored = Publishing.readAll(c.node(n), key);
                    assertThat(Publishing.payloads(stored)).as("channel %s on node %d", key, n)
                            .isEqualTo(acked.get(ch));
                    for (int i = 0; i < stored.size(); i++) {
                        assertThat(stored.get(i).offset()).isEqualTo(i + 1L);
                        assertThat(offsets.get(key.channel() + "-" + i)).isEqualTo(i + 1L);
                    }
                }
            }
        }
    }
}
