package io.raftbus.log;

/**
 * The rules a name must follow before it may enter the log. Used by the publisher, before batching, and by the
 * leader's state machine, before an entry is appended, so that a bad name is refused and never replicated.
 */
public final class ChannelRules {
    /** Pusher's limit on channel names. */
    public static final int MAX_CHANNEL_LENGTH = 164;
    /** Pusher's limit on event names. */
    public static final int MAX_EVENT_NAME_LENGTH = 200;
    /** The limit on app ids. */
    public static final int MAX_APP_LENGTH = 64;
    /** The limit on idempotency keys and socket ids. */
    public static final int MAX_KEY_LENGTH = 256;

    private ChannelRules() {
    }

    /**
     * Checks a channel name: 1 to 164 characters of {@code [A-Za-z0-9_\-=@,.;]}, as Pusher allows, plus the
     * {@code #} that Pusher's {@code #server-to-user-} channels start with; names starting with
     * {@link ClusterEvents#CHANNEL_PREFIX} are refused, since only the state machine writes there.
     *
     * @param channel the name to check.
     * @throws LogException with {@link LogError#INVALID_CHANNEL} naming the bad name.
     */
    public static void checkChannel(String channel) {
        if (channel == null || channel.isEmpty() || channel.length() > MAX_CHANNEL_LENGTH) {
            throw new LogException(LogError.INVALID_CHANNEL,
                    "'" + abbreviate(channel) + "' must have 1 to " + MAX_CHANNEL_LENGTH + " characters");
        }
        for (int i = 0; i < channel.length(); i++) {
            char c = channel.charAt(i);
            if (!(isAlnum(c) || "_-=@,.;#".indexOf(c) >= 0)) {
                throw new LogException(LogError.INVALID_CHANNEL, "'" + abbreviate(channel)
                        + "' has the character '" + c + "' at " + i + "; allowed are A-Z a-z 0-9 _ - = @ , . ; #");
            }
        }        if (channel.startsWith(ClusterEvents.CHANNEL_PREFIX)) {
            throw new LogException(LogError.INVALID_CHANNEL, "'" + abbreviate(channel) + "' starts with "
                    + ClusterEvents.CHANNEL_PREFIX + ", which only the log itself writes to");
        }
    }

    /**
     * Checks an app id: 1 to 64 characters of {@code [A-Za-z0-9_\-]}.
     *
     * @param app the id to check.
     * @throws LogException with {@link LogError#INVALID_APP}.
     */
    public static void checkApp(String app) {
        if (app == null || app.isEmpty() || app.length() > MAX_APP_LENGTH) {
            throw new LogException(LogError.INVALID_APP, "'" + abbreviate(app) + "' must have 1 to "
                    + MAX_APP_LENGTH + " characters");
        }
        for (int i = 0; i < app.length(); i++) {
            char c = app.charAt(i);
            if (!(isAlnum(c) || c == '_' || c == '-')) {
                throw new LogException(LogError.INVALID_APP, "'" + abbreviate(app) + "' has the character '" + c
                        + "'; allowed are A-Z a-z 0-9 _ -");
            }
        }
    }

    /**
     * Checks an event name: 1 to 200 characters.
     *
     * @param event the name to check.
     * @throws LogException with {@link LogError#INVALID_EVENT_NAME}.
     */
    public static void checkEventName(String event) {
        if (event == null || event.isEmpty() || event.length() > MAX_EVENT_NAME_LENGTH) {
            throw new LogException(LogError.INVALID_EVENT_NAME, "'" + abbreviate(event) + "' must have 1 to "
                    + MAX_EVENT_NAME_LENGTH + " characters");
        }
    }

    /**
     * Checks an optional key (idempotency key, socket id): null, or at most 256 characters.
     *
     * @param field the field's name, for the message.
     * @param value the value, or null.
     * @throws LogException with {@link LogError#INVALID_FIELD}.
     */
    public static void checkOptionalKey(String field, String value) {
        if (value != null && (value.isEmpty() || value.length() > MAX_KEY_LENGTH)) {
            throw new LogException(LogError.INVALID_FIELD, field + " must have 1 to " + MAX_KEY_LENGTH
                    + " characters when present");
        }
    }

    private static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
