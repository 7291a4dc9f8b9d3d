package io.raftbus.ingest.httpapi;

import io.raftbus.ingest.AppConfig;
import io.raftbus.ingest.internal.Json;
import io.raftbus.log.PublishCommand;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /apps/{id}/users/{user_id}/terminate_connections}: publishes {@code terminate_connections} with data
 * {@code {"user_id":"<id>"}} to the app's system channel {@code #terminate}; the WebSocket edge of every node
 * closes that user's connections when it sees the committed event. Answers {@code {}} once committed.
 */
final class TerminateConnectionsHandler {
    /** The system channel the WebSocket edge watches. */
    static final String CHANNEL = "#terminate";
    /** The event name published there. */
    static final String EVENT = "terminate_connections";
    private final PublishGate gate;

    TerminateConnectionsHandler(PublishGate gate) {
        this.gate = gate;
    }

    /**
     * Serves a request.
     *
     * @param app the app.
     * @param request the authenticated request.
     * @param userId the user id from the path.
     * @return the JSON answer, or exceptionally an {@link HttpApiException}.
     */
    CompletableFuture<String> handle(AppConfig app, ApiRequest request, String userId) {
        int max = app.limits().maxPresenceUserIdLength();
        if (userId.isEmpty() || userId.length() > max) {
            throw HttpApiException.badRequest("user id must have 1 to " + max + " characters");
        }
        if (request.body().length > 0) {
            EventRules.object(request.body());
        }
        byte[] data = ("{\"user_id\":" + Json.quote(userId) + "}").getBytes(StandardCharsets.UTF_8);
        PublishCommand c = new PublishCommand(PublishGate.key(app.id(), CHANNEL), EVENT, data,
                PublishGate.idempotencyKey(request.idempotencyKey(), CHANNEL), null, PublishCommand.NO_SCHEMA);
        return gate.publishAll(List.of(c)).thenApply(r -> "{}");
    }
}
