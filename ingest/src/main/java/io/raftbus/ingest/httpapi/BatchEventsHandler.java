package io.raftbus.ingest.httpapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.raftbus.ingest.AppConfig;
import io.raftbus.log.PublishCommand;
import io.raftbus.schemas.ChannelSchemas;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /apps/{id}/batch_events}: {@code {"batch":[{name, channel, data, socket_id?, info?}, ...]}} with at
 * most the app's {@code max_batch_events} events, each to one channel. Every event is checked before any is
 * published; the answer is {@code {}} (or {@code {"batch":[attrs...]}} when some event asked for {@code info})
 * once all are committed. With an {@code Idempotency-Key} header, event i is stored under
 * {@code key:i:channel}. An event whose data does not match its bound channel's schema refuses the whole
 * batch (400 naming {@code batch[i].data}, the field and the problem), as Pusher refuses a batch with one invalid
 * event: nothing of it is stored.
 */
final class BatchEventsHandler {
    private final PublishGate gate;
    private final OccupancyView occupancy;
    private final ChannelSchemas schemas;

    BatchEventsHandler(PublishGate gate, OccupancyView occupancy, ChannelSchemas schemas) {
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
        JsonNode batch = body.get("batch");
        if (batch == null || !batch.isArray()) {
            throw HttpApiException.badRequest("batch is required, an array of events");
        }
        int max = app.limits().maxBatchEvents();
        if (batch.isEmpty() || batch.size() > max) {
            throw HttpApiException.badRequest("batch must have 1 to " + max + " events, got " + batch.size());
        }
        List<ParsedEvent> events = new ArrayList<>();
        List<PublishCommand> commands = new ArrayList<>();
        boolean anyInfo = false;
        for (int i = 0; i < batch.size(); i++) {
            String where = "batch[" + i + "].";
            JsonNode item = batch.get(i);
            if (item.isObject() && item.has("channels")) {
                throw HttpApiException.badRequest(where + "channels is not allowed in a batch; use channel");
            }
            ParsedEvent e = ParsedEvent.parse(app, item, null, where);
            String channel = e.channels().get(0);
            String key = e.idempotencyKey() != null ? PublishGate.idempotencyKey(e.idempotencyKey(), channel)
                    : PublishGate.idempotencyKey(request.idempotencyKey(), i + ":" + channel);
            events.add(e);
            commands.add(e.command(app, channel, key, schemas, where));
            anyInfo |= !e.info().isEmpty();
        }
        boolean withInfo = anyInfo;
        return gate.publishAll(commands).thenApply(results -> {
            if (!withInfo) {
                return "{}";
            }
            StringBuilder b = new StringBuilder("{\"batch\":[");
            for (int i = 0; i < events.size(); i++) {
                ParsedEvent e = events.get(i);
                b.append(i == 0 ? "" : ",").append(e.info().isEmpty() ? "{}"
                        : occupancy.attributes(app, e.channels().get(0), e.info()));
            }
            return b.append("]}").toString();
        });
    }
}
