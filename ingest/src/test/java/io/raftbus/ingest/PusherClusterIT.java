package io.raftbus.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.raftbus.ingest.internal.Json;
import io.raftbus.ingest.internal.Signatures;
import io.raftbus.log.PeerAddress;
import io.raftbus.log.PublishCommand;
import io.raftbus.log.RaftLog;
import io.raftbus.log.RaftLogConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Three log nodes with an edge each: client events and published events cross nodes; resume on another node. */
@Timeout(180)
class PusherClusterIT {
    @TempDir
    static Path dir;
    private static final List<RaftLog> LOGS = new ArrayList<>();
    private static final List<IngestServer> EDGES = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        List<PeerAddress> peers = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            try (ServerSocket s = new ServerSocket(0)) {
                peers.add(new PeerAddress("n" + i, "127.0.0.1", s.getLocalPort()));
            }
        }
        for (PeerAddress p : peers) {
            RaftLog log = RaftLog.launch(RaftLogConfig.builder().nodeId(p.id()).peers(peers)
                    .dataDir(dir.resolve(p.id())).groupCount(1).minFreeDiskBytes(0)
                    .electionTimeoutMin(Duration.ofMillis(500)).electionTimeoutMax(Duration.ofMillis(1000)).build());
            LOGS.add(log);
            EDGES.add(IngestServer.launch(IngestConfig.defaults(0), log));
        }
        publish(0, "warmup", "{}");
    }

    @AfterAll
    static void stop() {
        EDGES.forEach(IngestServer::close);
        LOGS.forEach(RaftLog::close);
    }

    private static long publish(int node, String channel, String data) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                return LOGS.get(node).client().publish(PublishCommand.of("app-id", channel, "evt",
                        data.getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS).offset();
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    static final class Client implements WebSocket.Listener {
        final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket ws;
        String socketId;

        static Client connect(int node, String query) throws Exception {
            Client c = new Client();
            c.ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + EDGES.get(node).port() + "/app/app-key?protocol=7"
                            + query), c).get(10, TimeUnit.SECONDS);
            JsonNode est = c.next("pusher:connection_established");
            c.socketId = Json.MAPPER.readTree(est.path("data").asText()).path("socket_id").asText();
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

        JsonNode next(String event) throws InterruptedException {
            while (true) {
                JsonNode n = frames.poll(15, TimeUnit.SECONDS);
                assertThat(n).as("a " + event + " within 15 s").isNotNull();
                if (n.path("event").asText().equals(event)) {
                    return n;
                }
            }
        }

        void subscribePrivate(String channel) throws InterruptedException {
            ws.sendText("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel + "\",\"auth\":\"app-key:"
                    + Signatures.hmacSha256Hex("app-secret", socketId + ":" + channel) + "\"}}", true).join();
            next("pusher_internal:subscription_succeeded");
        }
    }

    @Test
    void shouldDeliverClientEventsAcrossNodesButNotToSender() throws Exception {
        Client a = Client.connect(0, "");
        Client b = Client.connect(1, "");
        a.subscribePrivate("private-chat");
        b.subscribePrivate("private-chat");
        a.ws.sendText("{\"event\":\"client-typing\",\"channel\":\"private-chat\",\"data\":{\"who\":\"a\"}}", true)
                .join();
        JsonNode got = b.next("client-typing");
        assertThat(got.path("data").asText()).isEqualTo("{\"who\":\"a\"}");
        publish(2, "private-chat", "{\"server\":1}");
        assertThat(a.next("evt").path("data").asText()).isEqualTo("{\"server\":1}");
        assertThat(b.next("evt").path("data").asText()).isEqualTo("{\"server\":1}");
        assertThat(a.frames.stream().noneMatch(f -> f.path("event").asText().equals("client-typing"))).isTrue();
    }

    @Test
    void shouldResumeOnAnotherNode() throws Exception {
        Client a = Client.connect(0, "&raftbus_resume=1");
        a.ws.sendText("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"ledger\"}}", true).join();
        a.next("pusher_internal:subscription_succeeded");
        publish(1, "ledger", "{\"n\":1}");
        JsonNode first = a.next("evt");
        long offset = first.path("raftbus").path("offset").asLong();
        long epoch = first.path("raftbus").path("epoch").asLong();
        a.ws.abort();
        publish(1, "ledger", "{\"n\":2}");
        publish(1, "ledger", "{\"n\":3}");
        Client r = Client.connect(2, "&raftbus_resume=1");
        r.ws.sendText("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"ledger\",\"resume\":{\"offset\":"
                + offset + ",\"epoch\":" + epoch + "}}}", true).join();
        r.next("pusher_internal:subscription_succeeded");
        List<String> data = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            if (i == 2) {
                publish(0, "ledger", "{\"n\":4}");
            }
            data.add(r.next("evt").path("data").asText());
        }
        assertThat(data).containsExactly("{\"n\":2}", "{\"n\":3}", "{\"n\":4}");
    }
}
