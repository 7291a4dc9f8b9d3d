package io.raftbus.ingest.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP server on a free loopback port that records every request it receives and answers 200 {@code {}}
 * (or a configurable status, to test retries). Thread-safe.
 */
final class WebhookReceiver implements AutoCloseable {
    /**
     * One received request.
     *
     * @param method the HTTP method.
     * @param path the path and query.
     * @param headers the headers, names lower-case, first value each.
     * @param body the raw body as UTF-8 text.
     * @param receivedNanos {@link System#nanoTime()} at receipt.
     */
    record Request(String method, String path, Map<String, String> headers, String body, long receivedNanos) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    /**
     * Starts a receiver.
     *
     * @return the running receiver.
     * @throws IOException if it cannot bind.
     */
    static WebhookReceiver start() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        WebhookReceiver r = new WebhookReceiver(s);
        s.createContext("/", r::handle);
        s.start();
        return r;
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, String> headers = new TreeMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
        requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().toString(), headers,
                new String(body, StandardCharsets.UTF_8), System.nanoTime()));
        byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, answer.length);
        ex.getResponseBody().write(answer);
        ex.close();
    }

    /**
     * Returns the URL to configure as a webhook target.
     *
     * @return {@code http://127.0.0.1:<port>/hook}.
     */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /**
     * Sets the status code of later answers.
     *
     * @param code e.g. 500 to make the sender retry.
     */
    void answerWith(int code) {
        status = code;
    }

    /**
     * Returns the requests received so far.
     *
     * @return a copy, in arrival order.
     */
    List<Request> requests() {
        return new ArrayList<>(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
