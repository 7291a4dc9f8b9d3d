package io.raftbus.ingest.httpapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftbus.log.ChannelKey;
import io.raftbus.log.LogError;
import io.raftbus.log.LogException;
import io.raftbus.log.PublishCommand;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TriggerEventHandlerTest {
    final ApiHarness api = new ApiHarness();

    private ApiHarness.Answer trigger(String body) {
        return api.post("/apps/3/events", body);
    }

    @Test
    void shouldPublishOneCommandPerChannelWhenEventNamesSeveralChannels() {
        ApiHarness.Answer a = trigger("{\"name\":\"e\",\"channels\":[\"a\",\"b\",\"a\"],\"data\":\"{\\\"x\\\":1}\","
                + "\"socket_id\":\"123.456\"}");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).isEqualTo("{}");
        assertThat(api.log.published).extracting(c -> c.channel().channel()).containsExactly("a", "b");
        PublishCommand c = api.log.published.get(0);
        assertThat(c.channel().app()).isEqualTo("3");
        assertThat(c.eventName()).isEqualTo("e");
        assertThat(new String(c.data(), StandardCharsets.UTF_8)).isEqualTo("{\"x\":1}");
        assertThat(c.excludeSocketId()).isEqualTo("123.456");
        assertThat(c.idempotencyKey()).isNull();
    }

    @Test
    void shouldPublishWhenSingleChannelFieldIsUsed() {
        assertThat(trigger("{\"name\":\"e\",\"channel\":\"private-x\",\"data\":\"d\"}").status()).isEqualTo(200);
        assertThat(api.log.stored(new ChannelKey("3", "private-x"))).hasSize(1);
    }

    @Test
    void shouldRefuseWithFieldNameWhenBodyIsInvalid() {
        assertBad("not json", "not valid JSON");
        assertBad("[1,2]", "JSON object");
        assertBad("{\"channels\":[\"a\"],\"data\":\"d\"}", "name is required");
        assertBad("{\"name\":7,\"channels\":[\"a\"],\"data\":\"d\"}", "name must be a string");
        assertBad("{\"name\":\"e\",\"channels\":[\"a\"]}", "data is required");
        assertBad("{\"name\":\"e\",\"channels\":[\"a\"],\"data\":{\"x\":1}}", "data must be a string");
        assertBad("{\"name\":\"e\",\"data\":\"d\"}", "channel is required");
        assertBad("{\"name\":\"e\",\"channels\":\"a\",\"data\":\"d\"}", "channels must be an array");
        assertBad("{\"name\":\"e\",\"channels\":[1],\"data\":\"d\"}", "channels must be an array of strings");
        assertBad("{\"name\":\"e\",\"channels\":[],\"data\":\"d\"}", "1 to 100");
        assertBad("{\"name\":\"e\",\"channels\":[\"a\"],\"channel\":\"b\",\"data\":\"d\"}", "not both");
        assertBad("{\"name\":\"e\",\"channels\":[\"a b\"],\"data\":\"d\"}", "not a valid name");
        assertBad("{\"name\":\"e\",\"channels\":[\"" + "c".repeat(165) + "\"],\"data\":\"d\"}", "longer than 164");
        assertBad("{\"name\":\"" + "n".repeat(201) + "\",\"channels\":[\"a\"],\"data\":\"d\"}", "1 to 200");
        assertBad("{\"name\":\"pusher:x\",\"channels\":[\"a\"],\"data\":\"d\"}", "reserved prefix");
        assertBad("{\"name\":\"e\",\"channels\":[\"a\"],\"data\":\"d\",\"socket_id\":\"abc\"}", "socket_id");
        assertBad("{\"name\":\"e\",\"channels\":[\"a\"],\"data\":\"d\",\"socket_id\":1.5}",
                "socket_id must be a string");
        assertBad("{\"name\":\"e\",\"channels\":[\"private-encrypted-a\",\"b\"],\"data\":\"d\"}",
                "private-encrypted");
        assertThat(api.log.published).isEmpty();
    }

    @Test
    void shouldRefuseWhenMoreChannelsThanLimit() {
        String channels = IntStream.range(0, 101).mapToObj(i -> "\"c" + i + "\"").collect(Collectors.joining(","));
        assertBad("{\"name\":\"e\",\"channels\":[" + channels + "],\"data\":\"d\"}", "1 to 100");
    }

    @Test
    void shouldAnswer413WhenDataIsLargerThanAppLimit() {
        String ok = "x".repeat(10 * 1024);
        assertThat(trigger("{\"name\":\"e\",\"channel\":\"a\",\"data\":\"" + ok + "\"}").status()).isEqualTo(200);
        ApiHarness.Answer a = trigger("{\"name\":\"e\",\"channel\":\"a\",\"data\":\"" + ok + "x\"}");
        assertThat(a.status()).isEqualTo(413);
        assertThat(a.body()).contains("10241 bytes");
        assertThat(api.log.published).hasSize(1);
    }

    @Test
    void shouldRefuseSystemChannelsButAllowServerToUser() {
        assertBad("{\"name\":\"e\",\"channel\":\"#cluster-g0\",\"data\":\"d\"}", "reserved");
        assertBad("{\"name\":\"e\",\"channel\":\"#terminate\",\"data\":\"d\"}", "reserved");
        assertBad("{\"name\":\"e\",\"channel\":\"#server-to-user-\",\"data\":\"d\"}", "reserved");
        assertThat(trigger("{\"name\":\"e\",\"channel\":\"#server-to-user-u1\",\"data\":\"d\"}").status())
                .isEqualTo(200);
        assertThat(api.log.published).extracting(c -> c.channel().channel()).containsExactly("#server-to-user-u1");
    }

    @Test
    void shouldAnswerInfoWhenAskedForPresenceChannels() {
        api.log.occupy("3", "presence-a", 3, 2);
        ApiHarness.Answer a = trigger("{\"name\":\"e\",\"channels\":[\"presence-a\",\"presence-b\"],\"data\":\"d\","
                + "\"info\":\"user_count\"}");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).isEqualTo("{\"channels\":{\"presence-a\":{\"user_count\":2},"
                + "\"presence-b\":{\"user_count\":0}}}");
    }

    @Test
    void shouldRefuseInfoWhenNotAllowed() {
        assertBad("{\"name\":\"e\",\"channels\":[\"presence-a\",\"b\"],\"data\":\"d\",\"info\":\"user_count\"}",
                "presence");
        assertBad("{\"name\":\"e\",\"channel\":\"a\",\"data\":\"d\",\"info\":\"subscription_count\"}",
                "subscription counting");
        assertBad("{\"name\":\"e\",\"channel\":\"a\",\"data\":\"d\",\"info\":\"cache\"}", "unknown");
    }

    @Test
    void shouldAnswerSubscriptionCountWhenAppCountsSubscriptions() {
        api.log.occupy("counting", "a", 4, 0);
        ApiHarness.Answer a = api.send("POST", "/apps/counting/events", Map.of(),
                "{\"name\":\"e\",\"channel\":\"a\",\"data\":\"d\",\"info\":\"subscription_count\"}",
                ApiHarness.COUNTING, ApiHarness.TIMESTAMP, null);
        assertThat(a.body()).isEqualTo("{\"channels\":{\"a\":{\"subscription_count\":4}}}");
    }

    @Test
    void shouldStoreOnceWhenRetriedWithSameIdempotencyKey() {
        String body = "{\"name\":\"e\",\"channels\":[\"a\",\"b\"],\"data\":\"d\"}";
        for (int i = 0; i < 2; i++) {
            ApiHarness.Answer a = api.send("POST", "/apps/3/events", Map.of(), body, ApiHarness.APP,
                    ApiHarness.TIMESTAMP, "req-1");
            assertThat(a.status()).isEqualTo(200);
        }
        assertThat(api.log.published).extracting(PublishCommand::idempotencyKey)
                .containsExactly("req-1:a", "req-1:b", "req-1:a", "req-1:b");
        assertThat(api.log.stored(new ChannelKey("3", "a"))).hasSize(1);
        assertThat(api.log.stored(new ChannelKey("3", "b"))).hasSize(1);
    }

    @Test
    void shouldTakeIdempotencyKeyFromBodyAndRefuseConflictWithHeader() {
        String body = "{\"name\":\"e\",\"channel\":\"a\",\"data\":\"d\",\"idempotency_key\":\"k\"}";
        assertThat(trigger(body).status()).isEqualTo(200);
        assertThat(api.log.published.get(0).idempotencyKey()).isEqualTo("k:a");
        ApiHarness.Answer a = api.send("POST", "/apps/3/events", Map.of(), body, ApiHarness.APP,
                ApiHarness.TIMESTAMP, "other");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body()).contains("idempotency_key");
    }

    @Test
    void shouldAnswer503AndNeverSuccessWhenLogCannotCommit() {
        for (LogError e : new LogError[] {LogError.UNAVAILABLE, LogError.DISK_FULL, LogError.TIMEOUT,
                LogError.CLOSED}) {
            api.log.failWith(new LogException(e, "test"));
            ApiHarness.Answer a = trigger("{\"name\":\"e\",\"channel\":\"a\",\"data\":\"d\"}");
            assertThat(a.status()).as(e.name()).isEqualTo(503);
            assertThat(a.body()).as(e.name()).contains(e.description());
        }
    }

    @Test
    void shouldMapLogRefusalsToClientErrors() {
        api.log.failWith(new LogException(LogError.EVENT_TOO_LARGE, "big"));
        assertThat(trigger("{\"name\":\"e\",\"channel\":\"a\",\"data\":\"d\"}").status()).isEqualTo(413);
        api.log.failWith(new LogException(LogError.INVALID_CHANNEL, "bad"));
        assertThat(trigger("{\"name\":\"e\",\"channel\":\"a\",\"data\":\"d\"}").status()).isEqualTo(400);
        api.log.failWith(new LogException(LogError.INTERNAL, "secret detail"));
        ApiHarness.Answer a = trigger("{\"name\":\"e\",\"channel\":\"a\",\"data\":\"d\"}");
        assertThat(a.status()).isEqualTo(500);
        assertThat(a.body()).doesNotContain("secret detail");
    }

    private void assertBad(String body, String message) {
        ApiHarness.Answer a = trigger(body);
        assertThat(a.status()).as(body).isEqualTo(400);
        assertThat(a.body()).as(body).startsWith("{\"error\":").contains(message);
    }
}
