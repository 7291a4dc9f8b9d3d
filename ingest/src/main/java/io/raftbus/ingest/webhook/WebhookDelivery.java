package io.raftbus.ingest.webhook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.raftbus.ingest.AppConfig;
import io.raftbus.ingest.internal.Json;
import io.raftbus.ingest.internal.Signatures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch of webhook events of an app, on its way to every target that wants some of them. Each target gets
 * {@code {"time_ms":..,"events":[..]}} with only the event types it asked for, signed with the app secret; a
 * failed POST (no answer or a non-2xx status) is retried with exponential back-off until it succeeds or the
 * retry period is over, when it is dropped and logged.
 *
 * <p>Driven by {@link #doWork(long)} on one thread; not thread-safe.
 */
final class WebhookDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDelivery.class);
    private static final long MAX_BACKOFF_MS = 60_000;
    private final AppConfig app;
    private final List<Target> targets = new ArrayList<>();
    private final WebhookTransport transport;
    private final WebhookSettings settings;

    /**
     * Creates a delivery.
     *
     * @param app the app.
     * @param events the events, each with a {@code name}.
     * @param nowMs the time the batch is created ({@code time_ms}).
     * @param transport where POSTs go.
     * @param settings the back-off settings.
     */
    WebhookDelivery(AppConfig app, List<ObjectNode> events, long nowMs, WebhookTransport transport,
                    WebhookSettings settings) {
        this.app = app;
        this.transport = transport;
        this.settings = settings;
        for (AppConfig.Webhook hook : app.webhooks()) {
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("time_ms", nowMs);
            ArrayNode list = body.putArray("events");
            for (ObjectNode e : events) {
                if (hook.wants(e.path("name").asText())) {
                    list.add(e);
                }
            }
            if (!list.isEmpty()) {
                byte[] bytes = body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                targets.add(new Target(hook.url(), bytes, Signatures.hmacSha256Hex(app.secret(), bytes), nowMs));
            }
        }
    }

    /**
     * Returns whether no target wants any of the events.
     *
     * @return true if there is nothing to send.
     */
    boolean isEmpty() {
        return targets.isEmpty();
    }

    /**
     * Sends, checks answers and retries.
     *
     * @param nowMs the current time.
     * @return true once every target has answered 2xx or been given up.
     */
    boolean doWork(long nowMs) {
        boolean done = true;
        for (Target t : targets) {
            done &= t.doWork(nowMs);
        }
        return done;
    }

    private final class Target {
        private final String url;
        private final byte[] body;
        private final String signature;
        private final long deadlineMs;
        private CompletableFuture<Integer> inFlight;
        private int attempts;
        private long nextAttemptMs;
        private boolean finished;

        Target(String url, byte[] body, String signature, long nowMs) {
            this.url = url;
            this.body = body;
            this.signature = signature;
            this.deadlineMs = nowMs + settings.retryForMs();
            this.nextAttemptMs = nowMs;
        }

        boolean doWork(long nowMs) {
            if (finished) {
                return true;
            }
            if (inFlight != null) {
                if (!inFlight.isDone()) {
                    return false;
                }
                Integer status = inFlight.isCompletedExceptionally() ? null : inFlight.join();
                inFlight = null;
                if (status != null && status >= 200 && status < 300) {
                    finished = true;
                    return true;
                }
                long backoff = Math.min(MAX_BACKOFF_MS, settings.initialBackoffMs() << Math.min(attempts - 1, 20));
                nextAttemptMs = nowMs + backoff;
                if (nextAttemptMs > deadlineMs) {
                    LOG.warn("webhook to {} of app {} dropped after {} attempts (last status {})", url, app.id(),
                            attempts, status);
                    finished = true;
                    return true;
                }
            }
            if (nowMs >= nextAttemptMs) {
                attempts++;
                try {
                    inFlight = transport.post(url, app.key(), signature, body);
                } catch (RuntimeException e) {
                    inFlight = CompletableFuture.failedFuture(e);
                }
            }
            return false;
        }
    }
}
