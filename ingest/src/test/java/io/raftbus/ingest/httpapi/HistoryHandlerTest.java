package io.raftbus.ingest.httpapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftbus.log.ChannelKey;
import io.raftbus.log.PublishCommand;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryHandlerTest {
    final ApiHarness api = new ApiHarness();

    @Test
    void shouldReturnEventsFromOffsetWithNext() {
        for (int i = 1; i <= 3; i++) {
            api.log.append(PublishCommand.of("3", "a", "e" + i, ("\"d" + i + "\"").getBytes(StandardCharsets.UTF_8)));
        }
        api.log.append(PublishCommand.of("3", "presence-p", "client-x", "{}".getBytes(StandardCharsets.UTF_8))
                .withUserId("u9"));
        ApiHarness.Answer a = api.get("/apps/3/channels/a/events", Map.of("from", "2", "limit", "1"));
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).matches("\\{\"events\":\\[\\{\"offset\":2,\"epoch\":7,\"timestamp_ms\":\\d+,"
                + "\"event\":\"e2\",\"data\":\"\\\\\"d2\\\\\"\"}],\"next\":3}");
        assertThat(api.get("/apps/3/channels/a/events", Map.of("from", "4")).body())
                .isEqualTo("{\"events\":[],\"next\":4}");
        assertThat(api.get("/apps/3/channels/presence-p/events", Map.of()).body()).contains("\"user_id\":\"u9\"");
    }

    @Test
    void shouldAnswer410WithOldestWhenOffsetExpired() {
        api.log.expireBefore(new ChannelKey("3", "a"), 5);
        ApiHarness.Answer a = api.get("/apps/3/channels/a/events", Map.of("from", "1"));
        assertThat(a.status()).isEqualTo(410);
        assertThat(a.body()).isEqualTo("{\"error\":\"expired\",\"oldest\":5}");
    }

    @Test
    void shouldRefuseBadParameters() {
        assertThat(api.get("/apps/3/channels/a/events", Map.of("from", "0")).status()).isEqualTo(400);
        assertThat(api.get("/apps/3/channels/a/events", Map.of("from", "x")).body()).contains("from");
        assertThat(api.get("/apps/3/channels/a/events", Map.of("limit", "1001")).body()).contains("limit");
        assertThat(api.get("/apps/3/channels/%23terminate/events", Map.of()).status()).isEqualTo(400);
    }
}
