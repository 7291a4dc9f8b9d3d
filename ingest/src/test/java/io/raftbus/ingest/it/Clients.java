package io.raftbus.ingest.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.raftbus.ingest.AppConfig;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Starts the test clients against a node of an {@link EdgeCluster}, with the development app's credentials. */
final class Clients {
    static final AppConfig APP = AppConfig.development();
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();

    private Clients() {
    }

    /**
     * Starts a pusher-js client ({@code subscriber.js}) on a node.
     *
     * @param cluster the cluster.
     * @param node the node's index.
     * @param user the presence user id it authorises as.
     * @return the running client.
     */
    static NodeScript pusherJs(EdgeCluster cluster, int node, String user) {
        return pusherJs(cluster, node, user, Map.of());
    }

    /**
     * Starts a pusher-js client with extra environment, e.g. a wrong {@code RB_SECRET}.
     *
     * @param cluster the cluster.
     * @param node the node's index.
     * @param user the presence user id.
     * @param extra extra environment variables.
     * @return the running client.
     */
    static NodeScript pusherJs(EdgeCluster cluster, int node, String user, Map<String, String> extra) {
        Map<String, String> env = base(cluster, node);
        env.put("RB_USER", user);
        env.putAll(extra);
        return NodeScript.start("subscriber.js", env);
    }

    /**
     * Starts the pusher Node SDK ({@code api.js}) against a node.
     *
     * @param cluster the cluster.
     * @param node the node's index.
     * @param extra extra environment variables ({@code RB_SECRET}, {@code RB_CLOCK_SKEW_S}).
     * @return the running SDK.
     */
    static NodeScript nodeSdk(EdgeCluster cluster, int node, Map<String, String> extra) {
        Map<String, String> env = base(cluster, node);
        env.putAll(extra);
        return NodeScript.start("api.js", env);
    }

    private static Map<String, String> base(EdgeCluster cluster, int node) {
        Map<String, String> env = new HashMap<>();
        env.put("RB_PORT", Integer.toString(cluster.port(node)));
        env.put("RB_APP_ID", APP.id());
        env.put("RB_KEY", APP.key());
        env.put("RB_SECRET", APP.secret());
        return env;
    }

    /**
     * Waits until a pusher-js client reports its subscription succeeded.
     *
     * @param client the client.
     * @param channel the channel.
     * @return the {@code subscribed} line (with {@code members} on presence channels).
     */
    static JsonNode subscribe(NodeScript client, String channel) {
        client.send(Map.of("cmd", "subscribe", "channel", channel));
        return client.await("subscribed to " + channel, Duration.ofSeconds(15),
                l -> l.path("type").asText().equals("subscribed") && l.path("channel").asText().equals(channel));
    }

    /**
     * Publishes one event through the HTTP API with a request signed here (no SDK), optionally idempotent.
     *
     * @param baseUrl the edge's URL.
     * @param channel the channel.
     * @param event the event name.
     * @param data the data (sent as its JSON string, as the SDKs do).
     * @param idempotencyKey the {@code Idempotency-Key} header, or null.
     * @return the response.
     * @throws IOException if the request fails on the network.
     * @throws InterruptedException if interrupted.
     */
    static HttpResponse<String> publish(String baseUrl, String channel, String event, JsonNode data,
                                        String idempotencyKey) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.put("name", event);
        body.putArray("channels").add(channel);
        body.put("data", JSON.writeValueAsString(data));
        var b = SignedRequests.request(baseUrl, "POST", "/apps/" + APP.id() + "/events", Map.of(),
                JSON.writeValueAsString(body), APP.key(), APP.secret(), System.currentTimeMillis() / 1000)
                .timeout(Duration.ofSeconds(20));
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Parses the {@code data} of an event line: pusher-js gives an object for JSON strings, but be lenient.
     *
     * @param eventLine a line printed by {@code subscriber.js}.
     * @return the data as JSON.
     */
    static JsonNode data(JsonNode eventLine) {
        JsonNode d = eventLine.path("data");
        if (d.isTextual()) {
            try {
                return JSON.readTree(d.asText());
            } catch (IOException e) {
                return d;
            }
        }
        return d;
    }

    /**
     * Returns a JSON object of one field.
     *
     * @param field the field.
     * @param value its number.
     * @return the object.
     */
    static ObjectNode obj(String field, long value) {
        return JSON.createObjectNode().put(field, value);
    }

    /**
     * Returns the sorted user ids of a {@code /channels/{ch}/users} answer.
     *
     * @param body the answer's body.
     * @return the ids.
     */
    static List<String> userIds(JsonNode body) {
        return body.path("users").findValuesAsText("id").stream().sorted().toList();
    }
}
