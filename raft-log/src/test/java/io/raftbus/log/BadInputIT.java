package io.raftbus.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftbus.log.internal.EntryCodec;
import io.raftbus.log.internal.Groups;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input is refused with a clear error and never enters the log: checked by the client before sending, and
 * by the leader's {@code startTransaction} for entries that bypass the client (garbage bytes, a hand-made entry
 * with a bad channel name).
 */
@Timeout(120)
class BadInputIT {
    @TempDir
    Path dir;

    @Test
    void shouldRefuseBadInputBeforeTheLogWhenClientOrRawEntryIsInvalid() throws Exception {
        try (TestCluster c = TestCluster.start(3, 1, dir, b -> b.maxEventBytes(1024).maxBatchBytes(64 * 1024));
                LogClient client = LogClient.connect(c.config())) {
            c.awaitLeader(0);
            Publishing.publishUntilAcked(client, Publishing.keyed("ok", 1));
            c.awaitConverged();
            long digest = c.node(0).stateDigest(0);

            assertError(client, PublishCommand.of("app", "bad channel!", "e", new byte[1]), LogError.INVALID_CHANNEL,
                    "bad channel!");
            assertError(client, PublishCommand.of("app", "c", "e", new byte[1025]), LogError.EVENT_TOO_LARGE, "1025");
            assertError(client, PublishCommand.of("bad app", "c", "e", new byte[1]), LogError.INVALID_APP, "bad app");
            assertError(client, PublishCommand.of("app", "c", "", new byte[1]), LogError.INVALID_EVENT_NAME, "");

            RaftProperties props = new RaftProperties();
            try (RaftClient raw = RaftClient.newBuilder().setProperties(props)
                    .setRaftGroup(Groups.group(0, c.config().peers())).build()) {
                assertThatThrownBy(() -> raw.io().send(Message.valueOf("definitely not an entry")))
                        .hasMessageContaining("[RB5]").hasMessageContaining("malformed log entry");

                byte[] badChannel = EntryCodec.encodePublishBatch(0, List.of(PublishCommand.of("app", "no spaces",
                        "e", "x".getBytes(StandardCharsets.UTF_8))));
                assertThatThrownBy(() -> raw.io().send(Message.valueOf(
                        org.apache.ratis.thirdparty.com.google.protobuf.ByteString.copyFrom(badChannel))))
                        .hasMessageContaining("[RB1]").hasMessageContaining("no spaces");
            }
            Publishing.publishUntilAcked(client, Publishing.keyed("ok", 2));
            c.awaitConverged();
            assertThat(c.node(1).readLocal(new ChannelKey("app", "no spaces"), 1, 10))
                    .isEqualTo(new ReadResult.Events(List.of(), 1, 0));
            assertThat(c.node(0).stateDigest(0)).isNotEqualTo(digest);
            assertThat(Publishing.readAll(c.node(2), new ChannelKey("app", "ok"))).hasSize(2);
        }
    }

    private static void assertError(LogClient client, PublishCommand c, LogError error, String mentions) {
        assertThatThrownBy(() -> client.publish(c).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(LogException.class)
                .satisfies(e -> {
                    assertThat(((LogException) e).error()).isEqualTo(error);
                    assertThat(e.getMessage()).contains(mentions);
                });
    }
}
