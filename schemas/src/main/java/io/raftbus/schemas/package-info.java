/**
 * Avro schemas of raftbus, channel bindings, and the API of its Confluent-compatible Schema Registry.
 *
 * <p>The {@code .avsc} files under {@code src/main/avro} (the event envelope {@code ChannelEvent} and the
 * Kafka export value {@code ExportRecord}, namespace {@code io.raftbus.schemas.v1}) generate the classes of
 * {@code io.raftbus.schemas.v1}. {@link io.raftbus.schemas.ChannelBindings} parses
 * {@code raftbus.schemas.bindings} into the {@link io.raftbus.schemas.ChannelSchemas} the ingest edge calls to
 * check publishes to bound channels and to render stored events as JSON; the schemas come from a
 * {@link io.raftbus.schemas.SchemaSource} (the replicated {@link io.raftbus.schemas.SchemaRegistry} or an
 * external registry). {@link io.raftbus.schemas.SchemaRegistries#replicated} creates the registry replicated
 * through the log, {@link io.raftbus.schemas.ExternalRegistry#connect} a caching client of an external one, and
 * {@code io.raftbus.schemas.rest.RegistryServer} serves either over the Confluent REST API. See
 * {@code docs/schemas.md}, {@code docs/schema-registry.md} and {@code docs/schema-registry-api.md}.
 */
package io.raftbus.schemas;
