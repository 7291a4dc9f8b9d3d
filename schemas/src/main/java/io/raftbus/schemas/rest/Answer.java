package io.raftbus.schemas.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Objects;

/**
 * What the server answers to one request; always sent as {@code application/vnd.schemaregistry.v1+json}.
 *
 * @param status the HTTP status.
 * @param body the JSON text.
 * @param headers extra headers (e.g. {@code WWW-Authenticate}).
 * @param close true if the connection is closed after it.
 */
record Answer(int status, String body, Map<String, String> headers, boolean close) {
    /** The mapper; thread-safe once configured. */
    static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    Answer {
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
    }

    /**
     * Returns a 200 with a value serialised as JSON.
     *
     * @param value a map, list, string, number or boolean.
     * @return the answer.
     */
    static Answer ok(Object value) {
        return new Answer(200, json(value), Map.of(), false);
    }

    /**
     * Returns a 200 with a body that is already JSON text (a raw schema).
     *
     * @param jsonText the body.
     * @return the answer.
     */
    static Answer raw(String jsonText) {
        return new Answer(200, jsonText, Map.of(), false);
    }

    static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass(), e);
        }
    }
}
