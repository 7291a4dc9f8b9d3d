package io.raftbus.schemas.internal;

import io.raftbus.schemas.CompatibilityLevel;
import io.raftbus.schemas.RegistryError;
import io.raftbus.schemas.RegistryException;
import java.util.List;

/** What folding one command produced; every node computes the same outcome for the same offset. */
sealed interface Outcome {
    /**
     * A schema is registered under the subject.
     *
     * @param id the schema id.
     * @param version the subject version holding it.
     * @param existing true if the subject already had it (nothing changed).
     */
    record Registered(int id, int version, boolean existing) implements Outcome {
    }

    /**
     * A level was set.
     *
     * @param level the level now set.
     */
    record LevelSet(CompatibilityLevel level) implements Outcome {
    }

    /**
     * A level was removed.
     *
     * @param level the level that was removed (BACKWARD for a global level that was never set).
     */
    record LevelDeleted(CompatibilityLevel level) implements Outcome {
    }

    /**
     * Versions were deleted.
     *
     * @param versions the deleted versions, ascending.
     */
    record Deleted(List<Integer> versions) implements Outcome {
        /** Copies the list. */
        public Deleted {
            versions = List.copyOf(versions);
        }
    }

    /**
     * The command was refused; the state did not change.
     *
     * @param error the Confluent error.
     * @param message the message.
     */
    record Refused(RegistryError error, String message) implements Outcome {
        /** Returns the exception to answer the caller with. */
        RegistryException exception() {
            return new RegistryException(error, message);
        }
    }

    /** The subject or a level changed after the proposer's compatibility check; the proposer checks again. */
    record Conflict() implements Outcome {
    }

    /**
     * The entry could not be decoded (or is from a newer version); nothing changed.
     *
     * @param reason why.
     */
    record Malformed(String reason) implements Outcome {
    }
}
