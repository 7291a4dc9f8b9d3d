package io.raftbus.log.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Length-prefixed UTF-8 strings in the log's binary formats: {@code u16 length | bytes}, 0xFFFF for null. */
final class Strings {
    static final int NULL_LENGTH = 0xFFFF;

    private Strings() {
    }

    static int size(String s) {
        return 2 + utf8Length(s);
    }

    static int sizeNullable(String s) {
        return s == null ? 2 : size(s);
    }

    static void put(ByteBuffer b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length >= NULL_LENGTH) {
            throw new IllegalArgumentException("string of " + bytes.length + " bytes is too long");
        }
        b.putShort((short) bytes.length);
        b.put(bytes);
    }

    static void putNullable(ByteBuffer b, String s) {
        if (s == null) {
            b.putShort((short) NULL_LENGTH);
        } else {
            put(b, s);
        }
    }

    static String get(ByteBuffer b) {
        String s = getNullable(b);
        if (s == null) {
            throw new IllegalArgumentException("null where a string is required");
        }
        return s;
    }

    static String getNullable(ByteBuffer b) {
        int len = b.getShort() & 0xFFFF;
        if (len == NULL_LENGTH) {
            return null;
        }
        if (len > b.remaining()) {
            throw new IllegalArgumentException("string length " + len + " past the end");
        }
        ByteBuffer slice = b.slice();
        slice.limit(len);
        b.position(b.position() + len);
        boolean ascii = true;
        for (int i = 0; i < len; i++) {
            if (slice.get(i) < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            byte[] bytes = new byte[len];
            slice.get(bytes);
            return new String(bytes, StandardCharsets.US_ASCII);
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(slice);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("invalid UTF-8", e);
        }
    }

    /**
     * Decodes UTF-8 from an array, refusing malformed input; ASCII (the common case) is copied directly.
     *
     * @throws IllegalArgumentException on invalid UTF-8.
     */
    static String decode(byte[] a, int offset, int len) {
        int i = offset;
        int end = offset + len;
        while (i < end && a[i] >= 0) {
            i++;
        }
        if (i == end) {
            return new String(a, offset, len, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(a, offset, len))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("invalid UTF-8", e);
        }
    }

    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                n++; // a lone surrogate is encoded as '?' by String.getBytes
            } else {
                n += 3;
            }
        }
        return n;
    }
}
