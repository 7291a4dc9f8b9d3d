package io.raftbus.log;

import java.util.Objects;

/**
 * One event to append to a channel.
 *
 * <p>The record checks only structural invariants (non-null fields, {@code schemaId >= -1}); names and sizes
 * from untrusted input are checked by {@link ChannelRules} and the configured limits when it is published.
 * The data array is owned by the record after construction: callers must not change it.
 *
 * @param channel the app and channel to append to.
 * @param eventName the event name, as Pusher clients see it.
 * @param data the event payload, opaque bytes (usually JSON text).
 * @param idempotencyKey a key that makes retries store the event once within the dedupe window, or null.
 * @param excludeSocketId the Pusher socket id that must not receive the event, or null.
 * @param schemaId the Schema Registry id the data was checked against, or {@link #NO_SCHEMA}.
 * @param userId the presence user id of the client that sent a client event (Pusher adds it to the delivered
 *     envelope), or null.
 */
public record PublishCommand(ChannelKey channel, String eventName, byte[] data, String idempotencyKey,
                             String excludeSocketId, int schemaId, String userId) {
    /** The schema id of an event that is not bound to a schema. */
    public static final int NO_SCHEMA = -1;

    /** Checks the structural invariants. */
    public PublishCommand {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(data, "data");
        if (schemaId < NO_SCHEMA) {
            throw new IllegalArgumentException("schemaId must be >= -1: " + schemaId);
        }
    }

    /**
     * Creates a command without a user id.
     *
     * @param channel the app and channel to append to.
     * @param eventName the event name.
     * @param data the payload.
     * @param idempotencyKey the idempotency key, or null.
     * @param excludeSocketId the excluded socket id, or null.
     * @param schemaId the schema id, or {@link #NO_SCHEMA}.
     */
    public PublishCommand(ChannelKey channel, String eventName, byte[] data, String idempotencyKey,
                          String excludeSocketId, int schemaId) {
        this(channel, eventName, data, idempotencyKey, excludeSocketId, schemaId, null);
    }

    /**
     * Creates a command with no idempotency key, no excluded socket and no schema.
     *
     * @param app the app id.
     * @param channel the channel name.
     * @param eventName the event name.
     * @param data the payload.
     * @return the command.
     */
    public static PublishCommand of(String app, String channel, String eventName, byte[] data) {
        return new PublishCommand(new ChannelKey(app, channel), eventName, data, null, null, NO_SCHEMA);
    }

    /**
     * Returns a copy with the given idempotency key.
     *
     * @param key the key, or null for none.
     * @return the copy.
     */
    public PublishCommand withIdempotencyKey(String key) {
        return new PublishCommand(channel, eventName, data, key, excludeSocketId, schemaId, userId);
    }

    /**
     * Returns a copy that is not delivered to the given socket.
     *
     * @param socketId the Pusher socket id, or null for none.
     * @return the copy.
     */
    public PublishCommand withExcludeSocketId(String socketId) {
        return new PublishCommand(channel, eventName, data, idempotencyKey, socketId, schemaId, userId);
    }

    /**
     * Returns a copy bound to a schema id.
     *
     * @param id the Schema Registry id, or {@link #NO_SCHEMA}.
     * @return the copy.
     */
    public PublishCommand withSchemaId(int id) {
        return new PublishCommand(channel, eventName, data, idempotencyKey, excludeSocketId, id, userId);
    }

    /**
     * Returns a copy carrying the sender's presence user id.
     *
     * @param id the user id, or null for none.
     * @return the copy.
     */
    public PublishCommand withUserId(String id) {
        return new PublishCommand(channel, eventName, data, idempotencyKey, excludeSocketId, schemaId, id);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PublishCommand p && channel.equals(p.channel) && eventName.equals(p.eventName)
                && java.util.Arrays.equals(data, p.data) && Objects.equals(idempotencyKey, p.idempotencyKey)
                && Objects.equals(excludeSocketId, p.excludeSocketId) && schemaId == p.schemaId
                && Objects.equals(userId, p.userId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(channel, eventName, java.util.Arrays.hashCode(data), idempotencyKey, excludeSocketId,
                schemaId);
    }

    @Override
    public String toString() {
        return "PublishCommand[" + channel + " " + eventName + " " + data.length + "B key=" + idempotencyKey + "]";
    }
}
