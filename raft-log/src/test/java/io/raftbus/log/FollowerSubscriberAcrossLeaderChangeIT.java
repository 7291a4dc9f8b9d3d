package io.raftbus.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A subscriber on a follower, subscribed from offset 1 while events already exist, sees every committed event
 * once and in order while the leader is stopped and another is elected.
 */
@Timeout(180)
class FollowerSubscriberAcrossLeaderChangeIT {
    @TempDir
    Path dir;

    @Test
    void shouldDeliverEveryEventInOrderToFollowerSubscriberAcrossLeaderChange() throws Exception {
        try (TestCluster c = TestCluster.start(3, 1, dir, b -> b);
                LogClient client = LogClient.connect(c.config())) {
            int leader = c.awaitLeader(0);
            int follower = (leader + 1) % 3;
            ChannelKey ch = new ChannelKey("app", "live");
            for (int i = 0; i < 50; i++) {
                Publishing.publishUntilAcked(client, Publishing.keyed("live", i));
            }
            List<Long> seen = Collections.synchronizedList(new ArrayList<>());
            Subscription sub = c.node(follower).subscribe(ch, 1, e -> seen.add(e.offset()));
            Thread publisher = new Thread(() -> {
                for (int i = 50; i < 400; i++) {
                    Publishing.publishUntilAcked(client, Publishing.keyed("live", i));
                }
            });
            publisher.start();
            Await.until("events during the run", Duration.ofSeconds(30), () -> seen.size() > 120);
            c.stopNode(leader);
            publisher.join(120_000);
            assertThat(publisher.isAlive()).isFalse();
            Await.until("all 400 events at the subscriber", Duration.ofSeconds(30), () -> seen.size() >= 400);
            sub.close();
            List<Long> expected = new ArrayList<>();
            for (long o = 1; o <= 400; o++) {
                expected.add(o);
            }
            assertThat(seen).isEqualTo(expected);
            assertThat(sub.nextOffset()).isEqualTo(401);
        }
    }
}
