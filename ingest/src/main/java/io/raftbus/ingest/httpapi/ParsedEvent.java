package io.raftbus.ingest.httpapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.raftbus.ingest.AppConfig;
import io.raftbus.log.PublishCommand;
import java.util.List;
import java.util.Set;

/**
 * One event of a trigger or batch request, checked against the app's limits.
 *
 * @param name the event name.
 * @param data the payload bytes.
 * @param channels the distinct channels.
 * @param socketId the excluded socket, or null.
 * @param info the info attributes asked for.
 * @param idempotencyKey the request's idempotency key, or null.
 */
record ParsedEvent(String name, byte[] data, List<String> channels, String socketId, Set<String> info,
                   String idempotencyKey) {

    /**
     * Parses and checks an event object.
     *
     * @param app the app.
     * @param node the object.
     * @param headerKey the {@code Idempotency-Key} header, or null.
     * @param where a prefix for messages ({@code batch[i].}).
     * @return the event.
     * @throws HttpApiException (400, 413) naming the field.
     */
    static ParsedEvent parse(AppConfig app, JsonNode node, String headerKey, String where) {
        if (!node.isObject()) {
            throw HttpApiException.badRequest(where.isEmpty() ? "body must be a JSON object"
                    : where.substring(0, where.length() - 1) + " must be a JSON object");
        }
        AppConfig.Limits limits = app.limits();
        String name = EventRules.eventName(EventRules.requiredString(node, "name", where), limits, where);
        List<String> channels = EventRules.channels(node, limits, where);
        byte[] data = EventRules.data(EventRules.requiredString(node, "data", where), limits, where);
        String socketId = EventRules.socketId(EventRules.optionalString(node, "socket_id", where), where);
        boolean allPresence = channels.stream().allMatch(c -> c.startsWith("presence-"));
        Set<String> info = EventRules.info(EventRules.optionalString(node, "info", where), app, allPresence, where);
        String bodyKey = EventRules.optionalString(node, "idempotency_key", where);
        if (bodyKey != null && headerKey != null && !bodyKey.equals(headerKey)) {
            throw HttpApiException.badRequest(where + "idempotency_key differs from the Idempotency-Key header");
        }
        return new ParsedEvent(name, data, channels, socketId, info, bodyKey != null ? bodyKey : headerKey);
    }

    /**
     * Builds the command for one channel.
     *
     * @param app the app.
     * @param channel the channel.
     * @param key the composed idempotency key, or null.
     * @return the command.
     */
    PublishCommand command(AppConfig app, String channel, String key) {
        return new PublishCommand(PublishGate.key(app.id(), channel), name, data, key, socketId,
                PublishCommand.NO_SCHEMA);
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "ParsedEvent[" + name + " " + channels + " " + data.length + "B]";
    }
}
