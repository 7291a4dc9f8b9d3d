package io.raftbus.schemas;

/**
 * One version of a subject: what {@code GET /subjects/{s}/versions/{v}} answers.
 *
 * @param subject the subject.
 * @param version the version, from 1, per subject.
 * @param id the cluster-wide schema id (the same schema under two subjects has one id).
 * @param schemaType {@code AVRO} (the only type raftbus accepts).
 * @param schema the schema text as registered (canonical form, see {@link SchemaRegistry#register}).
 * @param deleted true if the version was soft-deleted.
 */
public record SubjectVersion(String subject, int version, int id, String schemaType, String schema, boolean deleted) {
}
