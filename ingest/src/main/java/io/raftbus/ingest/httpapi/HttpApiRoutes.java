package io.raftbus.ingest.httpapi;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.raftbus.ingest.AppConfig;
import io.raftbus.ingest.IngestConfig;
import io.raftbus.ingest.internal.HttpResponses;
import io.raftbus.log.LogClient;
import io.raftbus.log.RaftLog;
import io.raftbus.schemas.ChannelSchemas;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes an API request to its endpoint after the checks every endpoint shares, in this order: known app (404),
 * enabled app (403), known endpoint and method (404, 405), signature (401). Answers are written when the
 * endpoint's future completes, possibly on another thread. Every failure becomes a JSON error through
 * {@link HttpApiException}; unexpected ones are logged and answered 500 without detail. Thread-safe.
 */
final class HttpApiRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApiRoutes.class);
    private final IngestConfig config;
    private final RequestAuthenticator authenticator;
    private final TriggerEventHandler trigger;
    private final BatchEventsHandler batch;
    private final ChannelsQueryHandler channels;
    private final HistoryHandler history;
    private final TerminateConnectionsHandler terminate;

    /**
     * Creates the routes.
     *
     * @param config the edge's settings (apps, timestamp window).
     * @param log the node (occupancy and presence reads).
     * @param client the cluster client (publishes, history reads).
     * @param clock the server clock for timestamps.
     */
    HttpApiRoutes(IngestConfig config, RaftLog log, LogClient client, Clock clock) {
        this(config, log, client, clock, ChannelSchemas.NONE);
    }

    /**
     * Creates the routes with a schema check.
     *
     * @param config the edge's settings (apps, timestamp window).
     * @param log the node (occupancy and presence reads).
     * @param client the cluster client (publishes, history reads).
     * @param clock the server clock for timestamps.
     * @param schemas validates publishes to bound channels and renders their history.
     */
    HttpApiRoutes(IngestConfig config, RaftLog log, LogClient client, Clock clock, ChannelSchemas schemas) {
        this.config = config;
        this.authenticator = new RequestAuthenticator(clock, config.timestampWindow());
        PublishGate gate = new PublishGate(client);
        OccupancyView occupancy = new OccupancyView(log);
        this.trigger = new TriggerEventHandler(gate, occupancy, schemas);
        this.batch = new BatchEventsHandler(gate, occupancy, schemas);
        this.channels = new ChannelsQueryHandler(log);
        this.history = new HistoryHandler(client, schemas);
        this.terminate = new TerminateConnectionsHandler(gate);
    }

    /**
     * Serves one request; the request is not retained (everything needed is copied first).
     *
     * @param ctx the connection.
     * @param request the request.
     */
    void serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        CompletableFuture<String> answer;
        try {
            answer = route(ApiRequest.of(request));
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((json, error) -> {
            if (error == null) {
                HttpResponses.json(ctx, request, HttpResponseStatus.OK, json);
                return;
            }
            HttpApiException e = PublishGate.translate(error);
            if (e.error() == HttpApiError.INTERNAL) {
                LOG.warn("HTTP API request {} {} failed", request.method(), request.uri(), error);
            }
            HttpResponses.json(ctx, request, e.error().status(), e.body());
        });
    }

    private CompletableFuture<String> route(ApiRequest r) {
        List<String> parts = List.of(r.path().split("/", -1));
        // parts: "", "apps", id, endpoint...
        if (parts.size() < 4 || !parts.get(1).equals("apps")) {
            throw new HttpApiException(HttpApiError.NOT_FOUND, "no such endpoint: " + r.path());
        }
        AppConfig app = config.apps().byId(parts.get(2));
        if (app == null) {
            throw new HttpApiException(HttpApiError.UNKNOWN_APP, "unknown app '"
                    + EventRules.abbreviate(parts.get(2)) + "'");
        }
        if (!app.enabled()) {
            throw new HttpApiException(HttpApiError.APP_DISABLED, "app '" + app.id() + "' is disabled");
        }
        List<String> rest = parts.subList(3, parts.size());
        Endpoint endpoint = Endpoint.match(rest);
        if (endpoint == null) {
            throw new HttpApiException(HttpApiError.NOT_FOUND, "no such endpoint: " + r.path());
        }
        if (!endpoint.method.equals(r.method())) {
            throw new HttpApiException(HttpApiError.METHOD_NOT_ALLOWED, r.path() + " needs " + endpoint.method);
        }
        authenticator.authenticate(app, r);
        return switch (endpoint) {
            case EVENTS -> trigger.handle(app, r);
            case BATCH_EVENTS -> batch.handle(app, r);
            case CHANNELS -> CompletableFuture.completedFuture(channels.channels(app, r));
            case CHANNEL -> CompletableFuture.completedFuture(channels.channel(app, r, rest.get(1)));
            case USERS -> CompletableFuture.completedFuture(channels.users(app, rest.get(1)));
            case HISTORY -> history.handle(app, r, rest.get(1));
            case TERMINATE -> terminate.handle(app, r, rest.get(1));
        };
    }

    /** The endpoints, by the path after {@code /apps/{id}/}. */
    private enum Endpoint {
        EVENTS("POST"), BATCH_EVENTS("POST"), CHANNELS("GET"), CHANNEL("GET"), USERS("GET"), HISTORY("GET"),
        TERMINATE("POST");

        private final String method;

        Endpoint(String method) {
            this.method = method;
        }

        static Endpoint match(List<String> p) {
            if (p.size() == 1) {
                return switch (p.get(0)) {
                    case "events" -> EVENTS;
                    case "batch_events" -> BATCH_EVENTS;
                    case "channels" -> CHANNELS;
                    default -> null;
                };
            }
            if (p.get(0).equals("channels") && !p.get(1).isEmpty()) {
                if (p.size() == 2) {
                    return CHANNEL;
                }
                if (p.size() == 3 && p.get(2).equals("users")) {
                    return USERS;
                }
                if (p.size() == 3 && p.get(2).equals("events")) {
                    return HISTORY;
                }
            }
            if (p.size() == 3 && p.get(0).equals("users") && !p.get(1).isEmpty()
                    && p.get(2).equals("terminate_connections")) {
                return TERMINATE;
            }
            return null;
        }
    }
}
