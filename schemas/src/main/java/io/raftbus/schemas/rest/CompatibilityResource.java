package io.raftbus.schemas.rest;

import static io.raftbus.schemas.rest.RegistryRoutes.done;

import io.raftbus.schemas.CompatibilityResult;
import io.raftbus.schemas.RegistryException;
import io.raftbus.schemas.SchemaRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /compatibility/subjects/{s}/versions[/{v}]} ({@code verbose}): {@code {"is_compatible": b}}, plus
 * {@code "messages"} with {@code verbose=true}. A read: nothing is stored. Thread-safe.
 */
final class CompatibilityResource {
    private final SchemaRegistry registry;

    CompatibilityResource(SchemaRegistry registry) {
        this.registry = registry;
    }

    /** Against one version ({@code latest} allowed). */
    CompletableFuture<Answer> againstVersion(RegistryRequest r, List<String> vars) throws RegistryException {
        int v = RequestBodies.version(vars.get(1));
        return test(r, vars.get(0), v);
    }

    /** Against what the subject's level checks (the latest, or every version for a transitive level). */
    CompletableFuture<Answer> againstLevel(RegistryRequest r, List<String> vars) throws RegistryException {
        return test(r, vars.get(0), null);
    }

    private CompletableFuture<Answer> test(RegistryRequest r, String subject, Integer version)
            throws RegistryException {
        RequestBodies.SchemaBody b = RequestBodies.schema(r);
        CompatibilityResult result = registry.testCompatibility(subject, version, b.schemaType(), b.schema());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("is_compatible", result.compatible());
        if (r.flag("verbose")) {
            m.put("messages", result.messages());
        }
        return done(m);
    }
}
