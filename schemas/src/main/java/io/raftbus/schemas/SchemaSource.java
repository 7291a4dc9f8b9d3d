package io.raftbus.schemas;

import java.util.Optional;
import org.apache.avro.Schema;

/**
 * What the publish path needs from a registry, answered from memory without I/O on the hot path: the local
 * replicated registry answers from its applied state, an external registry from a cache filled on first use.
 * Implementations are thread-safe.
 */
public interface SchemaSource {
    /**
     * Returns the parsed schema of an id.
     *
     * @param id the schema id.
     * @return the schema, or empty if the id is unknown.
     */
    Optional<Schema> byId(int id);

    /**
     * Returns the latest non-deleted version of a subject.
     *
     * @param subject the subject.
     * @return the version, or empty if the subject has none.
     */
    Optional<SubjectVersion> latest(String subject);

    /**
     * Tells whether an id is one of the subject's non-deleted versions.
     *
     * @param id the schema id.
     * @param subject the subject.
     * @return true if it is.
     */
    boolean belongsTo(int id, String subject);
}
