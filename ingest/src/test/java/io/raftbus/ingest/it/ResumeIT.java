package io.raftbus.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resume after a disconnect, on raw frames: with the opt-in {@code raftbus_resume=1} URL parameter delivered
 * events carry {@code "raftbus":{"offset","epoch"}}; a client away for 5 s subscribes again with
 * {@code "resume":{"offset":<last offset it received>,"epoch"}} in the subscribe data and gets exactly the
 * events it missed, then live ones, none twice. A plain v7 connection never sees the extra field.
 */
@Timeout(90)
class ResumeIT {
    private static final String CHANNEL = "resume-ch";

    @TempDir
    Path dir;

    @Test
    void shouldDeliverExactlyTheMissedEventsWhenClientResumesAfterFiveSeconds() throws Exception {
        try (EdgeCluster cluster = EdgeCluster.start(dir, Map.of(), null)) {
            int node = cluster.follower();
            String publishTo = cluster.url((node + 1) % 3);
            ObjectNode plainSubscribe = Clients.JSON.createObjectNode().put("channel", CHANNEL);
            try (RawSocket plain = RawSocket.connect(cluster.port(node), "")) {
                plain.subscribe(plainSubscribe);
                JsonNode last;
                try (RawSocket first = RawSocket.connect(cluster.port(node), "&raftbus_resume=1")) {
                    first.subscribe(plainSubscribe);
                    for (int seq = 1; seq <= 5; seq++) {
                        publish(publishTo, seq);
                    }
                    last = first.await("event 5", Duration.ofSeconds(10), f -> seq(f) == 5);
                    assertThat(first.frames(f -> seq(f) > 0)).extracting(ResumeIT::seq).containsExactly(1, 2, 3, 4, 5);
                    assertThat(last.path("raftbus").path("offset").isIntegralNumber()).as("offset in %s", last).isTrue();
                    assertThat(last.path("raftbus").has("epoch")).as("epoch in %s", last).isTrue();
                }
                // away for 5 s while 10 events are published
                for (int seq = 6; seq <= 15; seq++) {
                    publish(publishTo, seq);
                    Await.pause(Duration.ofMillis(500));
                }
                try (RawSocket resumed = RawSocket.connect(cluster.port(node), "&raftbus_resume=1")) {
                    ObjectNode data = Clients.JSON.createObjectNode().put("channel", CHANNEL);
                    data.putObject("resume").put("offset", last.path("raftbus").path("offset").asLong())
                            .set("epoch", last.path("raftbus").path("epoch"));
                    resumed.subscribe(data);
                    for (int seq = 16; seq <= 20; seq++) {
                        publish(publishTo, seq);
                    }
                    resumed.await("event 20", Duration.ofSeconds(10), f -> seq(f) == 20);
                    List<JsonNode> got = resumed.frames(f -> seq(f) > 0);
                    assertThat(got).extracting(ResumeIT::seq).as("the missed events, then live, none twice")
                            .containsExactlyElementsOf(IntStream.rangeClosed(6, 20).boxed().toList());
                    long firstOffset = last.path("raftbus").path("offset").asLong() + 1;
                    assertThat(got).extracting(f -> f.path("raftbus").path("offset").asLong())
                            .containsExactlyElementsOf(IntStream.rangeClosed(0, 14).mapToObj(i -> firstOffset + i)
                                    .toList());
                }
                plain.await("event 20 on the plain connection", Duration.ofSeconds(10), f -> seq(f) == 20);
                assertThat(plain.frames(f -> seq(f) > 0)).hasSize(20)
                        .allSatisfy(f -> assertThat(f.has("raftbus")).as("plain v7 frame %s", f).isFalse());
            }
        }
    }

    private static void publish(String url, int seq) throws Exception {
        assertThat(Clients.publish(url, CHANNEL, "tick", Clients.obj("seq", seq), null).statusCode()).isEqualTo(200);
    }

    /** The {@code seq} of a {@code tick} frame on the channel (data is a JSON string), or 0 for other frames. */
    private static int seq(JsonNode frame) {
        if (!frame.path("event").asText().equals("tick") || !frame.path("channel").asText().equals(CHANNEL)) {
            return 0;
        }
        JsonNode data = frame.path("data");
        try {
            JsonNode d = data.isTextual() ? Clients.JSON.readTree(data.asText()) : data;
            return d.path("seq").asInt();
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
