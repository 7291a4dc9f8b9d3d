package io.raftbus.ingest.httpapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.raftbus.ingest.AppConfig;
import io.raftbus.log.PublishCommand;
import io.raftbus.schemas.ChannelSchemas;
import io.raftbus.schemas.SchemaViolationException;
import java.util.Base64;
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
 * @param framed true if {@code data} is a Confluent-framed Avro payload ({@code "data_encoding":
 *     "confluent-base64"}, data decoded from base64), false if it is the published text.
 */
record ParsedEvent(String name, byte[] data, List<String> channels, String socketId, Set<String> info,
                   String idempotencyKey, boolean framed) {
    /** The {@code data_encoding} of a base64 Confluent-framed Avro payload (magic 0, 4-byte id, binary). */
    static final String CONFLUENT_BASE64 = "confluent-base64";
    /** The default {@code data_encoding}: {@code data} is the event data as text (JSON for bound channels). */
    static final String TEXT = "text";

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
        String encoding = EventRules.optionalString(node, "data_encoding", where);
        boolean framed = CONFLUENT_BASE64.equals(encoding);
        if (encoding != null && !framed && !TEXT.equals(encoding)) {
            throw HttpApiException.badRequest(where + "data_encoding '" + EventRules.abbreviate(encoding)
                    + "' is unknown; use " + TEXT + " (default) or " + CONFLUENT_BASE64);
        }
        if (framed) {
            try {
                data = Base64.getDecoder().decode(data);
            } catch (IllegalArgumentException e) {
                throw HttpApiException.badRequest(where + "data is not valid base64 (data_encoding "
                        + CONFLUENT_BASE64 + "): " + e.getMessage());
            }
        }
        String socketId = EventRules.socketId(EventRules.optionalString(node, "socket_id", where), where);
        boolean allPresence = channels.stream().allMatch(c -> c.startsWith("presence-"));
        Set<String> info = EventRules.info(EventRules.optionalString(node, "info", where), app, allPresence, where);
        String bodyKey = EventRules.optionalString(node, "idempotency_key", where);
        if (bodyKey != null && headerKey != null && !bodyKey.equals(headerKey)) {
            throw HttpApiException.badRequest(where + "idempotency_key differs from the Idempotency-Key header");
        }
        return new ParsedEvent(name, data, channels, socketId, info, bodyKey != null ? bodyKey : headerKey,
                framed);
    }

    /**
     * Builds the command for one channel, checking the data against the channel's schema if it is bound: the
     * command then carries the Confluent-framed data and its schema id.
     *
     * @param app the app.
     * @param channel the channel.
     * @param key the composed idempotency key, or null.
     * @param schemas the schema check.
     * @param where a prefix for messages ({@code batch[i].}).
     * @return the command.
     * @throws HttpApiException (400 {@link HttpApiError#SCHEMA_MISMATCH}) if the data does not match, or 400 if
     *     framed data is sent to a channel that is not bound.
     */
    PublishCommand command(AppConfig app, String channel, String key, ChannelSchemas schemas, String where) {
        ChannelSchemas.Validated v;
        try {
            v = schemas.validate(app.id(), channel, data, framed);
        } catch (SchemaViolationException e) {
            throw new HttpApiException(HttpApiError.SCHEMA_MISMATCH, where + "data: " + e.getMessage());
        }
        if (framed && v.schemaId() == ChannelSchemas.Validated.NO_SCHEMA) {
            throw HttpApiException.badRequest(where + "data_encoding " + CONFLUENT_BASE64 + " needs a channel "
                    + "bound to a schema subject; channel '" + EventRules.abbreviate(channel) + "' is not bound");
        }
        return new PublishCommand(PublishGate.key(app.id(), channel), name, v.data(), key, socketId,
                v.schemaId());
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
