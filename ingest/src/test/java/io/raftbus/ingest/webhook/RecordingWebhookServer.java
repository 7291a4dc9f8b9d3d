package io.raftbus.ingest.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.raftbus.ingest.internal.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** A local webhook receiver that records every POST and answers with scripted statuses (then 200). */
final class RecordingWebhookServer implements AutoCloseable {
    /** One received POST. */
    record Received(String path, String key, String signature, String contentType, byte[] body) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
    private final HttpServer server;

    RecordingWebhookServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("X-Pusher-Key"),
                    exchange.getRequestHeaders().getFirst("X-Pusher-Signature"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body));
            Integer status = statuses.poll();
            exchange.sendResponseHeaders(status == null ? 200 : status, -1);
            exchange.close();
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /**
     * The one await helper of these tests: runs a step (a duty cycle) until the condition holds.
     */
    static void awaitWhile(String what, Runnable step, BooleanSupplier done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            step.run();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
