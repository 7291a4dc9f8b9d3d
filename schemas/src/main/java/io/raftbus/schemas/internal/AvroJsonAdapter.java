package io.raftbus.schemas.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * The one-pass form of a JSON publish to a bound channel: streams the JSON tokens once, walking the schema, and
 * writes the Avro binary (after the Confluent header) as it goes, with no Jackson tree, no Avro datum and no
 * per-event parser grammar. It accepts only the plain, canonical shape of Avro JSON:
 * <ul>
 *   <li>record members in the schema's field order, each field present, no other member, no duplicate;</li>
 *   <li>{@code int}: an integer token that fits 32 bits; {@code long}: one that fits 64 bits; {@code float} and
 *   {@code double}: any number token;</li>
 *   <li>{@code string}: a string token (well-formed UTF-16, so that UTF-8 is exact); {@code bytes} and
 *   {@code fixed}: a string of characters up to U+00FF, one per byte, of the fixed size;</li>
 *   <li>{@code enum}: one of the symbols; a union: {@code null} for its null branch or
 *   {@code {"<full name>": value}}; arrays and maps as JSON arrays and objects.</li>
 * </ul>
 * Anything else returns {@code null} rather than an error: the caller then runs the full check (a Jackson tree
 * and Avro's {@code JsonDecoder}), which decides, names the bad field, and accepts the other forms Avro's decoder
 * takes (members out of order, for one). Every datum this adapter writes is one that full check accepts and
 * decodes to the same value ({@code AvroJsonAdapterPropertyTest} holds it to that); map entries keep the JSON's
 * order. Stateless apart from a per-thread output buffer; thread-safe.
 */
final class AvroJsonAdapter {
    private static final JsonFactory JSON = new JsonFactory();
    private static final int MAX_KEPT_BUFFER = 64 * 1024;
    private static final ThreadLocal<Out> OUT = ThreadLocal.withInitial(Out::new);

    private final Schema schema;
    private final byte[] header;

    /**
     * Creates the adapter of one schema id.
     *
     * @param header the Confluent header of the schema id, written before the binary.
     * @param schema the schema.
     */
    AvroJsonAdapter(byte[] header, Schema schema) {
        this.schema = schema;
        this.header = header;
    }

    /**
     * Converts JSON data to the Confluent-framed Avro binary.
     *
     * @param json UTF-8 JSON text.
     * @return the framed bytes, or null if the data is not in the shape this adapter takes (it may still be
     *     valid; run the full check).
     */
    byte[] frame(byte[] json) {
        Out out = OUT.get();
        out.reset(header);
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() == null || !value(schema, p, out) || p.nextToken() != null) {
                return null;
            }
        } catch (IOException | NumberFormatException | ArithmeticException e) {
            return null;
        }
        return out.bytes();
    }

    /** Writes the value at the parser's current token; false if it is not in the accepted shape. */
    private static boolean value(Schema s, JsonParser p, Out out) throws IOException {
        JsonToken t = p.currentToken();
        switch (s.getType()) {
            case RECORD -> {
                return t == JsonToken.START_OBJECT && record(s, p, out);
            }
            case STRING -> {
                return t == JsonToken.VALUE_STRING && out.utf8(p.getTextCharacters(), p.getTextOffset(),
                        p.getTextLength());
            }
            case INT -> {
                if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
                    return false;
                }
                out.varint(p.getIntValue());
                return true;
            }
            case LONG -> {
                if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    return false;
                }
                out.varint(p.getLongValue());
                return true;
            }
            case DOUBLE -> {
                if (!t.isNumeric()) {
                    return false;
                }
                out.fixed64(Double.doubleToRawLongBits(p.getDoubleValue()));
                return true;
            }
            case FLOAT -> {
                if (!t.isNumeric()) {
                    return false;
                }
                out.fixed32(Float.floatToRawIntBits(p.getFloatValue()));
                return true;
            }
            case BOOLEAN -> {
                if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
                    return false;
                }
                out.put(t == JsonToken.VALUE_TRUE ? 1 : 0);
                return true;
            }
            case NULL -> {
                return t == JsonToken.VALUE_NULL;
            }
            case ENUM -> {
                if (t != JsonToken.VALUE_STRING) {
                    return false;
                }
                String symbol = p.getText();
                if (!s.hasEnumSymbol(symbol)) {
                    return false;
                }
                out.varint(s.getEnumOrdinal(symbol));
                return true;
            }
            case UNION -> {
                return union(s, p, out);
            }
            case ARRAY -> {
                return t == JsonToken.START_ARRAY && array(s.getElementType(), p, out);
            }
            case MAP -> {
                return t == JsonToken.START_OBJECT && map(s.getValueType(), p, out);
            }
            case BYTES -> {
                return t == JsonToken.VALUE_STRING && out.latin1(p.getTextCharacters(), p.getTextOffset(),
                        p.getTextLength(), -1);
            }
            case FIXED -> {
                return t == JsonToken.VALUE_STRING && out.latin1(p.getTextCharacters(), p.getTextOffset(),
                        p.getTextLength(), s.getFixedSize());
            }
            default -> {
                return false;
            }
        }
    }

    private static boolean record(Schema s, JsonParser p, Out out) throws IOException {
        List<Schema.Field> fields = s.getFields();
        for (int i = 0, n = fields.size(); i < n; i++) {
            Schema.Field f = fields.get(i);
            String name = p.nextFieldName();
            if (name == null || !name.equals(f.name())) {
                return false;
            }
            p.nextToken();
            if (!value(f.schema(), p, out)) {
                return false;
            }
        }
        return p.nextToken() == JsonToken.END_OBJECT;
    }

    private static boolean union(Schema s, JsonParser p, Out out) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            Integer branch = s.getIndexNamed("null");
            if (branch == null) {
                return false;
            }
            out.varint(branch);
            return true;
        }
        if (t != JsonToken.START_OBJECT) {
            return false;
        }
        String label = p.nextFieldName();
        Integer branch = label == null ? null : s.getIndexNamed(label);
        if (branch == null) {
            return false;
        }
        Schema b = s.getTypes().get(branch);
        if (b.getType() == Schema.Type.NULL) {
            return false;
        }
        out.varint(branch);
        p.nextToken();
        return value(b, p, out) && p.nextToken() == JsonToken.END_OBJECT;
    }

    /** One block holding every item, then the 0 that ends the array (the count is written before the items). */
    private static boolean array(Schema items, JsonParser p, Out out) throws IOException {
        int start = out.length();
        long count = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (!value(items, p, out)) {
                return false;
            }
            count++;
        }
        out.blockCount(start, count);
        return true;
    }

    /** Like an array, keys before values; a key given twice is left to the full check (Avro keeps the last). */
    private static boolean map(Schema values, JsonParser p, Out out) throws IOException {
        int start = out.length();
        long count = 0;
        String first = null;
        Set<String> keys = null;
        String key;
        while ((key = p.nextFieldName()) != null) {
            if (count == 0) {
                first = key;
            } else {
                if (keys == null) {
                    keys = new HashSet<>();
                    keys.add(first);
                }
                if (!keys.add(key)) {
                    return false;
                }
            }
            if (!out.utf8(key) || !advance(p) || !value(values, p, out)) {
                return false;
            }
            count++;
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            return false;
        }
        out.blockCount(start, count);
        return true;
    }

    private static boolean advance(JsonParser p) throws IOException {
        return p.nextToken() != null;
    }

    /** A growing output buffer, kept per thread (one that grew past 64 KiB is dropped after use). */
    private static final class Out {
        private byte[] buf = new byte[512];
        private int len;

        void reset(byte[] header) {
            if (buf.length > MAX_KEPT_BUFFER) {
                buf = new byte[512];
            }
            System.arraycopy(header, 0, buf, 0, header.length);
            len = header.length;
        }

        int length() {
            return len;
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, len);
        }

        private void ensure(int more) {
            if (len + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
            }
        }

        void put(int b) {
            ensure(1);
            buf[len++] = (byte) b;
        }

        /** Zig-zag varint, as Avro writes int and long. */
        void varint(long v) {
            ensure(10);
            long z = (v << 1) ^ (v >> 63);
            while ((z & ~0x7FL) != 0) {
                buf[len++] = (byte) ((z & 0x7F) | 0x80);
                z >>>= 7;
            }
            buf[len++] = (byte) z;
        }

        void fixed32(int bits) {
            ensure(4);
            buf[len++] = (byte) bits;
            buf[len++] = (byte) (bits >>> 8);
            buf[len++] = (byte) (bits >>> 16);
            buf[len++] = (byte) (bits >>> 24);
        }

        void fixed64(long bits) {
            fixed32((int) bits);
            fixed32((int) (bits >>> 32));
        }

        /**
         * Inserts the block count before the items written since {@code start}, then the 0 that ends the list
         * (an empty list is the 0 alone).
         */
        void blockCount(int start, long count) {
            if (count > 0) {
                int items = len - start;
                len = start;
                ensure(10 + items);
                System.arraycopy(buf, start, buf, start + 10, items);
                varint(count);
                System.arraycopy(buf, start + 10, buf, len, items);
                len += items;
            }
            put(0);
        }

        boolean utf8(String s) {
            return utf8(s.toCharArray(), 0, s.length());
        }

        /** Length-prefixed UTF-8; false on a lone surrogate (Java would write '?' for it, losing data). */
        boolean utf8(char[] c, int off, int n) {
            int bytes = 0;
            for (int i = off, end = off + n; i < end; i++) {
                char ch = c[i];
                if (ch < 0x80) {
                    bytes++;
                } else if (ch < 0x800) {
                    bytes += 2;
                } else if (Character.isSurrogate(ch)) {
                    if (!Character.isHighSurrogate(ch) || i + 1 >= end || !Character.isLowSurrogate(c[i + 1])) {
                        return false;
                    }
                    bytes += 4;
                    i++;
                } else {
                    bytes += 3;
                }
            }
            varint(bytes);
            ensure(bytes);
            for (int i = off, end = off + n; i < end; i++) {
                char ch = c[i];
                if (ch < 0x80) {
                    buf[len++] = (byte) ch;
                } else if (ch < 0x800) {
                    buf[len++] = (byte) (0xC0 | (ch >> 6));
                    buf[len++] = (byte) (0x80 | (ch & 0x3F));
                } else if (Character.isHighSurrogate(ch)) {
                    int cp = Character.toCodePoint(ch, c[++i]);
                    buf[len++] = (byte) (0xF0 | (cp >> 18));
                    buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    buf[len++] = (byte) (0x80 | (cp & 0x3F));
                } else {
                    buf[len++] = (byte) (0xE0 | (ch >> 12));
                    buf[len++] = (byte) (0x80 | ((ch >> 6) & 0x3F));
                    buf[len++] = (byte) (0x80 | (ch & 0x3F));
                }
            }
            return true;
        }

        /**
         * One byte per character, as Avro JSON writes bytes and fixed; with {@code size >= 0} (fixed) no length
         * prefix and exactly that many characters. False on a character above U+00FF.
         */
        boolean latin1(char[] c, int off, int n, int size) {
            if (size >= 0 && n != size) {
                return false;
            }
            if (size < 0) {
                varint(n);
            }
            ensure(n);
            for (int i = off, end = off + n; i < end; i++) {
                char ch = c[i];
                if (ch > 0xFF) {
                    return false;
                }
                buf[len++] = (byte) ch;
            }
            return true;
        }
    }
}
