package io.raftbus.schemas.internal;

import io.raftbus.schemas.CompatibilityLevel;
import io.raftbus.schemas.RegistryError;
import io.raftbus.schemas.RegistryException;
import io.raftbus.schemas.SchemaRegistry;
import io.raftbus.schemas.SubjectVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The registry's state: the fold of the {@code #system-schemas} channel in offset order. {@link #apply} is a pure
 * function of (state, offset, command): no clock, no randomness, no I/O and no Avro (the schema text is opaque here;
 * parsing and compatibility are the proposer's job), so every node that folds the same commands reaches the same
 * state and the same ids.
 *
 * <p>Ids: a schema text gets the next id ({@code 1, 2, ...}) the first time any subject registers it and keeps it
 * forever, so an id always names the same schema and a permanent delete never frees it. Versions are per subject:
 * one more than the highest version still held (soft-deleted ones included).
 *
 * <p>Not thread-safe: the owner guards it (see {@link ReplicatedRegistryImpl}).
 */
final class RegistryState {
    /** The level of a subject without its own, while no global level is set. */
    static final CompatibilityLevel DEFAULT_LEVEL = CompatibilityLevel.BACKWARD;
    /** The schema type of every version. */
    static final String AVRO = "AVRO";

    private final TreeMap<String, TreeMap<Integer, Version>> subjects = new TreeMap<>();
    private final TreeMap<String, CompatibilityLevel> subjectLevels = new TreeMap<>();
    private final Map<String, Long> subjectChanged = new HashMap<>();
    private final TreeMap<Integer, String> textById = new TreeMap<>();
    private final Map<String, Integer> idByText = new HashMap<>();
    private final TreeMap<Integer, Integer> usesById = new TreeMap<>();
    private CompatibilityLevel globalLevel;
    private long globalChanged;
    private int nextId = 1;
    private long offset;
    private long malformed;

    /** One version of a subject: the id it uses, and whether it was soft-deleted. */
    private record Version(int id, boolean deleted) {
    }

    /**
     * A folded event: the proposer's request id (null if undecodable) and the outcome.
     *
     * @param requestId the request id, or null.
     * @param outcome the outcome.
     */
    record Folded(String requestId, Outcome outcome) {
    }

    /**
     * Returns the offset of the last folded event, 0 before the first.
     *
     * @return the offset.
     */
    long offset() {
        return offset;
    }

    /**
     * Folds one event's data: decodes it and applies it; undecodable data is a recorded no-op.
     *
     * @param at the event's offset; must be above {@link #offset()}.
     * @param data the event's data.
     * @return the request id and outcome.
     */
    Folded apply(long at, byte[] data) {
        RegistryCommandCodec.Decoded d;
        try {
            d = RegistryCommandCodec.decode(data);
        } catch (IllegalArgumentException e) {
            advance(at);
            malformed++;
            return new Folded(null, new Outcome.Malformed(e.getMessage()));
        }
        return new Folded(d.requestId(), apply(at, d.command()));
    }

    /**
     * Applies one command.
     *
     * @param at the command's offset; must be above {@link #offset()}.
     * @param c the command.
     * @return the outcome; a refused or conflicting command changes nothing but the offset.
     */
    Outcome apply(long at, RegistryCommand c) {
        advance(at);
        Outcome.Refused refused = refusal(c);
        if (refused != null) {
            return refused;
        }
        if (c instanceof RegistryCommand.Register r) {
            return register(r);
        } else if (c instanceof RegistryCommand.SetLevel s) {
            if (s.subject() == null) {
                globalLevel = s.level();
                globalChanged = at;
            } else {
                subjectLevels.put(s.subject(), s.level());
                subjectChanged.put(s.subject(), at);
            }
            return new Outcome.LevelSet(s.level());
        } else if (c instanceof RegistryCommand.DeleteLevel d) {
            CompatibilityLevel previous;
            if (d.subject() == null) {
                previous = globalLevel();
                globalLevel = null;
                globalChanged = at;
            } else {
                previous = subjectLevels.remove(d.subject());
                subjectChanged.put(d.subject(), at);
            }
            return new Outcome.LevelDeleted(previous);
        } else if (c instanceof RegistryCommand.DeleteSubject d) {
            return deleteSubject(d);
        }
        return deleteVersion((RegistryCommand.DeleteVersion) c);
    }

    private void advance(long at) {
        if (at <= offset) {
            throw new IllegalArgumentException("offset " + at + " is not above the folded offset " + offset);
        }
        offset = at;
    }

    /**
     * Tells whether a command would be refused in the current state, without changing anything. The fold calls it
     * first; the proposer calls it to refuse bad deletes before they enter the log.
     *
     * @param c the command.
     * @return the refusal, or null if the command applies.
     */
    Outcome.Refused refusal(RegistryCommand c) {
        String subject = subjectOf(c);
        if (subject != null && subject.isEmpty()) {
            return new Outcome.Refused(RegistryError.INVALID_SUBJECT, "the subject name must not be empty");
        }
        if (c instanceof RegistryCommand.Register r) {
            return r.schema().isEmpty() ? new Outcome.Refused(RegistryError.INVALID_SCHEMA, "empty schema") : null;
        } else if (c instanceof RegistryCommand.DeleteLevel d) {
            if (d.subject() != null && !subjectLevels.containsKey(d.subject())) {
                return new Outcome.Refused(RegistryError.SUBJECT_LEVEL_NOT_CONFIGURED, "Subject '" + d.subject()
                        + "' does not have subject-level compatibility configured");
            }
        } else if (c instanceof RegistryCommand.DeleteSubject d) {
            TreeMap<Integer, Version> vs = subjects.get(d.subject());
            if (vs == null || vs.isEmpty()) {
                return subjectNotFound(d.subject());
            }
            boolean anyLive = vs.values().stream().anyMatch(v -> !v.deleted());
            if (!d.permanent() && !anyLive) {
                return new Outcome.Refused(RegistryError.SUBJECT_SOFT_DELETED, "Subject '" + d.subject()
                        + "' was soft deleted. Set permanent=true to delete permanently");
            }
            if (d.permanent() && anyLive) {
                return new Outcome.Refused(RegistryError.SUBJECT_NOT_SOFT_DELETED, "Subject '" + d.subject()
                        + "' was not deleted first before being permanently deleted");
            }
        } else if (c instanceof RegistryCommand.DeleteVersion d) {
            return versionRefusal(d);
        }
        return null;
    }

    private Outcome.Refused versionRefusal(RegistryCommand.DeleteVersion d) {
        if (!validVersion(d.version())) {
            return invalidVersion(d.version());
        }
        TreeMap<Integer, Version> vs = subjects.get(d.subject());
        if (vs == null || vs.isEmpty() || (!d.permanent() && vs.values().stream().allMatch(Version::deleted))) {
            return subjectNotFound(d.subject());
        }
        int n = resolve(vs, d.version(), d.permanent());
        Version v = vs.get(n);
        if (v == null) {
            return new Outcome.Refused(RegistryError.VERSION_NOT_FOUND, "Version " + d.version() + " not found.");
        }
        if (!d.permanent() && v.deleted()) {
            return new Outcome.Refused(RegistryError.VERSION_SOFT_DELETED, "Version " + n + " of subject '"
                    + d.subject() + "' was soft deleted. Set permanent=true to delete permanently");
        }
        if (d.permanent() && !v.deleted()) {
            return new Outcome.Refused(RegistryError.VERSION_NOT_SOFT_DELETED, "Version " + n + " of subject '"
                    + d.subject() + "' was not deleted first before being permanently deleted");
        }
        return null;
    }

    private Outcome register(RegistryCommand.Register r) {
        TreeMap<Integer, Version> vs = subjects.get(r.subject());
        Integer known = idByText.get(r.schema());
        if (vs != null && known != null) {
            for (Map.Entry<Integer, Version> e : vs.descendingMap().entrySet()) {
                if (!e.getValue().deleted() && e.getValue().id() == known) {
                    return new Outcome.Registered(known, e.getKey(), true);
                }
            }
        }
        if (subjectChanged.getOrDefault(r.subject(), 0L) > r.checkedAt() || globalChanged > r.checkedAt()) {
            return new Outcome.Conflict();
        }
        int id;
        if (known != null) {
            id = known;
        } else {
            id = nextId++;
            textById.put(id, r.schema());
            idByText.put(r.schema(), id);
        }
        TreeMap<Integer, Version> versions = subjects.computeIfAbsent(r.subject(), k -> new TreeMap<>());
        int version = versions.isEmpty() ? 1 : versions.lastKey() + 1;
        versions.put(version, new Version(id, false));
        usesById.merge(id, 1, Integer::sum);
        subjectChanged.put(r.subject(), offset);
        return new Outcome.Registered(id, version, false);
    }

    private Outcome deleteSubject(RegistryCommand.DeleteSubject d) {
        TreeMap<Integer, Version> vs = subjects.get(d.subject());
        List<Integer> deleted = new ArrayList<>();
        if (d.permanent()) {
            deleted.addAll(vs.keySet());
            vs.values().forEach(v -> unuse(v.id()));
            subjects.remove(d.subject());
            subjectLevels.remove(d.subject());
        } else {
            for (Map.Entry<Integer, Version> e : vs.entrySet()) {
                if (!e.getValue().deleted()) {
                    deleted.add(e.getKey());
                    e.setValue(new Version(e.getValue().id(), true));
                }
            }
        }
        subjectChanged.put(d.subject(), offset);
        return new Outcome.Deleted(deleted);
    }

    private Outcome deleteVersion(RegistryCommand.DeleteVersion d) {
        TreeMap<Integer, Version> vs = subjects.get(d.subject());
        int n = resolve(vs, d.version(), d.permanent());
        if (d.permanent()) {
            unuse(vs.remove(n).id());
            if (vs.isEmpty()) {
                subjects.remove(d.subject());
            }
        } else {
            vs.put(n, new Version(vs.get(n).id(), true));
        }
        subjectChanged.put(d.subject(), offset);
        return new Outcome.Deleted(List.of(n));
    }

    private void unuse(int id) {
        usesById.computeIfPresent(id, (k, n) -> n == 1 ? null : n - 1);
    }

    /** Resolves -1: the latest live version, or with {@code includeDeleted} the highest version held. */
    private static int resolve(TreeMap<Integer, Version> vs, int version, boolean includeDeleted) {
        if (version != SchemaRegistry.LATEST) {
            return version;
        }
        for (Map.Entry<Integer, Version> e : vs.descendingMap().entrySet()) {
            if (includeDeleted || !e.getValue().deleted()) {
                return e.getKey();
            }
        }
        return 0;
    }

    private static String subjectOf(RegistryCommand c) {
        if (c instanceof RegistryCommand.Register r) {
            return r.subject();
        } else if (c instanceof RegistryCommand.SetLevel s) {
            return s.subject();
        } else if (c instanceof RegistryCommand.DeleteLevel d) {
            return d.subject();
        } else if (c instanceof RegistryCommand.DeleteSubject d) {
            return d.subject();
        }
        return ((RegistryCommand.DeleteVersion) c).subject();
    }

    // ---------------------------------------------------------------- reads

    /** Returns true for a version number a caller may ask for: 1.. or {@link SchemaRegistry#LATEST}. */
    static boolean validVersion(int version) {
        return version >= 1 || version == SchemaRegistry.LATEST;
    }

    /** Returns the refusal of an invalid version number. */
    static Outcome.Refused invalidVersion(int version) {
        return new Outcome.Refused(RegistryError.INVALID_VERSION, "The specified version '" + version
                + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    private static Outcome.Refused subjectNotFound(String subject) {
        return new Outcome.Refused(RegistryError.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
    }

    /** Lists subjects with a live version (or any version, with {@code includeDeleted}), sorted. */
    List<String> subjects(String prefix, boolean includeDeleted) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Integer, Version>> e : subjects.tailMap(prefix, true).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            if (e.getValue().values().stream().anyMatch(v -> includeDeleted || !v.deleted())) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /** Lists a subject's visible versions, ascending; 40401 if there is none. */
    List<Integer> versions(String subject, boolean includeDeleted) throws RegistryException {
        List<Integer> out = new ArrayList<>();
        for (Map.Entry<Integer, Version> e : subjects.getOrDefault(subject, new TreeMap<>()).entrySet()) {
            if (includeDeleted || !e.getValue().deleted()) {
                out.add(e.getKey());
            }
        }
        if (out.isEmpty()) {
            throw subjectNotFound(subject).exception();
        }
        return out;
    }

    /** Returns one visible version; 42202, 40401, 40402. */
    SubjectVersion version(String subject, int version, boolean includeDeleted) throws RegistryException {
        if (!validVersion(version)) {
            throw invalidVersion(version).exception();
        }
        versions(subject, includeDeleted);
        TreeMap<Integer, Version> vs = subjects.get(subject);
        int n = resolve(vs, version, includeDeleted);
        Version v = vs.get(n);
        if (v == null || (v.deleted() && !includeDeleted)) {
            throw new RegistryException(RegistryError.VERSION_NOT_FOUND, "Version " + version + " not found.");
        }
        return toSubjectVersion(subject, n, v);
    }

    /** Returns the latest live version of a subject. */
    Optional<SubjectVersion> latest(String subject) {
        TreeMap<Integer, Version> vs = subjects.get(subject);
        if (vs == null) {
            return Optional.empty();
        }
        for (Map.Entry<Integer, Version> e : vs.descendingMap().entrySet()) {
            if (!e.getValue().deleted()) {
                return Optional.of(toSubjectVersion(subject, e.getKey(), e.getValue()));
            }
        }
        return Optional.empty();
    }

    /** Lists the live versions of a subject, newest first. */
    List<SubjectVersion> liveNewestFirst(String subject) {
        List<SubjectVersion> out = new ArrayList<>();
        TreeMap<Integer, Version> vs = subjects.get(subject);
        if (vs != null) {
            for (Map.Entry<Integer, Version> e : vs.descendingMap().entrySet()) {
                if (!e.getValue().deleted()) {
                    out.add(toSubjectVersion(subject, e.getKey(), e.getValue()));
                }
            }
        }
        return out;
    }

    /** Finds the newest visible version of a subject holding a schema text. */
    Optional<SubjectVersion> find(String subject, String schema, boolean includeDeleted) {
        Integer id = idByText.get(schema);
        TreeMap<Integer, Version> vs = subjects.get(subject);
        if (id == null || vs == null) {
            return Optional.empty();
        }
        for (Map.Entry<Integer, Version> e : vs.descendingMap().entrySet()) {
            if (e.getValue().id() == id && (includeDeleted || !e.getValue().deleted())) {
                return Optional.of(toSubjectVersion(subject, e.getKey(), e.getValue()));
            }
        }
        return Optional.empty();
    }

    /**
     * Returns the schema text of an id while any version (soft-deleted included) uses it; 40403 otherwise. O(1): the
     * publish path calls it through {@code byId}.
     */
    String schemaText(int id) throws RegistryException {
        String text = textById.get(id);
        if (text == null || !usesById.containsKey(id)) {
            throw new RegistryException(RegistryError.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
        }
        return text;
    }

    /** Lists the versions that use an id, in subject then version order. */
    List<SubjectVersion> usesOf(int id, boolean includeDeleted) {
        List<SubjectVersion> out = new ArrayList<>();
        if (!textById.containsKey(id)) {
            return out;
        }
        for (Map.Entry<String, TreeMap<Integer, Version>> s : subjects.entrySet()) {
            for (Map.Entry<Integer, Version> e : s.getValue().entrySet()) {
                if (e.getValue().id() == id && (includeDeleted || !e.getValue().deleted())) {
                    out.add(toSubjectVersion(s.getKey(), e.getKey(), e.getValue()));
                }
            }
        }
        return out;
    }

    /** Tells whether a live version of the subject uses the id. */
    boolean belongsTo(int id, String subject) {
        TreeMap<Integer, Version> vs = subjects.get(subject);
        return vs != null && vs.values().stream().anyMatch(v -> v.id() == id && !v.deleted());
    }

    /** Returns the global level (the default if none is set). */
    CompatibilityLevel globalLevel() {
        return globalLevel == null ? DEFAULT_LEVEL : globalLevel;
    }

    /** Returns a subject's own level. */
    Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    /** Returns the level that applies to a subject: its own, else the global one. */
    CompatibilityLevel effectiveLevel(String subject) {
        return subjectLevel(subject).orElse(globalLevel());
    }

    /** Returns the next id the fold will assign (for tests and docs: never decreases). */
    int nextId() {
        return nextId;
    }

    /**
     * Returns a canonical text of the whole state, for checks that replicas agree: equal states give equal texts.
     *
     * @return the description.
     */
    String describe() {
        StringBuilder b = new StringBuilder();
        b.append("offset=").append(offset).append(" nextId=").append(nextId).append(" malformed=").append(malformed)
                .append(" global=").append(globalLevel).append('@').append(globalChanged).append('\n');
        subjects.forEach((s, vs) -> b.append("subject ").append(s).append(' ').append(vs).append('\n'));
        subjectLevels.forEach((s, l) -> b.append("level ").append(s).append(' ').append(l).append('\n'));
        new TreeMap<>(subjectChanged).forEach((s, o) -> b.append("changed ").append(s).append(' ').append(o)
                .append('\n'));
        textById.forEach((id, t) -> b.append("id ").append(id).append(' ').append(t).append(" uses ")
                .append(usesById.getOrDefault(id, 0)).append('\n'));
        return b.toString();
    }

    private SubjectVersion toSubjectVersion(String subject, int n, Version v) {
        return new SubjectVersion(subject, n, v.id(), AVRO, textById.get(v.id()), v.deleted());
    }
}
