package io.raftbus.schemas.rest;

import static io.raftbus.schemas.rest.RegistryRoutes.done;

import io.raftbus.schemas.RegistryException;
import io.raftbus.schemas.SchemaRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /subjects...}: list, lookup, register, versions, delete. Reads answer at once from the registry's state;
 * register and deletes answer when the registry's future completes. Thread-safe.
 */
final class SubjectResource {
    private final SchemaRegistry registry;

    SubjectResource(SchemaRegistry registry) {
        this.registry = registry;
    }

    /** {@code GET /subjects} ({@code subjectPrefix}, {@code deleted}, {@code deletedOnly}, {@code offset}, {@code limit}). */
    CompletableFuture<Answer> list(RegistryRequest r, List<String> vars) {
        String prefix = SchemaResource.prefix(r);
        List<String> out;
        if (r.flag("deletedOnly")) {
            out = new ArrayList<>(registry.subjects(prefix, true));
            out.removeAll(registry.subjects(prefix, false));
        } else {
            out = registry.subjects(prefix, r.flag("deleted"));
        }
        return done(SchemaResource.page(out, r));
    }

    /** {@code POST /subjects/{s}} ({@code deleted}): is this schema registered under the subject? */
    CompletableFuture<Answer> lookup(RegistryRequest r, List<String> vars) throws RegistryException {
        RequestBodies.SchemaBody b = RequestBodies.schema(r);
        return done(RequestBodies.entity(registry.lookup(vars.get(0), b.schemaType(), b.schema(), r.flag("deleted"))));
    }

    /** {@code DELETE /subjects/{s}} ({@code permanent}): the deleted versions. */
    CompletableFuture<Answer> delete(RegistryRequest r, List<String> vars) {
        return registry.deleteSubject(vars.get(0), r.flag("permanent")).thenApply(Answer::ok);
    }

    /** {@code GET /subjects/{s}/versions} ({@code deleted}, {@code deletedOnly}). */
    CompletableFuture<Answer> versions(RegistryRequest r, List<String> vars) throws RegistryException {
        String s = vars.get(0);
        List<Integer> out;
        if (r.flag("deletedOnly")) {
            out = new ArrayList<>(registry.versions(s, true));
            out.removeAll(registry.versions(s, false));
        } else {
            out = registry.versions(s, r.flag("deleted"));
        }
        return done(out);
    }

    /** {@code POST /subjects/{s}/versions}: register; {@code {"id": N}}. */
    CompletableFuture<Answer> register(RegistryRequest r, List<String> vars) throws RegistryException {
        RequestBodies.SchemaBody b = RequestBodies.schema(r);
        return registry.register(vars.get(0), b.schemaType(), b.schema()).thenApply(id -> Answer.ok(Map.of("id", id)));
    }

    /** {@code GET /subjects/{s}/versions/{v}} ({@code deleted}). */
    CompletableFuture<Answer> version(RegistryRequest r, List<String> vars) throws RegistryException {
        int v = RequestBodies.version(vars.get(1));
        return done(RequestBodies.entity(registry.version(vars.get(0), v, r.flag("deleted"))));
    }

    /** {@code GET /subjects/{s}/versions/{v}/schema}: the schema text itself. */
    CompletableFuture<Answer> rawVersion(RegistryRequest r, List<String> vars) throws RegistryException {
        int v = RequestBodies.version(vars.get(1));
        return CompletableFuture.completedFuture(Answer.raw(registry.version(vars.get(0), v, r.flag("deleted")).schema()));
    }

    /** {@code GET /subjects/{s}/versions/{v}/referencedby}: always {@code []}, references are not supported. */
    CompletableFuture<Answer> referencedBy(RegistryRequest r, List<String> vars) throws RegistryException {
        registry.version(vars.get(0), RequestBodies.version(vars.get(1)), r.flag("deleted"));
        return done(List.of());
    }

    /** {@code DELETE /subjects/{s}/versions/{v}} ({@code permanent}): the deleted version number. */
    CompletableFuture<Answer> deleteVersion(RegistryRequest r, List<String> vars) throws RegistryException {
        int v = RequestBodies.version(vars.get(1));
        return registry.deleteVersion(vars.get(0), v, r.flag("permanent")).thenApply(Answer::ok);
    }
}
