package io.raftbus.schemas.rest;

import io.raftbus.schemas.RegistryException;
import io.raftbus.schemas.SchemaRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The route table of the registry API: path pattern ({@code *} matches one non-empty segment) and method to
 * endpoint. An unknown path is 404 ({@code error_code} 404), a known path with another method 405 with an
 * {@code Allow} header. A read with {@code sync=true} (a raftbus extension) first waits for
 * {@link SchemaRegistry#sync()}, so it sees every change committed on any node before it. Thread-safe.
 */
final class RegistryRoutes {
    /** One endpoint: the request and the segments its pattern's {@code *} matched. */
    @FunctionalInterface
    interface Endpoint {
        CompletableFuture<Answer> serve(RegistryRequest request, List<String> vars) throws RegistryException;
    }

    private record Route(String[] pattern, Map<String, Endpoint> methods) {
    }

    private final SchemaRegistry registry;
    private final List<Route> routes = new ArrayList<>();

    RegistryRoutes(SchemaRegistry registry) {
        this.registry = registry;
        SchemaResource schemas = new SchemaResource(registry);
        SubjectResource subjects = new SubjectResource(registry);
        CompatibilityResource compatibility = new CompatibilityResource(registry);
        ConfigResource config = new ConfigResource(registry);
        Endpoint root = (r, v) -> done(Map.of());
        add("", "GET", root, "POST", root);
        add("schemas", "GET", schemas::list);
        add("schemas/types", "GET", schemas::types);
        add("schemas/ids/*", "GET", schemas::byId);
        add("schemas/ids/*/schema", "GET", schemas::rawById);
        add("schemas/ids/*/subjects", "GET", schemas::subjectsOfId);
        add("schemas/ids/*/versions", "GET", schemas::versionsOfId);
        add("subjects", "GET", subjects::list);
        add("subjects/*", "POST", subjects::lookup, "DELETE", subjects::delete);
        add("subjects/*/versions", "GET", subjects::versions, "POST", subjects::register);
        add("subjects/*/versions/*", "GET", subjects::version, "DELETE", subjects::deleteVersion);
        add("subjects/*/versions/*/schema", "GET", subjects::rawVersion);
        add("subjects/*/versions/*/referencedby", "GET", subjects::referencedBy);
        add("contexts", "GET", (r, v) -> done(List.of(".")));
        add("compatibility/subjects/*/versions", "POST", compatibility::againstLevel);
        add("compatibility/subjects/*/versions/*", "POST", compatibility::againstVersion);
        add("config", "GET", config::globalLevel, "PUT", config::setLevel, "DELETE", config::deleteLevel);
        add("config/*", "GET", config::subjectLevel, "PUT", config::setLevel, "DELETE", config::deleteLevel);
        add("mode", "GET", config::mode, "PUT", config::setMode);
        add("mode/*", "GET", config::mode, "PUT", config::setMode);
    }

    /**
     * Answers a request; never throws: every failure is a failed future (see {@link RegistryErrors}).
     *
     * @param request the request.
     * @return the answer, complete for reads, completing when the registry has applied a write.
     */
    CompletableFuture<Answer> serve(RegistryRequest request) {
        try {
            for (Route route : routes) {
                List<String> vars = match(route.pattern, request.segments());
                if (vars == null) {
                    continue;
                }
                Endpoint e = route.methods.get(request.method());
                if (e == null) {
                    throw RegistryHttpException.methodNotAllowed(String.join(", ", route.methods.keySet()));
                }
                if (request.flag("sync") && !BasicAuthHandler.isWrite(request.method(), request.segments())) {
                    return registry.sync().thenCompose(v -> call(e, request, vars));
                }
                return call(e, request, vars);
            }
            throw RegistryHttpException.notFound();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static CompletableFuture<Answer> call(Endpoint e, RegistryRequest request, List<String> vars) {
        try {
            return e.serve(request, vars);
        } catch (RegistryException | RuntimeException ex) {
            return CompletableFuture.failedFuture(ex);
        }
    }

    static CompletableFuture<Answer> done(Object value) {
        return CompletableFuture.completedFuture(Answer.ok(value));
    }

    private void add(String pattern, String method, Endpoint endpoint) {
        add(pattern, Map.of(method, endpoint));
    }

    private void add(String pattern, String m1, Endpoint e1, String m2, Endpoint e2) {
        Map<String, Endpoint> methods = new LinkedHashMap<>();
        methods.put(m1, e1);
        methods.put(m2, e2);
        add(pattern, methods);
    }

    private void add(String pattern, String m1, Endpoint e1, String m2, Endpoint e2, String m3, Endpoint e3) {
        Map<String, Endpoint> methods = new LinkedHashMap<>();
        methods.put(m1, e1);
        methods.put(m2, e2);
        methods.put(m3, e3);
        add(pattern, methods);
    }

    private void add(String pattern, Map<String, Endpoint> methods) {
        routes.add(new Route(pattern.isEmpty() ? new String[0] : pattern.split("/"),
                Collections.unmodifiableMap(new LinkedHashMap<>(methods))));
    }

    private static List<String> match(String[] pattern, List<String> segments) {
        if (pattern.length != segments.size()) {
            return null;
        }
        List<String> vars = new ArrayList<>(2);
        for (int i = 0; i < pattern.length; i++) {
            String s = segments.get(i);
            if (pattern[i].equals("*")) {
                if (s.isEmpty()) {
                    return null;
                }
                vars.add(s);
            } else if (!pattern[i].equals(s)) {
                return null;
            }
        }
        return vars;
    }
}
