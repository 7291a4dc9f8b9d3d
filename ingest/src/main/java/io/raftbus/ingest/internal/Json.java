package io.raftbus.ingest.internal;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The shared Jackson mapper and small JSON text helpers. */
public final class Json {
    /** The mapper; thread-safe once configured. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /**
     * Quotes a string as a JSON string literal.
     *
     * @param s the string.
     * @return the literal, with quotes.
     */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
