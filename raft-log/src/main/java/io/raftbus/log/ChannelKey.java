package io.raftbus.log;

import java.util.Objects;

/**
 * A channel of one app. Channels of different apps never share offsets, history or retention.
 *
 * <p>The constructor checks only that both parts are non-null; {@link ChannelRules} checks the characters
 * and lengths of untrusted input and answers with a {@link LogException}.
 *
 * @param app the app id.
 * @param channel the channel name within the app.
 */
public record ChannelKey(String app, String channel) {
    /** Checks that both parts are present. */
    public ChannelKey {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(channel, "channel");
    }

    @Override
    public String toString() {
        return app + "/" + channel;
    }
}
