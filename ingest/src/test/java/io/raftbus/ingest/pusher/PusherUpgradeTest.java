package io.raftbus.ingest.pusher;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftbus.ingest.AppConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class PusherUpgradeTest {
    private static final AppConfig APP = AppConfig.development();

    @Test
    void shouldMapHandshakeProblemsToPusherCodes() {
        assertThat(PusherUpgrade.refusal(null, "7")).isEqualTo(PusherError.APP_NOT_FOUND);
        AppConfig disabled = new AppConfig("a", "k", "s", false, true, false, AppConfig.Limits.PUSHER, List.of());
        assertThat(PusherUpgrade.refusal(disabled, "7")).isEqualTo(PusherError.APP_DISABLED);
        assertThat(PusherUpgrade.refusal(APP, null)).isEqualTo(PusherError.NO_PROTOCOL);
        assertThat(PusherUpgrade.refusal(APP, "3")).isEqualTo(PusherError.UNSUPPORTED_PROTOCOL);
        assertThat(PusherUpgrade.refusal(APP, "8")).isEqualTo(PusherError.UNSUPPORTED_PROTOCOL);
        assertThat(PusherUpgrade.refusal(APP, "x")).isEqualTo(PusherError.UNSUPPORTED_PROTOCOL);
        assertThat(PusherUpgrade.refusal(APP, "5")).isNull();
        assertThat(PusherUpgrade.refusal(APP, "7")).isNull();
    }

    @Test
    void shouldRefuseConnectionsOverTheAppQuota() {
        AppConfig.Limits l = AppConfig.Limits.PUSHER;
        AppConfig two = new AppConfig("app-id", "app-key", "app-secret", true, true, false,
                new AppConfig.Limits(l.maxEventBytes(), l.maxEventNameLength(), l.maxChannelNameLength(),
                        l.maxChannelsPerEvent(), l.maxBatchEvents(), 2, l.maxPresenceMembers(),
                        l.maxPresenceUserInfoBytes(), l.maxPresenceUserIdLength(), l.maxClientEventsPerSecond()),
                List.of());
        PusherNode node = new PusherTestKit(two).node;
        assertThat(node.tryAcquireConnection(two)).isTrue();
        assertThat(node.tryAcquireConnection(two)).isTrue();
        assertThat(node.tryAcquireConnection(two)).isFalse();
        node.releaseConnection(two);
        assertThat(node.tryAcquireConnection(two)).isTrue();
    }

    @Test
    void shouldMakeDistinctSocketIdsInPusherFormat() {
        SocketIds ids = new SocketIds("n1");
        String a = ids.next();
        String b = ids.next();
        assertThat(a).matches("\\d+\\.\\d+");
        assertThat(a).isNotEqualTo(b);
        assertThat(a.substring(a.indexOf('.'))).isNotEqualTo(b.substring(b.indexOf('.')));
    }
}
