package io.raftbus.schemas.rest;

import static io.raftbus.schemas.rest.RegistryRoutes.done;

import io.raftbus.schemas.CompatibilityLevel;
import io.raftbus.schemas.RegistryError;
import io.raftbus.schemas.RegistryException;
import io.raftbus.schemas.SchemaRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /config[/{s}]} (compatibility levels) and {@code /mode[/{s}]}. raftbus has one mode, {@code READWRITE}:
 * it is answered for the registry, a subject with {@code defaultToGlobal=true}, and is the only mode a
 * {@code PUT} accepts. Thread-safe.
 */
final class ConfigResource {
    private static final String READWRITE = "READWRITE";
    private static final Set<String> MODES = Set.of(READWRITE, "READONLY", "READONLY_OVERRIDE", "IMPORT", "FORWARD");
    private final SchemaRegistry registry;

    ConfigResource(SchemaRegistry registry) {
        this.registry = registry;
    }

    /** {@code GET /config}: {@code {"compatibilityLevel": "BACKWARD"}}. */
    CompletableFuture<Answer> globalLevel(RegistryRequest r, List<String> vars) {
        return done(Map.of("compatibilityLevel", registry.globalLevel().name()));
    }

    /** {@code GET /config/{s}} ({@code defaultToGlobal}); 40408 if the subject has no level of its own. */
    CompletableFuture<Answer> subjectLevel(RegistryRequest r, List<String> vars) throws RegistryException {
        String subject = vars.get(0);
        Optional<CompatibilityLevel> own = registry.subjectLevel(subject);
        if (own.isPresent()) {
            return done(Map.of("compatibilityLevel", own.get().name()));
        }
        if (r.flag("defaultToGlobal")) {
            return done(Map.of("compatibilityLevel", registry.globalLevel().name()));
        }
        throw new RegistryException(RegistryError.SUBJECT_LEVEL_NOT_CONFIGURED, "Subject '" + subject
                + "' does not have subject-level compatibility configured");
    }

    /** {@code PUT /config[/{s}]} with {@code {"compatibility": "FULL"}}: echoes {@code {"compatibility": "FULL"}}. */
    CompletableFuture<Answer> setLevel(RegistryRequest r, List<String> vars) throws RegistryException {
        CompatibilityLevel level = RequestBodies.level(r);
        return registry.setLevel(subjectOrNull(vars), level)
                .thenApply(l -> Answer.ok(Map.of("compatibility", l.name())));
    }

    /** {@code DELETE /config[/{s}]}: the level removed, {@code {"compatibilityLevel": ...}}. */
    CompletableFuture<Answer> deleteLevel(RegistryRequest r, List<String> vars) {
        return registry.deleteLevel(subjectOrNull(vars))
                .thenApply(l -> Answer.ok(Map.of("compatibilityLevel", l.name())));
    }

    /** {@code GET /mode[/{s}]} ({@code defaultToGlobal}); a subject has no mode of its own (40409). */
    CompletableFuture<Answer> mode(RegistryRequest r, List<String> vars) {
        if (!vars.isEmpty() && !r.flag("defaultToGlobal")) {
            throw RegistryHttpException.of(RestError.SUBJECT_MODE_NOT_CONFIGURED, "Subject '" + vars.get(0)
                    + "' does not have subject-level mode configured");
        }
        return done(Map.of("mode", READWRITE));
    }

    /** {@code PUT /mode[/{s}]} with {@code {"mode": "READWRITE"}}; other modes are 42205, unknown ones 42204. */
    CompletableFuture<Answer> setMode(RegistryRequest r, List<String> vars) throws RegistryException {
        String mode = RequestBodies.mode(r);
        if (mode.equals(READWRITE)) {
            return done(Map.of("mode", READWRITE));
        }
        if (MODES.contains(mode)) {
            throw new RegistryException(RegistryError.OPERATION_NOT_PERMITTED,
                    "This registry supports only mode READWRITE");
        }
        throw new RegistryException(RegistryError.INVALID_MODE,
                "Invalid mode. Valid values are READWRITE, READONLY, READONLY_OVERRIDE, IMPORT");
    }

    private static String subjectOrNull(List<String> vars) {
        return vars.isEmpty() ? null : vars.get(0);
    }
}
