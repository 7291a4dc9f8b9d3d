package io.raftbus.ingest.httpapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.raftbus.ingest.AppConfig;
import io.raftbus.log.PublishCommand;
import io.raftbus.schemas.ChannelSchemas;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /apps/{id}/events}: one event to 1..100 channels ({@code channels} or {@code channel}), with
 * {@code name}, string {@code data}, optional {@code socket_id} (excluded from delivery), {@code info} and
 * {@code idempotency_key} (or the {@code Idempotency-Key} header). One {@link PublishCommand} per channel, all
 * awaited; the answer is {@code {}} (or the requested {@code info}) only once every one is committed. Each
 * channel bound to a schema checks the data (JSON, or with {@code "data_encoding":"confluent-base64"} a
 * base64 Confluent-framed payload) before anything is published: one mismatch refuses the whole request (400).
 */
final class TriggerEventHandler {
    private final PublishGate gate;
    private final OccupancyView occupancy;
    private final ChannelSchemas schemas;

    TriggerEventHandler(PublishGate gate, OccupancyView occupancy, ChannelSchemas schemas) {
        this.gate = gate;
        this.occupancy = occupancy;
        this.schemas = schemas;
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
            commands.add(event.command(app, channel, PublishGate.idempotencyKey(event.idempotencyKey(), channel),
                    schemas, ""));
        }
        Set<String> info = event.info();
        return gate.publishAll(commands).thenApply(results -> info.isEmpty() ? "{}"
                : "{\"channels\":" + occupancy.attributesByChannel(app, event.channels(), info) + "}");
    }
}
