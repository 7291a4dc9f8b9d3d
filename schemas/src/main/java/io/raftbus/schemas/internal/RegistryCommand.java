package io.raftbus.schemas.internal;

import io.raftbus.schemas.CompatibilityLevel;
import java.util.Objects;

/**
 * One registry write, as it is folded by every node. Commands are validated before they are published; the fold
 * still re-checks every rule that depends on the state at its offset.
 */
sealed interface RegistryCommand {
    /** Returns the operation code. */
    RegistryOp op();

    /**
     * Registers a schema under a subject.
     *
     * @param subject the subject.
     * @param schema the canonical schema text ({@code Schema.toString()} of the parsed schema).
     * @param checkedAt the offset of the fold state the proposer checked compatibility against; if the subject's
     *     versions or level (or the global level) changed after it, the fold answers {@link Outcome.Conflict} and
     *     the proposer checks again.
     */
    record Register(String subject, String schema, long checkedAt) implements RegistryCommand {
        /** Checks the invariants. */
        public Register {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(schema, "schema");
        }

        @Override
        public RegistryOp op() {
            return RegistryOp.REGISTER;
        }
    }

    /**
     * Sets a level.
     *
     * @param subject the subject, or null for the global level.
     * @param level the level.
     */
    record SetLevel(String subject, CompatibilityLevel level) implements RegistryCommand {
        /** Checks the invariants. */
        public SetLevel {
            Objects.requireNonNull(level, "level");
        }

        @Override
        public RegistryOp op() {
            return RegistryOp.SET_LEVEL;
        }
    }

    /**
     * Removes a level.
     *
     * @param subject the subject, or null for the global level.
     */
    record DeleteLevel(String subject) implements RegistryCommand {
        @Override
        public RegistryOp op() {
            return RegistryOp.DELETE_LEVEL;
        }
    }

    /**
     * Deletes every version of a subject.
     *
     * @param subject the subject.
     * @param permanent a hard delete (needs a soft delete first).
     */
    record DeleteSubject(String subject, boolean permanent) implements RegistryCommand {
        /** Checks the invariants. */
        public DeleteSubject {
            Objects.requireNonNull(subject, "subject");
        }

        @Override
        public RegistryOp op() {
            return RegistryOp.DELETE_SUBJECT;
        }
    }

    /**
     * Deletes one version.
     *
     * @param subject the subject.
     * @param version the version, or -1 for the latest (resolved at fold time).
     * @param permanent a hard delete (needs a soft delete first).
     */
    record DeleteVersion(String subject, int version, boolean permanent) implements RegistryCommand {
        /** Checks the invariants. */
        public DeleteVersion {
            Objects.requireNonNull(subject, "subject");
        }

        @Override
        public RegistryOp op() {
            return RegistryOp.DELETE_VERSION;
        }
    }
}
