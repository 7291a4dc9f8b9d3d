package io.raftbus.ingest.pusher;

import static io.raftbus.ingest.pusher.PusherTestKit.auth;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.raftbus.ingest.SchemaFixtures;
import io.raftbus.log.ChannelKey;
import io.raftbus.log.PublishCommand;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Client events and deliveries on channels bound to a schema ({@link SchemaFixtures#BINDINGS}). */
class SchemaBoundClientEventTest {
    private final PusherTestKit kit = new PusherTestKit(PusherTestKit.APP, SchemaFixtures.schemas());

    private PusherTestKit.Conn joined(String socket, String channel) {
        PusherTestKit.Conn c = kit.connect(socket, false);
        c.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel + "\",\"auth\":\""
                + auth(socket + ":" + channel) + "\"}}");
        c.all();
        return c;
    }

    @Test
    void shouldStoreFramedAndDeliverJsonWhenClientEventMatches() {
        PusherTestKit.Conn a = joined("1.1", "private-orders");
        PusherTestKit.Conn b = joined("2.2", "private-orders");
        a.send("{\"event\":\"client-new\",\"channel\":\"private-orders\",\"data\":{\"id\":\"o1\",\"amount\":3}}");
        assertThat(a.next()).isNull();
        JsonNode got = b.next();
        assertThat(got.path("event").asText()).isEqualTo("client-new");
        assertThat(got.path("data").asText()).isEqualTo("{\"id\":\"o1\",\"amount\":3}");
        PublishCommand c = kit.log.published.get(0);
        assertThat(c.schemaId()).isEqualTo(1);
        assertThat(c.data()).isEqualTo(SchemaFixtures.framedOrder(1, "o1", 3));
    }

    @Test
    void shouldSendPusherErrorNamingFieldAndPublishNothingWhenClientEventDoesNotMatch() {
        PusherTestKit.Conn a = joined("1.1", "private-orders");
        a.send("{\"event\":\"client-new\",\"channel\":\"private-orders\",\"data\":\"{\\\"id\\\":\\\"o1\\\","
                + "\\\"amount\\\":\\\"ten\\\"}\"}");
        JsonNode err = a.next();
        assertThat(err.path("event").asText()).isEqualTo("pusher:error");
        assertThat(err.path("channel").asText()).isEqualTo("private-orders");
        assertThat(err.path("data").path("code").asInt()).isEqualTo(4301);
        assertThat(err.path("data").path("message").asText()).isEqualTo("channel 'private-orders' (subject "
                + "orders-value, schema id 1): field 'amount': expected long, got string \"ten\"");
        assertThat(kit.log.published).isEmpty();
        assertThat(a.ch.isActive()).isTrue();
    }

    @Test
    void shouldDeliverJsonWhenServerEventOfBoundChannelIsCommitted() {
        PusherTestKit.Conn b = joined("2.2", "orders");
        kit.log.publish(new PublishCommand(new ChannelKey("app-id", "orders"), "created",
                SchemaFixtures.framedOrder(1, "o9", 42), null, null, 1));
        JsonNode got = b.next();
        assertThat(got.path("data").asText()).isEqualTo("{\"id\":\"o9\",\"amount\":42}");
    }

    @Test
    void shouldRenderJsonWhenCacheChannelReplaysLastEvent() {
        kit.log.publish(new PublishCommand(new ChannelKey("app-id", "orders-cache"), "created",
                "{}".getBytes(StandardCharsets.UTF_8), null, null, -1));
        kit.log.publish(new PublishCommand(new ChannelKey("app-id", "cache-orders"), "created",
                SchemaFixtures.framedOrder(1, "c1", 1), null, null, 1));
        PusherTestKit.Conn c = kit.connect("3.3", false);
        c.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"cache-orders\"}}");
        JsonNode cached = c.all().stream().filter(f -> f.path("event").asText().equals("created")).findFirst()
                .orElseThrow();
        assertThat(cached.path("data").asText()).isEqualTo("{\"id\":\"c1\",\"amount\":1}");
    }
}
