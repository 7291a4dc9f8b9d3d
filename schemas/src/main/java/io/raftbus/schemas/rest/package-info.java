/**
 * The Confluent Schema Registry REST API over Netty HTTP/1.1: the wire edge of a {@link io.raftbus.schemas.SchemaRegistry}.
 *
 * <p>Entry point: {@link io.raftbus.schemas.rest.RegistryServer#launch}, with its settings in
 * {@link io.raftbus.schemas.rest.RegistryServerConfig} and credentials checked by a
 * {@link io.raftbus.schemas.rest.RegistryAuth} (the launcher plugs in the ingest apps' key and secret, so this
 * module does not depend on ingest). The pipeline is listed in {@code RegistryServerInitializer}; each handler
 * has one concern: {@code RegistryRequestAdapter} copies and checks a request, {@code BasicAuthHandler} checks
 * credentials, {@code RegistryRouteHandler} answers it through {@code RegistryRoutes} in request order and turns
 * every failure into {@code {"error_code":N,"message":"..."}} via {@code RegistryErrors}.
 *
 * <p>Reads answer from the registry's applied state on the event loop (memory only); writes answer when the
 * registry's future completes, never blocking an event loop thread.
 */
package io.raftbus.schemas.rest;
