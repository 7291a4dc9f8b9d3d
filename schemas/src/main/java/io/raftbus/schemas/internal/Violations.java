package io.raftbus.schemas.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.EOFException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Readable messages for data that does not match a schema. Avro's own messages ("Expected long. Got
 * VALUE_STRING") name neither the field nor the value, so the path comes from {@link FieldPathException} and the
 * value from the publisher's JSON tree: {@code field 'amount': expected long, got string "abc"}.
 */
final class Violations {
    private static final int MAX_VALUE_CHARS = 40;

    private Violations() {
    }

    /**
     * Finds a JSON object member that the schema has no field for (Avro's JSON decoder would drop it silently, and
     * subscribers would not get what was published).
     *
     * @param schema the schema of {@code node}.
     * @param node the JSON value.
     * @param prefix the dotted path of {@code node} followed by a dot, or empty at the top.
     * @return the message, or null if every member is a field.
     */
    static String extraField(Schema schema, JsonNode node, String prefix) {
        switch (schema.getType()) {
            case RECORD -> {
                if (!node.isObject()) {
                    return null;
                }
                Iterator<String> names = node.fieldNames();
                while (names.hasNext()) {
                    String name = names.next();
                    Schema.Field f = schema.getField(name);
                    if (f == null) {
                        List<String> known = new ArrayList<>();
                        schema.getFields().forEach(x -> known.add(x.name()));
                        return "field '" + prefix + name + "' is not in the schema (record " + schema.getName()
                                + " has " + known + ")";
                    }
                    String inner = extraField(f.schema(), node.get(name), prefix + name + ".");
                    if (inner != null) {
                        return inner;
                    }
                }
                return null;
            }
            case UNION -> {
                if (node.isObject() && node.size() == 1) {
                    String key = node.fieldNames().next();
                    for (Schema branch : schema.getTypes()) {
                        if (branch.getFullName().equals(key)) {
                            return extraField(branch, node.get(key), prefix);
                        }
                    }
                }
                return null;
            }
            case ARRAY -> {
                if (node.isArray()) {
                    for (JsonNode item : node) {
                        String inner = extraField(schema.getElementType(), item, prefix);
                        if (inner != null) {
                            return inner;
                        }
                    }
                }
                return null;
            }
            case MAP -> {
                if (node.isObject()) {
                    for (JsonNode value : node) {
                        String inner = extraField(schema.getValueType(), value, prefix);
                        if (inner != null) {
                            return inner;
                        }
                    }
                }
                return null;
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * Describes why JSON data failed to decode.
     *
     * @param top the schema.
     * @param tree the published JSON.
     * @param e the failure.
     * @return e.g. {@code field 'amount': expected long, got string "abc"}.
     */
    static String jsonFailure(Schema top, JsonNode tree, FieldPathException e) {
        Schema s = top;
        JsonNode n = tree;
        for (String name : e.path()) {
            if (s.getType() == Schema.Type.UNION) {
                Schema branch = null;
                if (n != null && n.isObject() && n.size() == 1) {
                    String key = n.fieldNames().next();
                    for (Schema b : s.getTypes()) {
                        if (b.getFullName().equals(key)) {
                            branch = b;
                            n = n.get(key);
                        }
                    }
                }
                if (branch == null) {
                    branch = s.getTypes().stream().filter(b -> b.getType() == Schema.Type.RECORD).findFirst()
                            .orElse(s);
                }
                s = branch;
            }
            Schema.Field f = s.getType() == Schema.Type.RECORD ? s.getField(name) : null;
            if (f == null) {
                break;
            }
            s = f.schema();
            n = n != null && n.isObject() ? n.get(name) : null;
        }
        String field = "field '" + String.join(".", e.path()) + "'";
        if (n == null) {
            return field + " is missing (expected " + describe(s) + ")";
        }
        String got = describe(n);
        if (n.isContainerNode()) {
            got = got + " that does not match (" + e.getMessage() + ")";
        }
        return field + ": expected " + describe(s) + ", got " + got;
    }

    /**
     * Describes why framed binary data failed to decode.
     *
     * @param e the failure.
     * @return e.g. {@code field 'amount': the data ends inside this field (truncated)}.
     */
    static String binaryFailure(FieldPathException e) {
        String field = "field '" + String.join(".", e.path()) + "'";
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof EOFException) {
                return field + ": the data ends inside this field (truncated)";
            }
        }
        return field + ": cannot be decoded (" + e.getMessage() + ")";
    }

    /**
     * Describes a schema as the JSON a publisher writes for it.
     *
     * @param s the schema.
     * @return e.g. {@code long}, {@code null or {"string": string}}.
     */
    static String describe(Schema s) {
        String base = switch (s.getType()) {
            case RECORD -> "object (record " + s.getName() + ")";
            case ENUM -> "one of " + s.getEnumSymbols();
            case ARRAY -> "array of " + describe(s.getElementType());
            case MAP -> "object of " + describe(s.getValueType()) + " values";
            case FIXED -> "string of " + s.getFixedSize() + " bytes (fixed " + s.getName() + ")";
            case BYTES -> "bytes (a string, one character per byte)";
            case UNION -> {
                List<String> branches = new ArrayList<>();
                for (Schema b : s.getTypes()) {
                    branches.add(b.getType() == Schema.Type.NULL ? "null"
                            : "{\"" + b.getFullName() + "\": " + describe(b) + "}");
                }
                yield String.join(" or ", branches);
            }
            default -> s.getType().getName();
        };
        return s.getLogicalType() == null ? base : base + " (" + s.getLogicalType().getName() + ")";
    }

    /**
     * Describes a JSON value.
     *
     * @param n the value.
     * @return e.g. {@code string "abc"}, {@code number 1.5}, {@code object}.
     */
    static String describe(JsonNode n) {
        if (n.isTextual()) {
            String v = n.asText();
            return "string " + quote(v.length() > MAX_VALUE_CHARS ? v.substring(0, MAX_VALUE_CHARS) + "..." : v);
        }
        if (n.isNumber()) {
            return "number " + n.asText();
        }
        if (n.isBoolean()) {
            return "boolean " + n.asText();
        }
        if (n.isNull()) {
            return "null";
        }
        return n.isArray() ? "array" : "object";
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
