package io.raftbus.schemas;

import io.raftbus.schemas.internal.BoundChannelSchemas;
import io.raftbus.schemas.internal.ChannelBinding;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Binds channels to Schema Registry subjects: the entry point of the publish-path schema check. Parses
 * {@value Keys#BINDINGS} once at start-up and returns the {@link ChannelSchemas} the edge calls.
 *
 * <p>Syntax: entries separated by {@code ;} or new lines, each {@code [<app id>:]<pattern>[=<subject>]}:
 * <pre>
 * orders-*                          every app: channel orders-eu is bound to subject orders-eu-value
 * orders-*=orders-value             every app: every orders-... channel is bound to orders-value
 * app-1:private-payments=payments   only app app-1's channel private-payments, subject payments
 * </pre>
 * {@code *} in a pattern matches any run of characters (also none); a pattern without {@code =subject} uses
 * the default strategy {@code <channel>-value} (Confluent's TopicNameStrategy for values). The first entry that
 * matches a channel wins. Patterns match system channels (starting with {@code #}) only when they start with
 * {@code #}. Channel names containing {@code ;}, {@code =} or {@code :} cannot be bound (they are separators).
 * Whitespace around entries and parts is ignored; empty entries are skipped.
 */
public final class ChannelBindings {
    private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9_\\-@,.*#]+");
    private static final Pattern APP = Pattern.compile("[^\\s:=;]+");
    private static final Pattern SUBJECT = Pattern.compile("[^\\s;]+");

    /** Every property name with its default. */
    public static final class Keys {
        /** The channel bindings, see {@link ChannelBindings} for the syntax. */
        public static final String BINDINGS = "raftbus.schemas.bindings";
        /** Default: empty, no channel is bound and nothing is checked. */
        public static final String BINDINGS_DEFAULT = "";

        private Keys() {
        }
    }

    private ChannelBindings() {
    }

    /**
     * Parses bindings.
     *
     * @param config the value of {@value Keys#BINDINGS}; null or blank binds nothing.
     * @param source where the bound subjects' schemas come from; may be null only when nothing is bound.
     * @return {@link ChannelSchemas#NONE} when nothing is bound, else the check (thread-safe).
     * @throws IllegalArgumentException naming the key and the entry it refuses.
     */
    public static ChannelSchemas parse(String config, SchemaSource source) {
        if (config == null || config.isBlank()) {
            return ChannelSchemas.NONE;
        }
        List<ChannelBinding> bindings = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String raw : config.split("[;\\n]", -1)) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            ChannelBinding b = entry(entry);
            if (!seen.add((b.app() == null ? "" : b.app()) + ":" + b.pattern())) {
                throw refuse(entry, "pattern '" + b.pattern() + "' is bound twice"
                        + (b.app() == null ? "" : " for app '" + b.app() + "'"));
            }
            bindings.add(b);
        }
        if (bindings.isEmpty()) {
            return ChannelSchemas.NONE;
        }
        Objects.requireNonNull(source, Keys.BINDINGS + " binds channels but no schema source was given");
        return new BoundChannelSchemas(bindings, source);
    }

    /**
     * Parses {@value Keys#BINDINGS} from properties; other keys are ignored.
     *
     * @param p the properties.
     * @param source where the bound subjects' schemas come from; may be null only when nothing is bound.
     * @return the check, {@link ChannelSchemas#NONE} when the key is absent or blank.
     * @throws IllegalArgumentException naming the key and the entry it refuses.
     */
    public static ChannelSchemas fromProperties(Properties p, SchemaSource source) {
        return parse(p.getProperty(Keys.BINDINGS, Keys.BINDINGS_DEFAULT), source);
    }

    /**
     * Returns the subject of the default strategy.
     *
     * @param channel the channel name.
     * @return {@code <channel>-value}.
     */
    public static String defaultSubject(String channel) {
        return channel + ChannelBinding.VALUE_SUFFIX;
    }

    private static ChannelBinding entry(String entry) {
        String left = entry;
        String subject = null;
        int eq = entry.indexOf('=');
        if (eq >= 0) {
            left = entry.substring(0, eq).trim();
            subject = entry.substring(eq + 1).trim();
            if (subject.isEmpty()) {
                throw refuse(entry, "the subject after '=' is empty (leave out '=' for <channel>-value)");
            }
            if (!SUBJECT.matcher(subject).matches()) {
                throw refuse(entry, "subject '" + subject + "' must not contain whitespace");
            }
        }
        String app = null;
        int colon = left.indexOf(':');
        if (colon >= 0) {
            app = left.substring(0, colon).trim();
            left = left.substring(colon + 1).trim();
            if (!APP.matcher(app).matches()) {
                throw refuse(entry, "the app id before ':' is empty or has whitespace");
            }
        }
        if (left.isEmpty()) {
            throw refuse(entry, "the channel pattern is empty");
        }
        if (!PATTERN.matcher(left).matches()) {
            throw refuse(entry, "channel pattern '" + left + "' may only use A-Z a-z 0-9 _ - @ , . # and the "
                    + "wildcard *");
        }
        return new ChannelBinding(app, left, subject);
    }

    private static IllegalArgumentException refuse(String entry, String problem) {
        return new IllegalArgumentException(Keys.BINDINGS + ": entry '" + entry + "': " + problem);
    }
}
