/**
 * The internals of the schemas module, not public API: the replicated registry and the channel bindings.
 *
 * <p>Replicated registry, behind {@link io.raftbus.schemas.SchemaRegistries#replicated}: {@code RegistryState} is
 * the deterministic fold of the {@code _raftbus/#system-schemas} channel (subjects, versions, ids, levels);
 * {@code RegistryCommandCodec} is the on-disk command format with its append-only op codes ({@code RegistryOp},
 * {@code LevelCodes}); {@code CompatibilityChecker} applies the Confluent levels with Avro;
 * {@code ReplicatedRegistryImpl} validates and proposes writes through a {@code RegistryLog} (the raft log in
 * production, {@code RaftRegistryLog}) and answers reads from the fold. See {@code docs/schema-registry.md}.
 *
 * <p>Channel bindings, behind {@link io.raftbus.schemas.ChannelBindings#parse}: the parsed
 * {@code raftbus.schemas.bindings} entries ({@link io.raftbus.schemas.internal.ChannelBinding}), the per-id cache
 * of parsed readers and writers ({@link io.raftbus.schemas.internal.CompiledSchema}) and the
 * {@link io.raftbus.schemas.ChannelSchemas} that checks publishes and renders stored events
 * ({@link io.raftbus.schemas.internal.BoundChannelSchemas}). A {@link io.raftbus.schemas.SchemaSource} (the
 * replicated or an external registry) answers ids and latest versions from memory. See {@code docs/schemas.md}.
 */
package io.raftbus.schemas.internal;
