package io.raftbus.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.pusher.client.Pusher;
import com.pusher.client.PusherOptions;
import com.pusher.client.connection.ConnectionEventListener;
import com.pusher.client.connection.ConnectionState;
import com.pusher.client.connection.ConnectionStateChange;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness itself: three node processes with edges, the Node clients, the webhook receiver, a crash and a
 * restart, and the Java WebSocket client reaching an edge. Holds on the edge skeleton, before any feature.
 */
@Timeout(120)
class EdgeHarnessIT {
    @TempDir
    Path dir;

    @Test
    void shouldStartKillAndRestartNodesWithHealthyEdgesAndRunRealClients() throws Exception {
        try (EdgeCluster cluster = EdgeCluster.start(dir, Map.of(), null);
             WebhookReceiver hooks = WebhookReceiver.start()) {
            for (int i = 0; i < 3; i++) {
                assertThat(cluster.healthy(i)).as("health of %s", cluster.nodeId(i)).isTrue();
            }
            int leader = cluster.leader();
            cluster.kill(leader);
            assertThat(cluster.healthy(leader)).isFalse();
            assertThat(cluster.leader()).isNotEqualTo(leader);
            cluster.restart(leader);
            assertThat(cluster.healthy(leader)).isTrue();

            try (NodeScript js = Clients.pusherJs(cluster, 0, "u1");
                 NodeScript sdk = Clients.nodeSdk(cluster, 1, Map.of())) {
                assertThat(js.lines(l -> l.path("type").asText().equals("ready")).get(0)
                        .path("versions").path("pusher-js").asText()).isEqualTo("8.6.0");
                assertThat(sdk.lines(l -> l.path("type").asText().equals("ready")).get(0)
                        .path("versions").path("pusher").asText()).isEqualTo("5.3.4");
                // the SDK's signed request reaches the edge and gets an HTTP answer (any status)
                sdk.send(Map.of("cmd", "get", "path", "/channels", "id", 1));
                JsonNode answer = sdk.answer(1);
                assertThat(answer.has("status")).as("an HTTP answer: %s", answer).isTrue();
            }

            HttpResponse<String> r = Clients.HTTP.send(HttpRequest.newBuilder(URI.create(hooks.url()))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"x\":1}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(hooks.requests()).singleElement().satisfies(q -> assertThat(q.body()).isEqualTo("{\"x\":1}"));

            List<ConnectionState> states = new CopyOnWriteArrayList<>();
            List<String> errors = new CopyOnWriteArrayList<>();
            Pusher java = new Pusher(Clients.APP.key(), new PusherOptions().setHost("127.0.0.1")
                    .setWsPort(cluster.port(2)).setWssPort(cluster.port(2)).setUseTLS(false));
            java.connect(new ConnectionEventListener() {
                @Override
                public void onConnectionStateChange(ConnectionStateChange change) {
                    states.add(change.getCurrentState());
                }

                @Override
                public void onError(String message, String code, Exception e) {
                    errors.add(code + " " + message);
                }
            }, ConnectionState.ALL);
            try {
                // on the edge skeleton the upgrade is answered 501 and the client gives up or retries; with the
                // WebSocket edge it connects. Either way it must have left CONNECTING: the attempt reached the edge.
                try {
                    Await.until("the Java client to connect or fail", Duration.ofSeconds(20),
                            () -> !errors.isEmpty() || states.stream().anyMatch(s -> s != ConnectionState.CONNECTING));
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; states " + states + ", errors " + errors, e);
                }
                assertThat(states).contains(ConnectionState.CONNECTING);
            } finally {
                java.disconnect();
            }
        }
    }
}
