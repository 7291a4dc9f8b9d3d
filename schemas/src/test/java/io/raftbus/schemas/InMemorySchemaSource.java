package io.raftbus.schemas;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/**
 * A registry in a map, for tests: ids from 1, the same schema text under two subjects gets one id, versions per
 * subject. Counts {@link #byId} calls so tests can check that schemas are not looked up per event.
 */
public final class InMemorySchemaSource implements SchemaSource {
    private final Map<Integer, Schema> schemas = new HashMap<>();
    private final Map<String, Integer> ids = new HashMap<>();
    private final Map<String, List<Integer>> subjects = new HashMap<>();
    /** How often {@link #byId} was called. */
    public final AtomicInteger byIdCalls = new AtomicInteger();

    /**
     * Registers a schema under a subject.
     *
     * @param subject the subject.
     * @param schema the schema text.
     * @return its id.
     */
    public synchronized int register(String subject, String schema) {
        Schema parsed = new Schema.Parser().parse(schema);
        int id = ids.computeIfAbsent(parsed.toString(), k -> ids.size() + 1);
        schemas.put(id, parsed);
        List<Integer> versions = subjects.computeIfAbsent(subject, k -> new ArrayList<>());
        if (!versions.contains(id)) {
            versions.add(id);
        }
        return id;
    }

    @Override
    public synchronized Optional<Schema> byId(int id) {
        byIdCalls.incrementAndGet();
        return Optional.ofNullable(schemas.get(id));
    }

    @Override
    public synchronized Optional<SubjectVersion> latest(String subject) {
        List<Integer> versions = subjects.get(subject);
        if (versions == null || versions.isEmpty()) {
            return Optional.empty();
        }
        int id = versions.get(versions.size() - 1);
        return Optional.of(new SubjectVersion(subject, versions.size(), id, "AVRO", schemas.get(id).toString(),
                false));
    }

    @Override
    public synchronized boolean belongsTo(int id, String subject) {
        List<Integer> versions = subjects.get(subject);
        return versions != null && versions.contains(id);
    }
}
