package io.raftbus.schemas;

/**
 * The schema check of the publish path: channels bound to subjects (config {@code raftbus.schemas.bindings})
 * only take data that matches the subject's schema. The edge calls {@link #validate} before publishing and
 * {@link #render} before sending a stored event to WebSocket clients (or the history endpoint). Thread-safe.
 */
public interface ChannelSchemas {
    /** No channel is bound: data is stored and delivered unchanged. */
    ChannelSchemas NONE = new ChannelSchemas() {
        @Override
        public Validated validate(String appId, String channel, byte[] data, boolean framed) {
            return new Validated(Validated.NO_SCHEMA, data);
        }

        @Override
        public byte[] render(int schemaId, byte[] stored) {
            return stored;
        }
    };

    /**
     * Checks data published to a channel.
     *
     * @param appId the app.
     * @param channel the channel.
     * @param data the published data: JSON text, or with {@code framed} a Confluent-framed Avro binary payload
     *     (magic byte 0, 4-byte big-endian id, Avro binary).
     * @param framed true if {@code data} is the framed binary form.
     * @return what to store: for an unbound channel the data unchanged and {@link Validated#NO_SCHEMA}; for a
     *     bound channel the Confluent-framed Avro binary and its schema id.
     * @throws SchemaViolationException if the channel is bound and the data does not match; the message names the
     *     field and the problem.
     */
    Validated validate(String appId, String channel, byte[] data, boolean framed) throws SchemaViolationException;

    /**
     * Renders stored data for Pusher clients.
     *
     * @param schemaId the stored schema id, or {@link Validated#NO_SCHEMA}.
     * @param stored the stored data.
     * @return JSON text (UTF-8) for a schema-bound event, the stored bytes otherwise.
     */
    byte[] render(int schemaId, byte[] stored);

    /**
     * What a publish stores.
     *
     * @param schemaId the schema id, or {@link #NO_SCHEMA}.
     * @param data the bytes to store.
     */
    record Validated(int schemaId, byte[] data) {
        /** The schema id of an unbound channel's event (the log's {@code PublishCommand.NO_SCHEMA}). */
        public static final int NO_SCHEMA = -1;
    }
}
