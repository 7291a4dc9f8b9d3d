package io.raftbus.ingest.httpapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftbus.log.LogError;
import io.raftbus.log.LogException;
import io.raftbus.log.PublishCommand;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TerminateConnectionsHandlerTest {
    final ApiHarness api = new ApiHarness();

    @Test
    void shouldPublishTerminateEventToSystemChannel() {
        ApiHarness.Answer a = api.post("/apps/3/users/u%221/terminate_connections", "{}");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).isEqualTo("{}");
        PublishCommand c = api.log.published.get(0);
        assertThat(c.channel().channel()).isEqualTo("#terminate");
        assertThat(c.eventName()).isEqualTo("terminate_connections");
        assertThat(new String(c.data(), StandardCharsets.UTF_8)).isEqualTo("{\"user_id\":\"u\\\"1\"}");
    }

    @Test
    void shouldAcceptEmptyBodyAndRefuseBadOnes() {
        assertThat(api.post("/apps/3/users/u1/terminate_connections", "").status()).isEqualTo(200);
        assertThat(api.post("/apps/3/users/u1/terminate_connections", "nope").status()).isEqualTo(400);
        assertThat(api.post("/apps/3/users/" + "u".repeat(129) + "/terminate_connections", "{}").status())
                .isEqualTo(400);
    }

    @Test
    void shouldAnswer503WhenLogIsUnavailable() {
        api.log.failWith(new LogException(LogError.UNAVAILABLE, "no leader"));
        assertThat(api.post("/apps/3/users/u1/terminate_connections", "{}").status()).isEqualTo(503);
    }
}
