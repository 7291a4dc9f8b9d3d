package io.raftbus.ingest.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A WebSocket client on raw Pusher frames ({@code java.net.http.WebSocket}), for what the official clients hide:
 * extra envelope fields such as {@code raftbus.offset}, and opt-in protocol extensions. Records every text frame.
 * Thread-safe.
 */
final class RawSocket implements WebSocket.Listener, AutoCloseable {
    private final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket socket;

    private RawSocket(int port, String extraQuery) throws Exception {
        URI uri = URI.create("ws://127.0.0.1:" + port + "/app/" + Clients.APP.key()
                + "?protocol=7&client=raftbus-it&version=1.0" + extraQuery);
        this.socket = Clients.HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, this).get(10, TimeUnit.SECONDS);
    }

    /**
     * Connects and waits for {@code pusher:connection_established}.
     *
     * @param port the edge's port.
     * @param extraQuery appended to the query, e.g. {@code &raftbus_resume=1}, or empty.
     * @return the connected socket.
     * @throws Exception if the handshake fails.
     */
    static RawSocket connect(int port, String extraQuery) throws Exception {
        RawSocket s = new RawSocket(port, extraQuery);
        s.await("connection_established", Duration.ofSeconds(10),
                f -> f.path("event").asText().equals("pusher:connection_established"));
        return s;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        synchronized (partial) {
            partial.append(data);
            if (last) {
                try {
                    frames.add(Clients.JSON.readTree(partial.toString()));
                } catch (IOException e) {
                    frames.add(Clients.JSON.createObjectNode().put("unparseable", partial.toString()));
                }
                partial.setLength(0);
            }
        }
        webSocket.request(1);
        return null;
    }

    /**
     * Sends one frame.
     *
     * @param frame the JSON frame.
     */
    void send(JsonNode frame) {
        CompletableFuture<WebSocket> f = socket.sendText(frame.toString(), true);
        f.join();
    }

    /**
     * Subscribes and waits for {@code pusher_internal:subscription_succeeded}.
     *
     * @param subscribeData the subscribe frame's {@code data} object.
     */
    void subscribe(JsonNode subscribeData) {
        String channel = subscribeData.path("channel").asText();
        send(Clients.JSON.createObjectNode().put("event", "pusher:subscribe").set("data", subscribeData));
        await("subscription_succeeded on " + channel, Duration.ofSeconds(10),
                f -> f.path("event").asText().equals("pusher_internal:subscription_succeeded")
                        && f.path("channel").asText().equals(channel));
    }

    /**
     * Waits for the first frame (from the start) that matches.
     *
     * @param what what is awaited.
     * @param timeout how long at most.
     * @param match the test.
     * @return the frame.
     */
    JsonNode await(String what, Duration timeout, Predicate<JsonNode> match) {
        try {
            Await.until(what, timeout, () -> frames.stream().anyMatch(match));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; frames: " + frames, e);
        }
        return frames.stream().filter(match).findFirst().orElseThrow();
    }

    /**
     * Returns the frames received so far that match.
     *
     * @param match the test.
     * @return the frames, in order.
     */
    List<JsonNode> frames(Predicate<JsonNode> match) {
        return frames.stream().filter(match).toList();
    }

    @Override
    public void close() {
        socket.abort();
    }
}
