package io.raftbus.schemas.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import org.apache.avro.Schema;

/**
 * The one-pass form of rendering a stored event for subscribers: reads the Avro binary after the Confluent header
 * and writes Avro JSON with a Jackson generator as it goes, with no Avro datum in between. The JSON is what
 * Avro's {@code JsonEncoder} writes for the decoded datum (the same generator writes numbers and escapes
 * strings), except that map entries keep their stored order (Avro's path goes through a hash map). Strings
 * that are not well-formed UTF-8 are decoded with replacement characters, as Avro's {@code Utf8} does.
 *
 * <p>Data that does not decode (a length past the end, a bad union index or enum ordinal, bytes left over)
 * throws, and so does data nested deeper than {@link BinaryBounds#MAX_DEPTH} levels (publish refuses such data,
 * so only a damaged store has it); the caller then falls back to Avro's reader. Stateless apart from a per-thread
 * output buffer; thread-safe.
 */
final class AvroJsonPublisher {
    private static final JsonFactory JSON = new JsonFactory();
    private static final int MAX_KEPT_BUFFER = 64 * 1024;
    private static final ThreadLocal<ByteArrayBuilder> OUT = ThreadLocal.withInitial(() -> new ByteArrayBuilder(512));

    private final Schema schema;

    /**
     * Creates the renderer of one schema.
     *
     * @param schema the schema of the stored data.
     */
    AvroJsonPublisher(Schema schema) {
        this.schema = schema;
    }

    /**
     * Renders framed data.
     *
     * @param framed the Confluent-framed payload (its header is skipped, not checked).
     * @return UTF-8 JSON text.
     * @throws IOException if the binary does not decode with this schema or bytes are left after the datum.
     */
    byte[] render(byte[] framed) throws IOException {
        ByteArrayBuilder out = OUT.get();
        if (out.size() > 0 || out.getCurrentSegment().length > MAX_KEPT_BUFFER) {
            out = new ByteArrayBuilder(512);
            OUT.set(out);
        }
        try {
            AvroBinaryReader in = new AvroBinaryReader(framed, CompiledSchema.HEADER);
            try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
                write(schema, in, g, 0);
            }
            if (in.remaining() != 0) {
                throw new IOException(in.remaining() + " bytes after the end of the data");
            }
            return out.toByteArray();
        } finally {
            out.reset();
        }
    }

    /** Writes one datum; {@code depth} counts as {@link BinaryBounds} does, so what it accepted renders. */
    private static void write(Schema s, AvroBinaryReader in, JsonGenerator g, int depth) throws IOException {
        BinaryBounds.checkDepth(depth);
        switch (s.getType()) {
            case RECORD -> {
                g.writeStartObject();
                for (Schema.Field f : s.getFields()) {
                    g.writeFieldName(f.name());
                    write(f.schema(), in, g, depth + 1);
                }
                g.writeEndObject();
            }
            case STRING -> g.writeString(in.string());
            case INT -> g.writeNumber(in.intValue());
            case LONG -> g.writeNumber(in.longValue());
            // widened, as Avro's JsonEncoder writes a float: 373610.625, not 373610.62
            case FLOAT -> g.writeNumber((double) Float.intBitsToFloat(in.fixed32()));
            case DOUBLE -> g.writeNumber(Double.longBitsToDouble(in.fixed64()));
            case BOOLEAN -> g.writeBoolean(in.bool());
            case NULL -> g.writeNull();
            case BYTES -> g.writeString(in.latin1(in.length()));
            case FIXED -> g.writeString(in.latin1(s.getFixedSize()));
            case ENUM -> g.writeString(s.getEnumSymbols().get(in.index(s.getEnumSymbols().size(), "enum ordinal")));
            case UNION -> {
                Schema b = s.getTypes().get(in.index(s.getTypes().size(), "union branch"));
                if (b.getType() == Schema.Type.NULL) {
                    g.writeNull();
                } else {
                    g.writeStartObject();
                    g.writeFieldName(b.getFullName());
                    write(b, in, g, depth + 1);
                    g.writeEndObject();
                }
            }
            case ARRAY -> {
                g.writeStartArray();
                for (long n = in.blockCount(); n != 0; n = in.blockCount()) {
                    for (long i = 0; i < n; i++) {
                        write(s.getElementType(), in, g, depth + 1);
                    }
                }
                g.writeEndArray();
            }
            case MAP -> {
                g.writeStartObject();
                for (long n = in.blockCount(); n != 0; n = in.blockCount()) {
                    for (long i = 0; i < n; i++) {
                        g.writeFieldName(in.string());
                        write(s.getValueType(), in, g, depth + 1);
                    }
                }
                g.writeEndObject();
            }
            default -> throw new IOException("unsupported type " + s.getType());
        }
    }
}
