package io.raftbus.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.raftbus.ingest.internal.Json;
import io.raftbus.ingest.internal.Signatures;
import io.raftbus.log.PublishCommand;
import io.raftbus.log.PublishResult;
import io.raftbus.log.RaftLog;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A single-node log, the edge, and a plain java.net.http WebSocket client. */
@Timeout(120)
class PusherWebSocketIT {
    @TempDir
    static Path dir;
    private static RaftLog log;
    private static IngestServer edge;

    @BeforeAll
    static void start() throws Exception {
        log = SingleNodeLog.launch(dir);
        edge = IngestServer.launch(IngestConfig.defaults(0), log);
        publish("warmup", "{}");
    }

    @AfterAll
    static void stop() {
        if (edge != null) {
            edge.close();
        }
        if (log != null) {
            log.close();
        }
    }

    private static PublishResult publish(String channel, String data) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return log.client().publish(PublishCommand.of("app-id", channel, "evt",
                        data.getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    static final class Client implements WebSocket.Listener {
        final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket ws;

        static Client connect(String query) throws Exception {
            return connect(query, edge.port());
        }

        static Client connect(String query, int port) throws Exception {
            Client c = new Client();
            c.ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/app/" + query), c)
                    .get(10, TimeUnit.SECONDS);
            return c;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    frames.add(Json.MAPPER.readTree(partial.toString()));
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        JsonNode next() throws InterruptedException {
            JsonNode n = frames.poll(10, TimeUnit.SECONDS);
            assertThat(n).as("a frame within 10 s").isNotNull();
            return n;
        }

        JsonNode next(String event) throws InterruptedException {
            while (true) {
                JsonNode n = next();
                if (n.path("event").asText().equals(event)) {
                    return n;
                }
            }
        }

        void send(String text) {
            ws.sendText(text, true).join();
        }

        String socketId() throws Exception {
            JsonNode est = next("pusher:connection_established");
            return Json.MAPPER.readTree(est.path("data").asText()).path("socket_id").asText();
        }
    }

    @Test
    void shouldConnectSubscribeAndReceivePublishedEvents() throws Exception {
        Client c = Client.connect("app-key?protocol=7&client=java&version=1");
        String socketId = c.socketId();
        assertThat(socketId).matches("\\d+\\.\\d+");
        c.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"news\"}}");
        c.next("pusher_internal:subscription_succeeded");
        publish("news", "{\"hello\":1}");
        JsonNode e = c.next("evt");
        assertThat(e.path("channel").asText()).isEqualTo("news");
        assertThat(e.path("data").asText()).isEqualTo("{\"hello\":1}");
        assertThat(e.has("raftbus")).isFalse();
        c.send("{\"event\":\"pusher:ping\",\"data\":{}}");
        c.next("pusher:pong");
        String ch = "private-x";
        c.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + ch + "\",\"auth\":\"app-key:"
                + Signatures.hmacSha256Hex("app-secret", socketId + ":" + ch) + "\"}}");
        c.next("pusher_internal:subscription_succeeded");
        c.ws.sendClose(1000, "bye").join();
    }

    @Test
    void shouldCloseWith4001ForUnknownKeyAnd4008WithoutProtocol() throws Exception {
        Client c = Client.connect("nope?protocol=7");
        assertThat(c.next("pusher:error").path("data").path("code").asInt()).isEqualTo(4001);
        assertThat(c.closed.get(10, TimeUnit.SECONDS)).isEqualTo(4001);
        Client d = Client.connect("app-key");
        assertThat(d.closed.get(10, TimeUnit.SECONDS)).isEqualTo(4008);
    }

    @Test
    void shouldResumeExactlyTheGapAfterReconnect() throws Exception {
        Client c = Client.connect("app-key?protocol=7&raftbus_resume=1");
        c.socketId();
        c.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"orders\"}}");
        JsonNode ok = c.next("pusher_internal:subscription_succeeded");
        long epochAtStart = ok.path("raftbus").path("epoch").asLong();
        publish("orders", "{\"n\":1}");
        JsonNode first = c.next("evt");
        long offset = first.path("raftbus").path("offset").asLong();
        long epoch = first.path("raftbus").path("epoch").asLong();
        assertThat(offset).isPositive();
        assertThat(epochAtStart == 0 || epochAtStart == epoch).isTrue();
        c.ws.sendClose(1000, "away").join();
        publish("orders", "{\"n\":2}");
        publish("orders", "{\"n\":3}");
        Client r = Client.connect("app-key?protocol=7&raftbus_resume=1");
        r.socketId();
        r.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"orders\",\"resume\":{\"offset\":" + offset
                + ",\"epoch\":" + epoch + "}}}");
        r.next("pusher_internal:subscription_succeeded");
        assertThat(r.next("evt").path("raftbus").path("offset").asLong()).isEqualTo(offset + 1);
        assertThat(r.next("evt").path("raftbus").path("offset").asLong()).isEqualTo(offset + 2);
        publish("orders", "{\"n\":4}");
        JsonNode live = r.next("evt");
        assertThat(live.path("raftbus").path("offset").asLong()).isEqualTo(offset + 3);
        assertThat(live.path("data").asText()).isEqualTo("{\"n\":4}");
        assertThat(r.frames.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }
}
