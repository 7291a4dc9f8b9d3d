package io.raftbus.schemas.internal;

import java.util.Objects;

/**
 * One entry of {@code raftbus.schemas.bindings}: channels of an app (or of every app) whose name matches a
 * pattern are bound to a subject.
 *
 * @param app the app id the entry is limited to, or null for every app.
 * @param pattern the channel name pattern; {@code *} matches any run of characters, also an empty one. A pattern
 *     matches a system channel (one starting with {@code #}) only if it starts with {@code #} itself.
 * @param subject the subject, or null for the default strategy {@code <channel>-value}.
 */
public record ChannelBinding(String app, String pattern, String subject) {
    /** The suffix of the default subject strategy (Confluent's TopicNameStrategy for values). */
    public static final String VALUE_SUFFIX = "-value";

    /** Checks the invariants. */
    public ChannelBinding {
        Objects.requireNonNull(pattern, "pattern");
    }

    /**
     * Tells whether the entry binds a channel.
     *
     * @param appId the app.
     * @param channel the channel name.
     * @return true if it does.
     */
    public boolean matches(String appId, String channel) {
        if (app != null && !app.equals(appId)) {
            return false;
        }
        if (channel.startsWith("#") && !pattern.startsWith("#")) {
            return false;
        }
        return glob(pattern, channel);
    }

    /**
     * Returns the subject of a channel this entry matches.
     *
     * @param channel the channel name.
     * @return the configured subject, or {@code <channel>-value}.
     */
    public String subjectOf(String channel) {
        return subject != null ? subject : channel + VALUE_SUFFIX;
    }

    /** Wildcard match with {@code *} only, linear backtracking on the last star (no regex, no allocation). */
    static boolean glob(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int mark = 0;
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) != '*' && pattern.charAt(p) == text.charAt(t)) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    @Override
    public String toString() {
        return (app == null ? "" : app + ":") + pattern + (subject == null ? "" : "=" + subject);
    }
}
