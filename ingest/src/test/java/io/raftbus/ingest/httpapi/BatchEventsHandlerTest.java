package io.raftbus.ingest.httpapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftbus.log.LogError;
import io.raftbus.log.LogException;
import io.raftbus.log.PublishCommand;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchEventsHandlerTest {
    final ApiHarness api = new ApiHarness();

    private static String events(int n) {
        return IntStream.range(0, n).mapToObj(i -> "{\"name\":\"e" + i + "\",\"channel\":\"c" + i
                + "\",\"data\":\"d\"}").collect(Collectors.joining(",", "{\"batch\":[", "]}"));
    }

    @Test
    void shouldPublishEveryEventWhenBatchIsValid() {
        ApiHarness.Answer a = api.post("/apps/3/batch_events", events(10));
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).isEqualTo("{}");
        assertThat(api.log.published).hasSize(10);
        assertThat(api.log.published.get(9).eventName()).isEqualTo("e9");
    }

    @Test
    void shouldRefuseWhenBatchIsTooLongOrEmpty() {
        assertThat(api.post("/apps/3/batch_events", events(11)).body()).contains("1 to 10");
        assertThat(api.post("/apps/3/batch_events", "{\"batch\":[]}").status()).isEqualTo(400);
        assertThat(api.post("/apps/3/batch_events", "{}").body()).contains("batch is required");
        assertThat(api.log.published).isEmpty();
    }

    @Test
    void shouldNameTheBadEventAndPublishNothingWhenOneEventIsInvalid() {
        ApiHarness.Answer a = api.post("/apps/3/batch_events", "{\"batch\":[{\"name\":\"e\",\"channel\":\"a\","
                + "\"data\":\"d\"},{\"channel\":\"b\",\"data\":\"d\"}]}");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body()).contains("batch[1].name is required");
        assertThat(api.post("/apps/3/batch_events", "{\"batch\":[7]}").body()).contains("batch[0] must be");
        assertThat(api.post("/apps/3/batch_events", "{\"batch\":[{\"name\":\"e\",\"channels\":[\"a\"],"
                + "\"data\":\"d\"}]}").body()).contains("use channel");
        assertThat(api.post("/apps/3/batch_events", "{\"batch\":[{\"name\":\"e\",\"channel\":\"a\",\"data\":\""
                + "x".repeat(10241) + "\"}]}").status()).isEqualTo(413);
        assertThat(api.log.published).isEmpty();
    }

    @Test
    void shouldAnswerPerEventInfoWhenAsked() {
        api.log.occupy("3", "presence-a", 1, 1);
        ApiHarness.Answer a = api.post("/apps/3/batch_events", "{\"batch\":[{\"name\":\"e\",\"channel\":"
                + "\"presence-a\",\"data\":\"d\",\"info\":\"user_count\"},{\"name\":\"e\",\"channel\":\"b\","
                + "\"data\":\"d\"}]}");
        assertThat(a.body()).isEqualTo("{\"batch\":[{\"user_count\":1},{}]}");
    }

    @Test
    void shouldComposeIdempotencyKeyPerEventWhenHeaderIsGiven() {
        api.send("POST", "/apps/3/batch_events", Map.of(), events(2), ApiHarness.APP, ApiHarness.TIMESTAMP, "k");
        assertThat(api.log.published).extracting(PublishCommand::idempotencyKey).containsExactly("k:0:c0", "k:1:c1");
    }

    @Test
    void shouldAnswer503WhenLogIsUnavailable() {
        api.log.failWith(new LogException(LogError.UNAVAILABLE, "no leader"));
        assertThat(api.post("/apps/3/batch_events", events(2)).status()).isEqualTo(503);
    }
}
