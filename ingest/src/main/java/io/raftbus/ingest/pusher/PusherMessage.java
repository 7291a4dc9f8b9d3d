package io.raftbus.ingest.pusher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One decoded inbound frame: {@code {"event":..,"channel":..,"data":..}}.
 *
 * @param event the event name, never empty.
 * @param channel the channel, or null.
 * @param data the data as it arrived (object, string or absent = null).
 */
public record PusherMessage(String event, String channel, JsonNode data) {
    /** Checks the invariants. */
    public PusherMessage {
        Objects.requireNonNull(event, "event");
    }

    /**
     * Returns the data of a control event ({@code pusher:subscribe}, {@code pusher:signin}) as an object: Pusher
     * clients send an object, the protocol document says a JSON-encoded string; both are accepted.
     *
     * @return the object, or an empty object if absent.
     * @throws PusherProtocolException with {@link PusherError#INVALID_MESSAGE} if it is neither.
     */
    public ObjectNode controlData() {
        if (data == null || data.isNull() || data.isMissingNode()) {
            return io.raftbus.ingest.internal.Json.MAPPER.createObjectNode();
        }
        if (data instanceof ObjectNode o) {
            return o;
        }
        if (data.isTextual()) {
            try {
                JsonNode parsed = io.raftbus.ingest.internal.Json.MAPPER.readTree(data.asText());
                if (parsed instanceof ObjectNode o) {
                    return o;
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                // fall through to the error below
            }
        }
        throw new PusherProtocolException(PusherError.INVALID_MESSAGE, "data of " + event + " must be an object",
                channel);
    }

    /**
     * Returns a string field of the control data.
     *
     * @param field the field.
     * @return the text, or null if absent or not a string.
     */
    public String text(String field) {
        JsonNode v = controlData().get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }
}
