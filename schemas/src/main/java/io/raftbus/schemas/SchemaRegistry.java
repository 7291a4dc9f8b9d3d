package io.raftbus.schemas;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The operations of the Confluent Schema Registry API, independent of HTTP. Reads answer from this node's
 * applied state (call {@link #sync} first to see every change committed before the call, on any node); writes
 * go through the replicated log and complete once applied on this node, so a read after a write on the same node
 * sees it. Every method is thread-safe. Failures are {@link RegistryException}s (thrown by reads, or completing
 * the futures of writes).
 *
 * <p>Only {@code AVRO} schemas are accepted ({@link #SCHEMA_TYPES}). Schemas are compared and stored in Avro's
 * canonical JSON ({@code Schema.toString()} of the parsed schema), so registering the same schema again, with
 * other whitespace, returns the existing id; ids are cluster-wide, start at 1 and are never reused, also after a
 * permanent delete.
 */
public interface SchemaRegistry extends SchemaSource {
    /** Version argument meaning "the latest non-deleted version" ({@code latest} or {@code -1} on the wire). */
    int LATEST = -1;

    /** The schema types this registry supports. */
    List<String> SCHEMA_TYPES = List.of("AVRO");

    /**
     * Waits until this node has applied every registry change committed before the call.
     *
     * @return completes when caught up.
     */
    CompletableFuture<Void> sync();

    /**
     * Lists subjects, sorted.
     *
     * @param prefix only subjects starting with this ("" for all).
     * @param includeDeleted also soft-deleted subjects.
     * @return the subjects.
     */
    List<String> subjects(String prefix, boolean includeDeleted);

    /**
     * Lists a subject's versions, ascending.
     *
     * @param subject the subject.
     * @param includeDeleted also soft-deleted versions.
     * @return the versions.
     * @throws RegistryException {@link RegistryError#SUBJECT_NOT_FOUND}.
     */
    List<Integer> versions(String subject, boolean includeDeleted) throws RegistryException;

    /**
     * Returns one version of a subject.
     *
     * @param subject the subject.
     * @param version the version, or {@link #LATEST}.
     * @param includeDeleted also a soft-deleted version.
     * @return the version.
     * @throws RegistryException {@link RegistryError#SUBJECT_NOT_FOUND}, {@link RegistryError#VERSION_NOT_FOUND}.
     */
    SubjectVersion version(String subject, int version, boolean includeDeleted) throws RegistryException;

    /**
     * Returns the schema text of an id.
     *
     * @param id the id.
     * @return the schema.
     * @throws RegistryException {@link RegistryError#SCHEMA_NOT_FOUND}.
     */
    String schemaText(int id) throws RegistryException;

    /**
     * Returns the subject versions that use an id.
     *
     * @param id the id.
     * @param includeDeleted also soft-deleted versions.
     * @return the versions (subject and version set).
     * @throws RegistryException {@link RegistryError#SCHEMA_NOT_FOUND}.
     */
    List<SubjectVersion> usesOf(int id, boolean includeDeleted) throws RegistryException;

    /**
     * Finds a schema under a subject ({@code POST /subjects/{s}}).
     *
     * @param subject the subject.
     * @param schemaType the type, null for AVRO.
     * @param schema the schema text.
     * @param includeDeleted also soft-deleted versions.
     * @return the version holding it.
     * @throws RegistryException {@link RegistryError#SUBJECT_NOT_FOUND}, {@link RegistryError#SCHEMA_NOT_FOUND},
     *     {@link RegistryError#INVALID_SCHEMA}.
     */
    SubjectVersion lookup(String subject, String schemaType, String schema, boolean includeDeleted)
            throws RegistryException;

    /**
     * Registers a schema under a subject, checked against the subject's level; the same schema again returns
     * its existing id and creates no version.
     *
     * @param subject the subject.
     * @param schemaType the type, null for AVRO.
     * @param schema the schema text.
     * @return the id.
     */
    CompletableFuture<Integer> register(String subject, String schemaType, String schema);

    /**
     * Tests a schema against one version (or, with {@code version} null, against what the subject's level
     * checks); a subject without versions is compatible.
     *
     * @param subject the subject.
     * @param version the version, {@link #LATEST}, or null.
     * @param schemaType the type, null for AVRO.
     * @param schema the schema text.
     * @return the result.
     * @throws RegistryException {@link RegistryError#INVALID_SCHEMA}, {@link RegistryError#VERSION_NOT_FOUND}.
     */
    CompatibilityResult testCompatibility(String subject, Integer version, String schemaType, String schema)
            throws RegistryException;

    /**
     * Returns the global level.
     *
     * @return the level ({@link CompatibilityLevel#BACKWARD} unless set).
     */
    CompatibilityLevel globalLevel();

    /**
     * Returns a subject's own level.
     *
     * @param subject the subject.
     * @return the level, or empty if it has none (then the global level applies).
     */
    Optional<CompatibilityLevel> subjectLevel(String subject);

    /**
     * Sets the global level ({@code subject} null) or a subject's level.
     *
     * @param subject the subject, or null.
     * @param level the level.
     * @return completes with the level when applied.
     */
    CompletableFuture<CompatibilityLevel> setLevel(String subject, CompatibilityLevel level);

    /**
     * Removes the global level (back to BACKWARD) or a subject's level.
     *
     * @param subject the subject, or null.
     * @return completes with the level that was removed; a subject without its own level fails with
     *     {@link RegistryError#SUBJECT_LEVEL_NOT_CONFIGURED}.
     */
    CompletableFuture<CompatibilityLevel> deleteLevel(String subject);

    /**
     * Deletes a subject: soft first, then with {@code permanent} for good (ids are not reused).
     *
     * @param subject the subject.
     * @param permanent hard delete; needs a soft delete first.
     * @return completes with the deleted versions.
     */
    CompletableFuture<List<Integer>> deleteSubject(String subject, boolean permanent);

    /**
     * Deletes one version: soft first, then with {@code permanent} for good.
     *
     * @param subject the subject.
     * @param version the version, or {@link #LATEST}.
     * @param permanent hard delete; needs a soft delete first.
     * @return completes with the deleted version number.
     */
    CompletableFuture<Integer> deleteVersion(String subject, int version, boolean permanent);
}
