/**
 * The signed Pusher HTTP API: events, batch events, channel queries, users, terminate connections, and the
 * raftbus history read.
 *
 * <p>{@link io.raftbus.ingest.httpapi.HttpApiHandler} is the entry the edge's router calls. Internally
 * {@code HttpApiRoutes} checks app, endpoint and signature ({@code RequestAuthenticator}) and hands the request
 * to one handler per endpoint ({@code TriggerEventHandler}, {@code BatchEventsHandler},
 * {@code ChannelsQueryHandler}, {@code HistoryHandler}, {@code TerminateConnectionsHandler}); input rules live in
 * {@code EventRules}; publishes go through {@code PublishGate}, which waits for majority commit and maps log
 * errors; every refusal is an {@link io.raftbus.ingest.httpapi.HttpApiException} carrying an
 * {@link io.raftbus.ingest.httpapi.HttpApiError}, which fixes the status.
 */
package io.raftbus.ingest.httpapi;
