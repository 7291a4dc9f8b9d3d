package io.raftbus.schemas.internal;

import io.raftbus.schemas.CompatibilityLevel;
import io.raftbus.schemas.CompatibilityResult;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * The Confluent compatibility rules, checked with Avro's {@link SchemaCompatibility} exactly as Confluent's
 * {@code AvroSchema.isBackwardCompatible} does:
 *
 * <pre>
 * BACKWARD  reader = new schema, writer = previous     (the new schema reads old data)
 * FORWARD   reader = previous,   writer = new schema   (old readers read new data)
 * FULL      both
 * *_TRANSITIVE against every previous (non-deleted) version, newest first; otherwise against the latest only
 * NONE      no check
 * </pre>
 *
 * Used by the proposing node only, never by the fold, so an Avro upgrade cannot change what a replayed log means.
 * Stateless and thread-safe.
 */
final class CompatibilityChecker {
    private CompatibilityChecker() {
    }

    /**
     * One earlier version to check against.
     *
     * @param version its version number, for messages.
     * @param schema its schema.
     */
    record Previous(int version, Schema schema) {
    }

    /**
     * Checks a candidate against a subject's previous versions under a level.
     *
     * @param level the level.
     * @param candidate the new schema.
     * @param newestFirst the subject's non-deleted versions, newest first; empty means compatible.
     * @return the verdict, with one message per incompatibility.
     */
    static CompatibilityResult check(CompatibilityLevel level, Schema candidate, List<Previous> newestFirst) {
        if (level == CompatibilityLevel.NONE || newestFirst.isEmpty()) {
            return new CompatibilityResult(true, List.of());
        }
        List<Previous> against = transitive(level) ? newestFirst : newestFirst.subList(0, 1);
        List<String> messages = new ArrayList<>();
        for (Previous p : against) {
            if (backward(level)) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, p.schema()),
                        "the new schema cannot read data written with version " + p.version(), messages);
            }
            if (forward(level)) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(p.schema(), candidate),
                        "version " + p.version() + " cannot read data written with the new schema", messages);
            }
        }
        return new CompatibilityResult(messages.isEmpty(), List.copyOf(messages));
    }

    private static void describe(SchemaCompatibility.SchemaPairCompatibility pair, String direction,
                                 List<String> out) {
        if (pair.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        for (SchemaCompatibility.Incompatibility i : pair.getResult().getIncompatibilities()) {
            out.add(i.getType() + " at '" + i.getLocation() + "': " + i.getMessage() + " (" + direction + ")");
        }
    }

    private static boolean transitive(CompatibilityLevel level) {
        return level == CompatibilityLevel.BACKWARD_TRANSITIVE || level == CompatibilityLevel.FORWARD_TRANSITIVE
                || level == CompatibilityLevel.FULL_TRANSITIVE;
    }

    private static boolean backward(CompatibilityLevel level) {
        return level != CompatibilityLevel.FORWARD && level != CompatibilityLevel.FORWARD_TRANSITIVE;
    }

    private static boolean forward(CompatibilityLevel level) {
        return level != CompatibilityLevel.BACKWARD && level != CompatibilityLevel.BACKWARD_TRANSITIVE;
    }
}
