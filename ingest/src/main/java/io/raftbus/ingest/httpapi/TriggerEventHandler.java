package io.raftbus.ingest.httpapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.raftbus.ingest.AppConfig;
import io.raftbus.log.PublishCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /apps/{id}/events}: one event to 1..100 channels ({@code channels} or {@code channel}), with
 * {@code name}, string {@code data}, optional {@code socket_id} (excluded from delivery), {@code info} and
 * {@code idempotency_key} (or the {@code Idempotency-Key} header). One {@link PublishCommand} per channel, all
 * awaited; the answer is {@code {}} (or the requested {@code info}) only once every one is committed.
 */
final class TriggerEventHandler {
    private final PublishGate gate;
    private final OccupancyView occupancy;

    TriggerEventHandler(PublishGate gate, OccupancyView occupancy) {
        this.gate = gate;
        this.occupancy = occupancy;
    }

    /**
     * Serves a request.
     *
     * @param app the app.
     * @param request the authenticated request.
     * @return the JSON answer, or exceptionally an {@link HttpApiException}.
     */
    CompletableFuture<String> handle(AppConfig app, ApiRequest request) {
        ObjectNode body = EventRules.object(request.body());
        ParsedEvent event = ParsedEvent.parse(app, body, request.idempotencyKey(), "");
        List<PublishCommand> commands = new ArrayList<>(event.channels().size());
        for (String channel : event.channels()) {
            commands.add(event.command(app, channel, PublishGate.idempotencyKey(event.idempotencyKey(), channel)));
        }
        Set<String> info = event.info();
        return gate.publishAll(commands).thenApply(results -> info.isEmpty() ? "{}"
                : "{\"channels\":" + occupancy.attributesByChannel(app, event.channels(), info) + "}");
    }
}
