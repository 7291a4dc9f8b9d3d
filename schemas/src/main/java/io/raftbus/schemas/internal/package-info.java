/**
 * The implementation of channel bindings: the parsed {@code raftbus.schemas.bindings} entries
 * ({@link io.raftbus.schemas.internal.ChannelBinding}), the per-id cache of parsed readers and writers
 * ({@link io.raftbus.schemas.internal.CompiledSchema}) and the {@link io.raftbus.schemas.ChannelSchemas} that
 * checks publishes and renders stored events ({@link io.raftbus.schemas.internal.BoundChannelSchemas}).
 * Collaborators: a {@link io.raftbus.schemas.SchemaSource} (the replicated or an external registry) answers ids
 * and latest versions from memory. Not part of the public API: create it with
 * {@link io.raftbus.schemas.ChannelBindings#parse}.
 */
package io.raftbus.schemas.internal;
