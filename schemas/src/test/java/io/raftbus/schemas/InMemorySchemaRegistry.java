package io.raftbus.schemas;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaParseException;

/**
 * A recording, in-memory {@link SchemaRegistry} for tests of what sits in front of a registry (the REST server,
 * its clients). Correct for the Confluent semantics the edge relies on: Avro parse and canonical text
 * ({@code Schema.toString()}), one id per canonical schema from a counter, per-subject versions, soft then hard
 * deletes, levels checked with Avro's {@code SchemaCompatibility}. Not production code: one lock, no
 * persistence.
 *
 * <p>Recording: every call is counted by method name ({@link #calls}, {@link #assertCalls}). Writes can be
 * {@linkplain #holdWrites() held} until {@link #releaseWrites()} (to prove the server answers when the future
 * completes) or {@linkplain #failNextWrite failed}.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> idsByCanonical = new HashMap<>();
    private final Map<Integer, String> textById = new HashMap<>();
    private final TreeMap<String, Subject> subjects = new TreeMap<>();
    private CompatibilityLevel global = CompatibilityLevel.BACKWARD;
    private int nextId = 1;
    private CompletableFuture<Void> gate;
    private RegistryError failNext;

    private static final class Version {
        final int version;
        final int id;
        boolean deleted;

        Version(int version, int id) {
            this.version = version;
            this.id = id;
        }
    }

    private static final class Subject {
        final List<Version> versions = new ArrayList<>();
        CompatibilityLevel level;

        List<Version> visible(boolean includeDeleted) {
            return versions.stream().filter(v -> includeDeleted || !v.deleted).toList();
        }
    }

    // ---- recording ----

    /**
     * Returns how often a method was called.
     *
     * @param method the method name, e.g. {@code schemaText}.
     * @return the count.
     */
    public int calls(String method) {
        return (int) calls.stream().filter(method::equals).count();
    }

    /**
     * Asserts a call count.
     *
     * @param method the method name.
     * @param expected the count.
     */
    public void assertCalls(String method, int expected) {
        int n = calls(method);
        if (n != expected) {
            throw new AssertionError("expected " + expected + " calls of " + method + " but got " + n + ": " + calls);
        }
    }

    /** Holds every write until {@link #releaseWrites()}. */
    public synchronized void holdWrites() {
        gate = new CompletableFuture<>();
    }

    /** Applies the held writes (on the calling thread). */
    public void releaseWrites() {
        CompletableFuture<Void> g;
        synchronized (this) {
            g = gate;
            gate = null;
        }
        if (g != null) {
            g.complete(null);
        }
    }

    /**
     * Fails the next write with an error.
     *
     * @param error the error.
     */
    public synchronized void failNextWrite(RegistryError error) {
        failNext = error;
    }

    // ---- SchemaSource ----

    @Override
    public synchronized Optional<Schema> byId(int id) {
        calls.add("byId");
        String text = textById.get(id);
        return text == null ? Optional.empty() : Optional.of(new Schema.Parser().parse(text));
    }

    @Override
    public synchronized Optional<SubjectVersion> latest(String subject) {
        calls.add("latest");
        Subject s = subjects.get(subject);
        if (s == null || s.visible(false).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(view(subject, s.visible(false).get(s.visible(false).size() - 1)));
    }

    @Override
    public synchronized boolean belongsTo(int id, String subject) {
        calls.add("belongsTo");
        Subject s = subjects.get(subject);
        return s != null && s.visible(false).stream().anyMatch(v -> v.id == id);
    }

    // ---- reads ----

    @Override
    public CompletableFuture<Void> sync() {
        calls.add("sync");
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized List<String> subjects(String prefix, boolean includeDeleted) {
        calls.add("subjects");
        return subjects.entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix) && !e.getValue().visible(includeDeleted).isEmpty())
                .map(Map.Entry::getKey).toList();
    }

    @Override
    public synchronized List<Integer> versions(String subject, boolean includeDeleted) throws RegistryException {
        calls.add("versions");
        return subject(subject, includeDeleted).visible(includeDeleted).stream().map(v -> v.version).toList();
    }

    @Override
    public synchronized SubjectVersion version(String subject, int version, boolean includeDeleted)
            throws RegistryException {
        calls.add("version");
        return view(subject, find(subject, version, includeDeleted));
    }

    @Override
    public synchronized String schemaText(int id) throws RegistryException {
        calls.add("schemaText");
        String text = textById.get(id);
        if (text == null) {
            throw new RegistryException(RegistryError.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
        }
        return text;
    }

    @Override
    public synchronized List<SubjectVersion> usesOf(int id, boolean includeDeleted) throws RegistryException {
        calls.add("usesOf");
        if (!textById.containsKey(id)) {
            throw new RegistryException(RegistryError.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
        }
        List<SubjectVersion> out = new ArrayList<>();
        subjects.forEach((name, s) -> s.visible(includeDeleted).stream().filter(v -> v.id == id)
                .forEach(v -> out.add(view(name, v))));
        return out;
    }

    @Override
    public synchronized SubjectVersion lookup(String subject, String schemaType, String schema,
                                              boolean includeDeleted) throws RegistryException {
        calls.add("lookup");
        String canonical = parse(schemaType, schema).toString();
        Subject s = subject(subject, includeDeleted);
        Integer id = idsByCanonical.get(canonical);
        for (Version v : s.visible(includeDeleted)) {
            if (id != null && v.id == id) {
                return view(subject, v);
            }
        }
        throw new RegistryException(RegistryError.SCHEMA_NOT_FOUND, "Schema not found");
    }

    @Override
    public synchronized CompatibilityResult testCompatibility(String subject, Integer version, String schemaType,
                                                              String schema) throws RegistryException {
        calls.add("testCompatibility");
        Schema candidate = parse(schemaType, schema);
        Subject s = subjects.get(subject);
        if (s == null || s.visible(false).isEmpty()) {
            if (version == null || version == LATEST) {
                return new CompatibilityResult(true, List.of());
            }
            throw new RegistryException(RegistryError.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
        }
        CompatibilityLevel level = s.level != null ? s.level : global;
        List<Version> against;
        if (version != null) {
            against = List.of(find(subject, version, false));
        } else if (level.name().endsWith("_TRANSITIVE")) {
            against = s.visible(false);
        } else {
            against = List.of(s.visible(false).get(s.visible(false).size() - 1));
        }
        return check(level, candidate, against);
    }

    @Override
    public synchronized CompatibilityLevel globalLevel() {
        calls.add("globalLevel");
        return global;
    }

    @Override
    public synchronized Optional<CompatibilityLevel> subjectLevel(String subject) {
        calls.add("subjectLevel");
        Subject s = subjects.get(subject);
        return s == null ? Optional.empty() : Optional.ofNullable(s.level);
    }

    // ---- writes ----

    @Override
    public CompletableFuture<Integer> register(String subject, String schemaType, String schema) {
        return write("register", () -> {
            Schema parsed = parse(schemaType, schema);
            String canonical = parsed.toString();
            Subject s = subjects.computeIfAbsent(subject, k -> new Subject());
            Integer known = idsByCanonical.get(canonical);
            for (Version v : s.visible(false)) {
                if (known != null && v.id == known) {
                    return known;
                }
            }
            if (!s.visible(false).isEmpty()) {
                CompatibilityLevel level = s.level != null ? s.level : global;
                List<Version> live = s.visible(false);
                List<Version> against = level.name().endsWith("_TRANSITIVE") ? live : List.of(live.get(live.size() - 1));
                CompatibilityResult r = check(level, parsed, against);
                if (!r.compatible()) {
                    throw new RegistryException(RegistryError.INCOMPATIBLE, "Schema being registered is "
                            + "incompatible with an earlier schema for subject \"" + subject + "\", details: "
                            + r.messages());
                }
            }
            int id = known != null ? known : nextId++;
            idsByCanonical.put(canonical, id);
            textById.put(id, canonical);
            int next = s.versions.stream().mapToInt(v -> v.version).max().orElse(0) + 1;
            s.versions.add(new Version(next, id));
            return id;
        });
    }

    @Override
    public CompletableFuture<CompatibilityLevel> setLevel(String subject, CompatibilityLevel level) {
        return write("setLevel", () -> {
            if (subject == null) {
                global = level;
            } else {
                subjects.computeIfAbsent(subject, k -> new Subject()).level = level;
            }
            return level;
        });
    }

    @Override
    public CompletableFuture<CompatibilityLevel> deleteLevel(String subject) {
        return write("deleteLevel", () -> {
            if (subject == null) {
                CompatibilityLevel old = global;
                global = CompatibilityLevel.BACKWARD;
                return old;
            }
            Subject s = subjects.get(subject);
            if (s == null || s.level == null) {
                throw new RegistryException(RegistryError.SUBJECT_LEVEL_NOT_CONFIGURED, "Subject '" + subject
                        + "' does not have subject-level compatibility configured");
            }
            CompatibilityLevel old = s.level;
            s.level = null;
            return old;
        });
    }

    @Override
    public CompletableFuture<List<Integer>> deleteSubject(String subject, boolean permanent) {
        return write("deleteSubject", () -> {
            Subject s = subject(subject, true);
            boolean live = !s.visible(false).isEmpty();
            List<Integer> versions = s.versions.stream().map(v -> v.version).toList();
            if (!permanent) {
                if (!live) {
                    throw new RegistryException(RegistryError.SUBJECT_SOFT_DELETED, "Subject '" + subject
                            + "' was soft deleted. Set permanent=true to delete permanently");
                }
                s.versions.forEach(v -> v.deleted = true);
                return versions;
            }
            if (live) {
                throw new RegistryException(RegistryError.SUBJECT_NOT_SOFT_DELETED, "Subject '" + subject
                        + "' was not deleted first before being permanently deleted");
            }
            subjects.remove(subject);
            return versions;
        });
    }

    @Override
    public CompletableFuture<Integer> deleteVersion(String subject, int version, boolean permanent) {
        return write("deleteVersion", () -> {
            Version v = version == LATEST ? find(subject, LATEST, false) : find(subject, version, true);
            if (!permanent) {
                if (v.deleted) {
                    throw new RegistryException(RegistryError.VERSION_SOFT_DELETED, "Subject '" + subject
                            + "' Version " + v.version + " was soft deleted. Set permanent=true to delete permanently");
                }
                v.deleted = true;
                return v.version;
            }
            if (!v.deleted) {
                throw new RegistryException(RegistryError.VERSION_NOT_SOFT_DELETED, "Subject '" + subject
                        + "' Version " + v.version + " was not deleted first before being permanently deleted");
            }
            subjects.get(subject).versions.remove(v);
            return v.version;
        });
    }

    // ---- internals ----

    private <T> CompletableFuture<T> write(String name, Callable<T> op) {
        calls.add(name);
        CompletableFuture<Void> g;
        synchronized (this) {
            if (failNext != null) {
                RegistryError e = failNext;
                failNext = null;
                return CompletableFuture.failedFuture(new RegistryException(e, "injected failure"));
            }
            g = gate;
        }
        if (g == null) {
            return run(op);
        }
        return g.thenCompose(v -> run(op));
    }

    private synchronized <T> CompletableFuture<T> run(Callable<T> op) {
        try {
            return CompletableFuture.completedFuture(op.call());
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e instanceof CompletionException c ? c.getCause() : e);
        }
    }

    private Subject subject(String subject, boolean includeDeleted) throws RegistryException {
        Subject s = subjects.get(subject);
        if (s == null || s.visible(includeDeleted).isEmpty()) {
            throw new RegistryException(RegistryError.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
        }
        return s;
    }

    private Version find(String subject, int version, boolean includeDeleted) throws RegistryException {
        List<Version> visible = subject(subject, includeDeleted).visible(includeDeleted);
        if (version == LATEST) {
            return visible.get(visible.size() - 1);
        }
        for (Version v : visible) {
            if (v.version == version) {
                return v;
            }
        }
        throw new RegistryException(RegistryError.VERSION_NOT_FOUND, "Version " + version + " not found.");
    }

    private SubjectVersion view(String subject, Version v) {
        return new SubjectVersion(subject, v.version, v.id, "AVRO", textById.get(v.id), v.deleted);
    }

    private static Schema parse(String schemaType, String schema) throws RegistryException {
        if (schemaType != null && !SCHEMA_TYPES.contains(schemaType)) {
            throw new RegistryException(RegistryError.INVALID_SCHEMA, "Unsupported schema type " + schemaType);
        }
        try {
            return new Schema.Parser().parse(schema);
        } catch (SchemaParseException | NullPointerException e) {
            throw new RegistryException(RegistryError.INVALID_SCHEMA, "Invalid schema: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new RegistryException(RegistryError.INVALID_SCHEMA, "Invalid schema: " + e);
        }
    }

    private CompatibilityResult check(CompatibilityLevel level, Schema candidate, List<Version> against) {
        List<String> messages = new ArrayList<>();
        String name = level.name();
        boolean backward = name.startsWith("BACKWARD") || name.startsWith("FULL");
        boolean forward = name.startsWith("FORWARD") || name.startsWith("FULL");
        for (int i = against.size() - 1; i >= 0; i--) {
            Schema old = new Schema.Parser().parse(textById.get(against.get(i).id));
            if (backward) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, old), messages);
            }
            if (forward) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(old, candidate), messages);
            }
        }
        return new CompatibilityResult(messages.isEmpty(), List.copyOf(messages));
    }

    private static void describe(SchemaCompatibility.SchemaPairCompatibility pair, List<String> messages) {
        for (SchemaCompatibility.Incompatibility i : pair.getResult().getIncompatibilities()) {
            messages.add("{errorType:'" + i.getType() + "', description:'" + i.getMessage() + "', location:'"
                    + i.getLocation() + "'}");
        }
    }
}
