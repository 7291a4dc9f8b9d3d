/**
 * The replicated Schema Registry behind {@link io.raftbus.schemas.SchemaRegistries#replicated}: not public API.
 *
 * <p>{@code RegistryState} is the deterministic fold of the {@code _raftbus/#system-schemas} channel (subjects,
 * versions, ids, levels); {@code RegistryCommandCodec} is the on-disk command format with its append-only op codes
 * ({@code RegistryOp}, {@code LevelCodes}); {@code CompatibilityChecker} applies the Confluent levels with Avro;
 * {@code ReplicatedRegistryImpl} validates and proposes writes through a {@code RegistryLog} (the raft log in
 * production, {@code RaftRegistryLog}) and answers reads from the fold. See {@code docs/schema-registry.md}.
 */
package io.raftbus.schemas.internal;
