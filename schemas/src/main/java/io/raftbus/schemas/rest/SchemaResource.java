package io.raftbus.schemas.rest;

import static io.raftbus.schemas.rest.RegistryRoutes.done;

import io.raftbus.schemas.RegistryError;
import io.raftbus.schemas.RegistryException;
import io.raftbus.schemas.SchemaRegistry;
import io.raftbus.schemas.SubjectVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** {@code /schemas...}: schemas by id, the supported types, the list of every schema. Reads only. Thread-safe. */
final class SchemaResource {
    private final SchemaRegistry registry;

    SchemaResource(SchemaRegistry registry) {
        this.registry = registry;
    }

    /** {@code GET /schemas} ({@code subjectPrefix}, {@code deleted}, {@code latestOnly}, {@code offset}, {@code limit}). */
    CompletableFuture<Answer> list(RegistryRequest r, List<String> vars) throws RegistryException {
        boolean deleted = r.flag("deleted");
        List<Map<String, Object>> out = new ArrayList<>();
        for (String subject : registry.subjects(prefix(r), deleted)) {
            try {
                if (r.flag("latestOnly")) {
                    out.add(RequestBodies.entity(registry.version(subject, SchemaRegistry.LATEST, deleted)));
                    continue;
                }
                for (int v : registry.versions(subject, deleted)) {
                    out.add(RequestBodies.entity(registry.version(subject, v, deleted)));
                }
            } catch (RegistryException e) {
                if (e.error() != RegistryError.SUBJECT_NOT_FOUND && e.error() != RegistryError.VERSION_NOT_FOUND) {
                    throw e;
                }
                // deleted between the listing and the read: skip it
            }
        }
        return done(page(out, r));
    }

    /** {@code GET /schemas/types}. */
    CompletableFuture<Answer> types(RegistryRequest r, List<String> vars) {
        return done(SchemaRegistry.SCHEMA_TYPES);
    }

    /** {@code GET /schemas/ids/{id}}: {@code {"schema": "..."}} (every schema here is AVRO, so no schemaType). */
    CompletableFuture<Answer> byId(RegistryRequest r, List<String> vars) throws RegistryException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", registry.schemaText(RequestBodies.id(vars.get(0))));
        return done(m);
    }

    /** {@code GET /schemas/ids/{id}/schema}: the schema text itself. */
    CompletableFuture<Answer> rawById(RegistryRequest r, List<String> vars) throws RegistryException {
        return CompletableFuture.completedFuture(Answer.raw(registry.schemaText(RequestBodies.id(vars.get(0)))));
    }

    /** {@code GET /schemas/ids/{id}/subjects} ({@code deleted}). */
    CompletableFuture<Answer> subjectsOfId(RegistryRequest r, List<String> vars) throws RegistryException {
        Set<String> subjects = new LinkedHashSet<>();
        for (SubjectVersion v : registry.usesOf(RequestBodies.id(vars.get(0)), r.flag("deleted"))) {
            subjects.add(v.subject());
        }
        return done(List.copyOf(subjects));
    }

    /** {@code GET /schemas/ids/{id}/versions} ({@code deleted}): {@code [{"subject","version"}]}. */
    CompletableFuture<Answer> versionsOfId(RegistryRequest r, List<String> vars) throws RegistryException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (SubjectVersion v : registry.usesOf(RequestBodies.id(vars.get(0)), r.flag("deleted"))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("subject", v.subject());
            m.put("version", v.version());
            out.add(m);
        }
        return done(out);
    }

    static String prefix(RegistryRequest r) {
        String p = r.param("subjectPrefix");
        return p == null ? "" : p;
    }

    /** Applies {@code offset} (default 0) and {@code limit} (default -1, all); bad numbers are 400. */
    static <T> List<T> page(List<T> all, RegistryRequest r) {
        int offset = number(r, "offset", 0);
        int limit = number(r, "limit", -1);
        if (offset >= all.size()) {
            return List.of();
        }
        int end = limit < 0 ? all.size() : (int) Math.min(all.size(), (long) Math.max(offset, 0) + limit);
        return all.subList(Math.max(offset, 0), end);
    }

    private static int number(RegistryRequest r, String name, int dflt) {
        String v = r.param(name);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw RegistryHttpException.badRequest("query parameter '" + name + "' must be an integer");
        }
    }
}
