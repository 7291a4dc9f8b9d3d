package io.raftbus.schemas.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.raftbus.schemas.CompatibilityLevel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Encodes and decodes registry commands: the data of one event in {@code _raftbus/#system-schemas}, UTF-8 JSON.
 *
 * <pre>
 * {"v":1, "op":&lt;code&gt;, "req":"&lt;request id&gt;", ...fields of the op}
 *
 *  op 1 REGISTER        "subject":str, "schema":str (canonical Avro JSON), "checkedAt":i64
 *  op 2 SET_LEVEL       "subject":str|null (null = global), "level":&lt;level code 1..7&gt;
 *  op 3 DELETE_LEVEL    "subject":str|null
 *  op 4 DELETE_SUBJECT  "subject":str, "permanent":bool
 *  op 5 DELETE_VERSION  "subject":str, "version":i32 (-1 = latest), "permanent":bool
 *
 *  level codes: 1 NONE, 2 BACKWARD, 3 BACKWARD_TRANSITIVE, 4 FORWARD, 5 FORWARD_TRANSITIVE, 6 FULL, 7 FULL_TRANSITIVE
 * </pre>
 *
 * <p>{@code v} is the format version (1, the only one written and accepted). {@code req} is the proposing node's
 * request id (also the publish's idempotency key), so the proposer finds the outcome of its own command. Decoding
 * is strict: anything else is {@link IllegalArgumentException}, which the fold records as a malformed no-op.
 * Stateless and thread-safe.
 */
final class RegistryCommandCodec {
    /** The one format version. */
    static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private RegistryCommandCodec() {
    }

    /**
     * A decoded event.
     *
     * @param requestId the proposer's request id.
     * @param command the command.
     */
    record Decoded(String requestId, RegistryCommand command) {
    }

    /**
     * Encodes a command.
     *
     * @param requestId the proposer's request id.
     * @param command the command.
     * @return the UTF-8 JSON bytes.
     */
    static byte[] encode(String requestId, RegistryCommand command) {
        ObjectNode o = JSON.createObjectNode();
        o.put("v", VERSION);
        o.put("op", command.op().code());
        o.put("req", requestId);
        if (command instanceof RegistryCommand.Register r) {
            o.put("subject", r.subject());
            o.put("schema", r.schema());
            o.put("checkedAt", r.checkedAt());
        } else if (command instanceof RegistryCommand.SetLevel l) {
            o.put("subject", l.subject());
            o.put("level", LevelCodes.code(l.level()));
        } else if (command instanceof RegistryCommand.DeleteLevel d) {
            o.put("subject", d.subject());
        } else if (command instanceof RegistryCommand.DeleteSubject d) {
            o.put("subject", d.subject());
            o.put("permanent", d.permanent());
        } else if (command instanceof RegistryCommand.DeleteVersion d) {
            o.put("subject", d.subject());
            o.put("version", d.version());
            o.put("permanent", d.permanent());
        }
        try {
            return JSON.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + command, e);
        }
    }

    /**
     * Decodes an event's data.
     *
     * @param data the bytes.
     * @return the command.
     * @throws IllegalArgumentException if the bytes are not a command of a known version and op.
     */
    static Decoded decode(byte[] data) {
        JsonNode o;
        try {
            o = JSON.readTree(new String(data, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (integer(o, "v") != VERSION) {
            throw new IllegalArgumentException("unknown format version " + o.get("v"));
        }
        RegistryOp op = RegistryOp.of(integer(o, "op"));
        if (op == null) {
            throw new IllegalArgumentException("unknown op " + o.get("op"));
        }
        String req = text(o, "req", false);
        RegistryCommand c = switch (op) {
            case REGISTER -> new RegistryCommand.Register(text(o, "subject", false), text(o, "schema", false),
                    longValue(o, "checkedAt"));
            case SET_LEVEL -> {
                CompatibilityLevel level = LevelCodes.level(integer(o, "level"));
                if (level == null) {
                    throw new IllegalArgumentException("unknown level code " + o.get("level"));
                }
                yield new RegistryCommand.SetLevel(text(o, "subject", true), level);
            }
            case DELETE_LEVEL -> new RegistryCommand.DeleteLevel(text(o, "subject", true));
            case DELETE_SUBJECT -> new RegistryCommand.DeleteSubject(text(o, "subject", false),
                    bool(o, "permanent"));
            case DELETE_VERSION -> new RegistryCommand.DeleteVersion(text(o, "subject", false),
                    integer(o, "version"), bool(o, "permanent"));
        };
        return new Decoded(req, c);
    }

    private static String text(JsonNode o, String field, boolean nullable) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            if (nullable) {
                return null;
            }
            throw new IllegalArgumentException("missing " + field);
        }
        if (!n.isTextual()) {
            throw new IllegalArgumentException(field + " is not a string");
        }
        return n.textValue();
    }

    private static int integer(JsonNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || !n.isInt()) {
            throw new IllegalArgumentException(field + " is not a 32-bit integer");
        }
        return n.intValue();
    }

    private static long longValue(JsonNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || !n.canConvertToLong() || !n.isIntegralNumber()) {
            throw new IllegalArgumentException(field + " is not an integer");
        }
        return n.longValue();
    }

    private static boolean bool(JsonNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || !n.isBoolean()) {
            throw new IllegalArgumentException(field + " is not a boolean");
        }
        return n.booleanValue();
    }
}
