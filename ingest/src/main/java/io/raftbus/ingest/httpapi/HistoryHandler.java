package io.raftbus.ingest.httpapi;

import io.raftbus.ingest.AppConfig;
import io.raftbus.ingest.internal.Json;
import io.raftbus.log.ChannelEvent;
import io.raftbus.log.LogClient;
import io.raftbus.log.ReadResult;
import io.raftbus.schemas.ChannelSchemas;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /apps/{id}/channels/{name}/events?from=OFFSET&limit=N} (raftbus extension, signed like every API
 * call): a linearizable read of a channel's history, so an event acknowledged before is always included.
 *
 * <pre>
 * 200 {"events":[{"offset":1,"epoch":7,"timestamp_ms":1700000000000,"event":"e","data":"...","user_id":"u"?}],
 *      "next":2}
 * 410 {"error":"expired","oldest":N}      the offset was removed by retention; start again at N
 * </pre>
 * {@code from} defaults to 1, {@code limit} to 100 (at most 1000). {@code data} is the payload as UTF-8 text;
 * for an event of a schema-bound channel it is the event rendered as JSON, and {@code "schema_id":N} is added.
 */
final class HistoryHandler {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private final LogClient client;
    private final ChannelSchemas schemas;

    HistoryHandler(LogClient client, ChannelSchemas schemas) {
        this.client = client;
        this.schemas = schemas;
    }

    /**
     * Serves a request.
     *
     * @param app the app.
     * @param request the authenticated request.
     * @param channel the channel from the path.
     * @return the JSON answer, or exceptionally an {@link HttpApiException}.
     */
    CompletableFuture<String> handle(AppConfig app, ApiRequest request, String channel) {
        EventRules.queryableChannel(channel, app.limits());
        long from = number(request.param("from"), "from", 1, 1, Long.MAX_VALUE);
        int limit = (int) number(request.param("limit"), "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        return client.read(PublishGate.key(app.id(), channel), from, limit).thenApply(this::render);
    }

    private String render(ReadResult result) {
        if (result instanceof ReadResult.Expired ex) {
            throw HttpApiException.expired(ex.oldestOffset());
        }
        ReadResult.Events events = (ReadResult.Events) result;
        StringBuilder b = new StringBuilder("{\"events\":[");
        boolean first = true;
        for (ChannelEvent e : events.events()) {
            b.append(first ? "" : ",").append("{\"offset\":").append(e.offset()).append(",\"epoch\":")
                    .append(e.epoch()).append(",\"timestamp_ms\":").append(e.timestampMs()).append(",\"event\":")
                    .append(Json.quote(e.eventName())).append(",\"data\":")
                    .append(Json.quote(new String(schemas.render(e.schemaId(), e.data()),
                            StandardCharsets.UTF_8)));
            if (e.schemaId() != ChannelSchemas.Validated.NO_SCHEMA) {
                b.append(",\"schema_id\":").append(e.schemaId());
            }
            if (e.userId() != null) {
                b.append(",\"user_id\":").append(Json.quote(e.userId()));
            }
            b.append('}');
            first = false;
        }
        return b.append("],\"next\":").append(events.nextOffset()).append('}').toString();
    }

    private static long number(String value, String name, long dflt, long min, long max) {
        if (value == null) {
            return dflt;
        }
        try {
            long n = Long.parseLong(value);
            if (n < min || n > max) {
                throw HttpApiException.badRequest(name + " must be " + min + " to " + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw HttpApiException.badRequest(name + " must be a whole number, got '"
                    + EventRules.abbreviate(value) + "'");
        }
    }
}
