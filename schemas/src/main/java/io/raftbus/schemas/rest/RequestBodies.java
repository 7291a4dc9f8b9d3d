package io.raftbus.schemas.rest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.raftbus.schemas.CompatibilityLevel;
import io.raftbus.schemas.RegistryError;
import io.raftbus.schemas.RegistryException;
import io.raftbus.schemas.SchemaRegistry;
import io.raftbus.schemas.SubjectVersion;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parsing of request bodies and path values, and the JSON shape of a subject version, as Confluent's server does
 * them: a body that is not a JSON object is 400 ({@code error_code} 400, rest-utils' JSON mappers); a missing or
 * empty {@code schema} is 42201; a bad version 42202; a bad level 42203.
 */
final class RequestBodies {
    /**
     * The body of register, lookup and compatibility requests.
     *
     * @param schema the schema text, not empty.
     * @param schemaType the type, or null for AVRO.
     */
    record SchemaBody(String schema, String schemaType) {
    }

    private RequestBodies() {
    }

    static SchemaBody schema(RegistryRequest r) throws RegistryException {
        JsonNode n = object(r);
        JsonNode schema = n.get("schema");
        if (schema == null || schema.isNull() || schema.isTextual() && schema.asText().isEmpty()) {
            throw new RegistryException(RegistryError.INVALID_SCHEMA, "Empty schema");
        }
        if (!schema.isTextual()) {
            throw RegistryHttpException.badRequest("'schema' must be a string holding the schema");
        }
        JsonNode type = n.get("schemaType");
        if (type != null && !type.isNull() && !type.isTextual()) {
            throw RegistryHttpException.badRequest("'schemaType' must be a string");
        }
        JsonNode refs = n.get("references");
        if (refs != null && !refs.isNull()) {
            if (!refs.isArray()) {
                throw RegistryHttpException.badRequest("'references' must be an array");
            }
            if (refs.size() > 0) {
                throw new RegistryException(RegistryError.INVALID_SCHEMA,
                        "Schema references are not supported by this registry");
            }
        }
        return new SchemaBody(schema.asText(), type == null || type.isNull() ? null : type.asText());
    }

    static CompatibilityLevel level(RegistryRequest r) throws RegistryException {
        JsonNode c = object(r).get("compatibility");
        if (c != null && c.isTextual()) {
            try {
                return CompatibilityLevel.valueOf(c.asText().trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // answered below
            }
        }
        throw new RegistryException(RegistryError.INVALID_COMPATIBILITY_LEVEL, "Invalid compatibility level. "
                + "Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and "
                + "full_transitive");
    }

    static String mode(RegistryRequest r) {
        JsonNode m = object(r).get("mode");
        return m != null && m.isTextual() ? m.asText().trim().toUpperCase(Locale.ROOT) : "";
    }

    /**
     * Parses a version path value.
     *
     * @param s a positive number, {@code latest} or {@code -1}.
     * @return the version or {@link SchemaRegistry#LATEST}.
     * @throws RegistryException {@link RegistryError#INVALID_VERSION}.
     */
    static int version(String s) throws RegistryException {
        if (s.equalsIgnoreCase("latest")) {
            return SchemaRegistry.LATEST;
        }
        try {
            int v = Integer.parseInt(s);
            if (v >= 1 || v == SchemaRegistry.LATEST) {
                return v;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new RegistryException(RegistryError.INVALID_VERSION, "The specified version '" + s + "' is not a "
                + "valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    static int id(String s) throws RegistryException {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new RegistryException(RegistryError.SCHEMA_NOT_FOUND, "Schema " + s + " not found");
        }
    }

    /**
     * Returns the JSON shape of a version: {@code subject, version, id, [schemaType,] schema}; {@code schemaType}
     * only when not AVRO, as Confluent's server omits it.
     */
    static Map<String, Object> entity(SubjectVersion v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subject", v.subject());
        m.put("version", v.version());
        m.put("id", v.id());
        if (v.schemaType() != null && !v.schemaType().equals("AVRO")) {
            m.put("schemaType", v.schemaType());
        }
        m.put("schema", v.schema());
        return m;
    }

    private static JsonNode object(RegistryRequest r) {
        if (r.body().length == 0) {
            return Answer.MAPPER.createObjectNode();
        }
        JsonNode n;
        try {
            n = Answer.MAPPER.readTree(r.body());
        } catch (JacksonException e) {
            throw RegistryHttpException.badRequest("Unrecognized JSON body: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw RegistryHttpException.badRequest("Unreadable body");
        }
        if (n == null || n.isMissingNode()) {
            return Answer.MAPPER.createObjectNode();
        }
        if (!n.isObject()) {
            throw RegistryHttpException.badRequest("The body must be a JSON object, got " + n.getNodeType());
        }
        return n;
    }
}
