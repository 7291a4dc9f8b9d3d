package io.raftbus.schemas.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.raftbus.schemas.ChannelSchemas;
import io.raftbus.schemas.SchemaSource;
import io.raftbus.schemas.SchemaViolationException;
import io.raftbus.schemas.SubjectVersion;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ChannelSchemas} of a list of {@link ChannelBinding}s over a {@link SchemaSource}.
 *
 * <p>Publish: the first entry (in configuration order) that matches the channel gives the subject. JSON data is
 * checked against the subject's latest schema and stored in the Confluent wire format with that schema's id:
 * first in one pass ({@link AvroJsonAdapter}, which takes the plain shape of Avro JSON: members in field order,
 * nothing missing or extra); when that pass does not take it, the data is decoded with Avro's JSON decoder
 * (members the schema has no field for are refused too, since the decoder would drop them), which decides and
 * names the bad field; framed data must carry magic byte 0 and an id of one of the subject's versions, and its Avro binary must
 * decode with that schema, with nothing left over. A channel no entry matches is not checked.
 *
 * <p>Render: stored framed data is read with the schema of the id it carries and written as Avro JSON in one
 * pass ({@link AvroJsonPublisher}; data it cannot read is decoded with Avro's reader and written with Avro's
 * JSON encoder), so a subscriber gets the JSON value the publisher sent (a union value is {@code null} or
 * {@code {"<branch>": value}}, as Avro JSON writes it; numbers of {@code float}/{@code double} fields are written
 * with a fraction, {@code 1.0}).
 *
 * <p>Parsed schemas, readers and writers are cached per id (ids are never reused, so the cache is never
 * invalidated); the subject's latest id is asked of the source on each JSON publish, in memory. Thread-safe.
 */
public final class BoundChannelSchemas implements ChannelSchemas {
    private static final Logger LOG = LoggerFactory.getLogger(BoundChannelSchemas.class);
    private static final ObjectReader STRICT_JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).reader();
    private final List<ChannelBinding> bindings;
    private final SchemaSource source;
    private final ConcurrentHashMap<Integer, CompiledSchema> compiled = new ConcurrentHashMap<>();
    private final Set<Integer> warned = ConcurrentHashMap.newKeySet();

    /**
     * Creates the check.
     *
     * @param bindings the entries, first match wins.
     * @param source where schemas come from.
     */
    public BoundChannelSchemas(List<ChannelBinding> bindings, SchemaSource source) {
        this.bindings = List.copyOf(bindings);
        this.source = Objects.requireNonNull(source, "source");
    }

    /**
     * Returns the entries.
     *
     * @return the bindings, in configuration order.
     */
    public List<ChannelBinding> bindings() {
        return bindings;
    }

    /**
     * Returns the subject a channel is bound to.
     *
     * @param appId the app.
     * @param channel the channel.
     * @return the subject, or empty if no entry matches.
     */
    public Optional<String> subjectOf(String appId, String channel) {
        for (ChannelBinding b : bindings) {
            if (b.matches(appId, channel)) {
                return Optional.of(b.subjectOf(channel));
            }
        }
        return Optional.empty();
    }

    @Override
    public Validated validate(String appId, String channel, byte[] data, boolean framed)
            throws SchemaViolationException {
        Optional<String> subject = subjectOf(appId, channel);
        if (subject.isEmpty()) {
            return new Validated(Validated.NO_SCHEMA, data);
        }
        return framed ? framed(channel, subject.get(), data) : json(channel, subject.get(), data);
    }

    private Validated json(String channel, String subject, byte[] data) throws SchemaViolationException {
        Optional<SubjectVersion> latest = source.latest(subject);
        if (latest.isEmpty()) {
            throw violation(channel, subject, -1, "no schema is registered under the subject; register one "
                    + "before publishing to this channel");
        }
        int id = latest.get().id();
        CompiledSchema c = compiled(id);
        if (c == null) {
            throw violation(channel, subject, id, "the schema of the subject's latest version is not known to "
                    + "this node yet; retry");
        }
        byte[] onePass = c.frameJson(data);
        if (onePass != null) {
            return new Validated(id, onePass);
        }
        return decodeFully(channel, subject, c, data);
    }

    /**
     * The full check of JSON data, for what the one pass does not take: a strict Jackson tree (for the messages
     * and to find members the schema has no field for), then Avro's JSON decoder, then the binary encoder.
     *
     * @param channel the channel, for the message.
     * @param subject the subject, for the message.
     * @param c the schema.
     * @param data the JSON.
     * @return what to store.
     * @throws SchemaViolationException if the data does not match; the message names the field.
     */
    static Validated decodeFully(String channel, String subject, CompiledSchema c, byte[] data)
            throws SchemaViolationException {
        int id = c.id();
        JsonNode tree;
        try {
            tree = STRICT_JSON.readTree(data);
        } catch (JsonProcessingException e) {
            throw violation(channel, subject, id, "data is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw violation(channel, subject, id, "data is not valid JSON");
        }
        if (tree == null || tree.isMissingNode()) {
            throw violation(channel, subject, id, "data is empty; expected " + Violations.describe(c.schema()));
        }
        if (c.schema().getType() == org.apache.avro.Schema.Type.RECORD && !tree.isObject()) {
            throw violation(channel, subject, id, "expected " + Violations.describe(c.schema()) + ", got "
                    + Violations.describe(tree));
        }
        String extra = Violations.extraField(c.schema(), tree, "");
        if (extra != null) {
            throw violation(channel, subject, id, extra);
        }
        Object datum;
        try {
            datum = c.readJson(data);
        } catch (FieldPathException e) {
            throw violation(channel, subject, id, Violations.jsonFailure(c.schema(), tree, e));
        } catch (IOException | AvroRuntimeException e) {
            throw violation(channel, subject, id, "expected " + Violations.describe(c.schema()) + ", got "
                    + Violations.describe(tree));
        }
        try {
            return new Validated(id, c.frame(datum));
        } catch (IOException | AvroRuntimeException e) {
            throw violation(channel, subject, id, "data cannot be encoded: " + e.getMessage());
        }
    }

    private Validated framed(String channel, String subject, byte[] data) throws SchemaViolationException {
        if (data.length < CompiledSchema.HEADER) {
            throw violation(channel, subject, -1, "framed data has " + data.length + " bytes; it needs at least "
                    + CompiledSchema.HEADER + " (magic byte 0, 4-byte big-endian schema id, Avro binary)");
        }
        if (data[0] != CompiledSchema.MAGIC) {
            throw violation(channel, subject, -1, String.format("framed data starts with byte 0x%02x; the "
                    + "Confluent wire format starts with magic byte 0", data[0] & 0xff));
        }
        int id = CompiledSchema.idOf(data);
        if (!source.belongsTo(id, subject)) {
            throw violation(channel, subject, id, "schema id " + id + " is not a version of subject " + subject);
        }
        CompiledSchema c = compiled(id);
        if (c == null) {
            throw violation(channel, subject, id, "schema id " + id + " is not known to this node yet; retry");
        }
        try {
            c.readFramed(data);
        } catch (CompiledSchema.TrailingBytesException e) {
            throw violation(channel, subject, id, e.count() + " bytes left after the end of the record "
                    + "(trailing data)");
        } catch (FieldPathException e) {
            throw violation(channel, subject, id, Violations.binaryFailure(e));
        } catch (java.io.EOFException e) {
            throw violation(channel, subject, id, "the data ends too early (truncated)");
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
            throw violation(channel, subject, id, "the Avro binary cannot be decoded: " + e.getMessage());
        }
        return new Validated(id, data);
    }

    @Override
    public byte[] render(int schemaId, byte[] stored) {
        if (schemaId == Validated.NO_SCHEMA) {
            return stored;
        }
        if (stored.length < CompiledSchema.HEADER || stored[0] != CompiledSchema.MAGIC) {
            warnOnce(schemaId, "stored data of schema id " + schemaId + " is not framed; delivered unchanged");
            return stored;
        }
        int id = CompiledSchema.idOf(stored);
        CompiledSchema c = compiled(id);
        if (c == null) {
            warnOnce(id, "schema id " + id + " is unknown to this node; its events are delivered undecoded");
            return stored;
        }
        try {
            return c.renderJson(stored);
        } catch (IOException | RuntimeException e) {
            // left to Avro's reader, which decides and names the problem
        }
        try {
            return c.toJson(c.readFramed(stored));
        } catch (IOException | RuntimeException e) {
            warnOnce(id, "stored data of schema id " + id + " does not decode (" + e + "); delivered unchanged");
            return stored;
        }
    }

    private CompiledSchema compiled(int id) {
        CompiledSchema c = compiled.get(id);
        if (c != null) {
            return c;
        }
        return compiled.computeIfAbsent(id, k -> source.byId(k).map(s -> new CompiledSchema(k, s)).orElse(null));
    }

    private void warnOnce(int id, String message) {
        if (warned.add(id)) {
            LOG.warn("{} (logged once per id)", message);
        }
    }

    private static SchemaViolationException violation(String channel, String subject, int id, String problem) {
        return new SchemaViolationException("channel '" + channel + "' (subject " + subject
                + (id >= 0 ? ", schema id " + id : "") + "): " + problem);
    }
}
