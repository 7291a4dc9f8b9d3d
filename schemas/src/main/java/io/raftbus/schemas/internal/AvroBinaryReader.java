package io.raftbus.schemas.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Avro binary primitives over untrusted bytes, every varint, length and block count checked against the bytes
 * left, so nothing is read past the end or allocated from a length the data does not hold. What runs past the
 * end throws {@link EOFException}; other malformed data throws {@link IOException}. The one reader of both the
 * publish check ({@link BinaryBounds}) and the renderer ({@link AvroJsonPublisher}), so they refuse alike.
 */
final class AvroBinaryReader {
    private final byte[] b;
    private int pos;

    /**
     * Reads {@code b} from {@code pos}.
     *
     * @param b the bytes.
     * @param pos where the Avro binary starts.
     */
    AvroBinaryReader(byte[] b, int pos) {
        this.b = b;
        this.pos = pos;
    }

    /**
     * Returns how many bytes are left.
     *
     * @return the bytes after the read position.
     */
    int remaining() {
        return b.length - pos;
    }

    /**
     * Skips bytes.
     *
     * @param n how many.
     * @throws EOFException if fewer are left.
     */
    void skip(long n) throws EOFException {
        need(n);
        pos += (int) n;
    }

    private void need(long n) throws EOFException {
        if (n < 0 || n > b.length - pos) {
            throw new EOFException(n + " bytes needed, " + (b.length - pos) + " left");
        }
    }

    /**
     * Reads a zig-zag varint (Avro's int and long).
     *
     * @return the value.
     * @throws IOException if it runs past the end or is longer than 10 bytes.
     */
    long longValue() throws IOException {
        long raw = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= b.length) {
                throw new EOFException("varint runs past the end");
            }
            int x = b[pos++];
            raw |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new IOException("varint longer than 10 bytes");
    }

    /**
     * Reads an Avro int.
     *
     * @return the value.
     * @throws IOException if malformed or outside the int range.
     */
    int intValue() throws IOException {
        long v = longValue();
        if (v != (int) v) {
            throw new IOException("int out of range: " + v);
        }
        return (int) v;
    }

    /**
     * Reads four little-endian bytes (the bits of a float).
     *
     * @return the bits.
     * @throws EOFException if fewer are left.
     */
    int fixed32() throws EOFException {
        need(4);
        int v = (b[pos] & 0xFF) | (b[pos + 1] & 0xFF) << 8 | (b[pos + 2] & 0xFF) << 16 | (b[pos + 3] & 0xFF) << 24;
        pos += 4;
        return v;
    }

    /**
     * Reads eight little-endian bytes (the bits of a double).
     *
     * @return the bits.
     * @throws EOFException if fewer are left.
     */
    long fixed64() throws EOFException {
        return (fixed32() & 0xFFFFFFFFL) | (long) fixed32() << 32;
    }

    /**
     * Reads a boolean byte.
     *
     * @return its value.
     * @throws IOException if none is left or it is neither 0 nor 1.
     */
    boolean bool() throws IOException {
        need(1);
        int v = b[pos++];
        if (v != 0 && v != 1) {
            throw new IOException("boolean byte " + v);
        }
        return v == 1;
    }

    /**
     * Reads the length of a string or bytes value.
     *
     * @return the length, which the bytes left hold.
     * @throws IOException if negative or longer than what is left.
     */
    int length() throws IOException {
        long n = longValue();
        if (n < 0 || n > b.length - pos) {
            throw new EOFException("length " + n + ", " + (b.length - pos) + " bytes left");
        }
        return (int) n;
    }

    /**
     * Reads a string, replacing what is not well-formed UTF-8 as Avro's {@code Utf8} does.
     *
     * @return the string.
     * @throws IOException if its length is malformed.
     */
    String string() throws IOException {
        int n = length();
        String s = new String(b, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    /**
     * Reads bytes as ISO-8859-1 characters, one per byte (how Avro JSON writes bytes and fixed).
     *
     * @param n how many bytes.
     * @return the characters.
     * @throws EOFException if fewer are left.
     */
    String latin1(int n) throws EOFException {
        need(n);
        String s = new String(b, pos, n, StandardCharsets.ISO_8859_1);
        pos += n;
        return s;
    }

    /**
     * Reads a union branch or enum ordinal.
     *
     * @param size how many there are.
     * @param what what is read, for the message.
     * @return the index, in {@code [0, size)}.
     * @throws IOException if out of range.
     */
    int index(int size, String what) throws IOException {
        long i = longValue();
        if (i < 0 || i >= size) {
            throw new IOException(what + " " + i + " does not exist (there are " + size + ")");
        }
        return (int) i;
    }

    /**
     * Reads a block's item count; a negative count is followed by the block's size in bytes, as Avro allows. A
     * count above the bytes left is refused (a block of no-byte items, such as nulls, is then left to Avro's
     * reader), and so is the one count with no positive form, {@code Long.MIN_VALUE}, rather than read as an
     * empty block.
     *
     * @return the count, 0 after the last block.
     * @throws IOException if malformed or longer than the data left.
     */
    long blockCount() throws IOException {
        long count = longValue();
        if (count < 0) {
            count = -count;
            length();
        }
        if (count < 0) {
            throw new IOException("block count " + count + " is out of range");
        }
        if (count > b.length - pos) {
            throw new EOFException("block of " + count + " items, " + (b.length - pos) + " bytes left");
        }
        return count;
    }
}
