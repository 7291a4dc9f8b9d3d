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
    private final byte[] data;
    private int pos;

    private BinaryBounds(byte[] data, int offset) {
        this.data = data;
        this.pos = offset;
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
            case BOOLEAN -> skip(1);
            case INT, LONG, ENUM -> varint();
            case FLOAT -> skip(4);
            case DOUBLE -> skip(8);
            case STRING, BYTES -> skip(length());
            case FIXED -> skip(s.getFixedSize());
            case UNION -> {
                long branch = varint();
                if (branch < 0 || branch >= s.getTypes().size()) {
                    throw new IOException("union branch " + branch + " does not exist (the union has "
                            + s.getTypes().size() + ")");
                }
                walk(s.getTypes().get((int) branch), depth + 1);
            }
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
                while ((count = blockCount()) != 0) {
                    for (long i = 0; i < count; i++) {
                        if (s.getType() == Schema.Type.MAP) {
                            skip(length());
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

    /**
     * A block's item count; a negative count is followed by the block's size in bytes, as Avro allows. The one
     * count with no positive form, {@code Long.MIN_VALUE}, is refused, as {@link AvroJsonPublisher}'s reader
     * refuses it, rather than read as an empty block.
     */
    private long blockCount() throws IOException {
        long count = varint();
        if (count < 0) {
            count = -count;
            length();
        }
        if (count < 0) {
            throw new IOException("block count " + count + " is out of range");
        }
        if (count > data.length - pos) {
            throw new EOFException("block of " + count + " items, " + (data.length - pos) + " bytes left");
        }
        return count;
    }

    private int length() throws IOException {
        long n = varint();
        if (n < 0 || n > data.length - pos) {
            throw new EOFException("length " + n + ", " + (data.length - pos) + " bytes left");
        }
        return (int) n;
    }

    private void skip(int n) throws EOFException {
        if (n > data.length - pos) {
            throw new EOFException(n + " bytes needed, " + (data.length - pos) + " left");
        }
        pos += n;
    }

    private long varint() throws IOException {
        long raw = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (pos >= data.length) {
                throw new EOFException("varint runs past the end");
            }
            int b = data[pos++] & 0xff;
            raw |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new IOException("varint longer than 10 bytes");
    }
}
