package io.raftbus.schemas;

import java.util.List;

/**
 * The answer of a compatibility test: {@code {"is_compatible": ..., "messages": [...]}}.
 *
 * @param compatible true if the schema passes the subject's level.
 * @param messages one line per incompatibility (Avro's type, location and message), empty when compatible.
 */
public record CompatibilityResult(boolean compatible, List<String> messages) {
}
