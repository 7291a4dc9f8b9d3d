package io.raftbus.ingest.httpapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelsQueryHandlerTest {
    final ApiHarness api = new ApiHarness();

    @Test
    void shouldListOccupiedChannelsFilteredByPrefix() {
        api.log.occupy("3", "presence-a", 2, 1);
        api.log.occupy("3", "b", 1, 0);
        api.log.occupy("3", "gone", 0, 0);
        api.log.occupy("counting", "other-app", 1, 0);
        assertThat(api.get("/apps/3/channels", Map.of()).body())
                .isEqualTo("{\"channels\":{\"b\":{},\"presence-a\":{}}}");
        assertThat(api.get("/apps/3/channels", Map.of("filter_by_prefix", "presence-", "info", "user_count")).body())
                .isEqualTo("{\"channels\":{\"presence-a\":{\"user_count\":1}}}");
    }

    @Test
    void shouldRefuseUserCountWithoutPresencePrefix() {
        ApiHarness.Answer a = api.get("/apps/3/channels", Map.of("info", "user_count"));
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body()).contains("presence");
        assertThat(api.get("/apps/3/channels", Map.of("filter_by_prefix", "private-", "info", "user_count"))
                .status()).isEqualTo(400);
    }

    @Test
    void shouldAnswerSubscriptionCountOnlyWhenAppCountsSubscriptions() {
        assertThat(api.get("/apps/3/channels", Map.of("info", "subscription_count")).status()).isEqualTo(400);
        api.log.occupy("counting", "a", 5, 0);
        ApiHarness.Answer a = api.send("GET", "/apps/counting/channels", Map.of("info", "subscription_count"), "",
                ApiHarness.COUNTING, ApiHarness.TIMESTAMP, null);
        assertThat(a.body()).isEqualTo("{\"channels\":{\"a\":{\"subscription_count\":5}}}");
    }

    @Test
    void shouldDescribeOneChannel() {
        api.log.occupy("3", "presence-a", 2, 1);
        assertThat(api.get("/apps/3/channels/presence-a", Map.of("info", "user_count")).body())
                .isEqualTo("{\"occupied\":true,\"user_count\":1}");
        assertThat(api.get("/apps/3/channels/empty", Map.of()).body()).isEqualTo("{\"occupied\":false}");
        assertThat(api.get("/apps/3/channels/empty", Map.of("info", "user_count")).status()).isEqualTo(400);
        assertThat(api.get("/apps/3/channels/bad%20name", Map.of()).status()).isEqualTo(400);
        assertThat(api.get("/apps/3/channels/%23cluster-g0", Map.of()).status()).isEqualTo(400);
    }

    @Test
    void shouldListUsersOfPresenceChannelOnly() {
        api.log.members("3", "presence-a", "u1", "u2");
        assertThat(api.get("/apps/3/channels/presence-a/users", Map.of()).body())
                .isEqualTo("{\"users\":[{\"id\":\"u1\"},{\"id\":\"u2\"}]}");
        ApiHarness.Answer a = api.get("/apps/3/channels/private-a/users", Map.of());
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body()).contains("presence");
    }
}
