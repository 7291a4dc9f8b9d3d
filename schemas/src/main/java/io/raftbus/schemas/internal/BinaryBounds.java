package io.raftbus.schemas.internal;

import java.io.EOFException;
import java.io.IOException;
import org.apache.avro.Schema;

/**
 * Walks untrusted Avro binary against a schema without allocating, before Avro decodes it: Avro allocates what a
 * length or block count announces (a 10-byte payload announcing a 1 GiB string is 1 GiB of heap), so every
 * string, bytes and fixed length must fit in the bytes left, every array or map block count too, and nesting is
 * limited to {@value #MAX_DEPTH} levels. A failure inside a field is a {@link FieldPathException} naming it,
 * caused by an {@link EOFException}, so it reads like a truncation (which is what it is to the decoder).
 */
final class BinaryBounds {
    /** The deepest nesting of records, arrays, maps and unions accepted. */
    static final int MAX_DEPTH = 256;
    private final AvroBinaryReader in;

    private BinaryBounds(byte[] data, int offset) {
        this.in = new AvroBinaryReader(data, offset);
    }

    /**
     * Checks a payload.
     *
     * @param schema the writer schema.
     * @param data the payload.
     * @param offset where the Avro binary starts.
     * @throws IOException ({@link EOFException} if a length runs past the end) or {@link FieldPathException}.
     */
    static void check(Schema schema, byte[] data, int offset) throws IOException {
        new BinaryBounds(data, offset).walk(schema, 0);
    }

    /**
     * Refuses a datum nested deeper than {@value #MAX_DEPTH} levels; the one depth rule of this check and of the
     * renderer ({@link AvroJsonPublisher}), which count levels alike.
     *
     * @param depth the level about to be read, 0 for the top.
     * @throws IOException if it is too deep.
     */
    static void checkDepth(int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IOException("nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private void walk(Schema s, int depth) throws IOException {
        checkDepth(depth);
        switch (s.getType()) {
            case NULL -> {
            }
            case BOOLEAN -> in.skip(1);
            case INT, LONG, ENUM -> in.longValue();
            case FLOAT -> in.skip(4);
            case DOUBLE -> in.skip(8);
            case STRING, BYTES -> in.skip(in.length());
            case FIXED -> in.skip(s.getFixedSize());
            case UNION -> walk(s.getTypes().get(in.index(s.getTypes().size(), "union branch")), depth + 1);
            case RECORD -> {
                for (Schema.Field f : s.getFields()) {
                    try {
                        walk(f.schema(), depth + 1);
                    } catch (FieldPathException e) {
                        throw e.under(f.name());
                    } catch (IOException e) {
                        throw new FieldPathException(f.name(), e);
                    }
                }
            }
            case ARRAY, MAP -> {
                long count;
                while ((count = in.blockCount()) != 0) {
                    for (long i = 0; i < count; i++) {
                        if (s.getType() == Schema.Type.MAP) {
                            in.skip(in.length());
                            walk(s.getValueType(), depth + 1);
                        } else {
                            walk(s.getElementType(), depth + 1);
                        }
                    }
                }
            }
            default -> throw new IOException("unsupported type " + s.getType());
        }
    }
}
