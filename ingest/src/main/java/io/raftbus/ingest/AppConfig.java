package io.raftbus.ingest;

import java.util.List;
import java.util.Objects;

/**
 * One Pusher app: its credentials, switches and limits. Apps are isolated: channels, connections, presence and
 * webhooks of one app are never visible to another.
 *
 * @param id the app id (the {@code /apps/{id}} of the HTTP API).
 * @param key the app key (the {@code /app/{key}} of the WebSocket URL, {@code auth_key} of signed requests).
 * @param secret the app secret, for HMAC-SHA256 signatures.
 * @param enabled false refuses connections (4003) and API calls (403).
 * @param clientEvents whether clients may send {@code client-} events on private and presence channels.
 * @param subscriptionCount whether subscribers get {@code pusher_internal:subscription_count} events and the
 *     {@code subscription_count} webhook is sent.
 * @param limits the app's limits.
 * @param webhooks where webhooks are sent.
 */
public record AppConfig(String id, String key, String secret, boolean enabled, boolean clientEvents,
                        boolean subscriptionCount, Limits limits, List<Webhook> webhooks) {
    /** Checks the invariants. */
    public AppConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(limits, "limits");
        webhooks = List.copyOf(webhooks);
    }

    /**
     * An app's limits; the defaults are hosted Pusher's.
     *
     * @param maxEventBytes the largest event {@code data}, bytes (Pusher: 10 KB; more is 413).
     * @param maxEventNameLength the longest event name (200).
     * @param maxChannelNameLength the longest channel name (164).
     * @param maxChannelsPerEvent channels one publish may name (100).
     * @param maxBatchEvents events in one {@code batch_events} request (10).
     * @param maxConnections connections the app may hold on one node, or -1 for no limit (over it: 4004).
     * @param maxPresenceMembers members of one presence channel (100).
     * @param maxPresenceUserInfoBytes size of one member's {@code channel_data} (1 KB).
     * @param maxPresenceUserIdLength the longest user id (128).
     * @param maxClientEventsPerSecond client events one connection may send per second (10; over: 4301).
     */
    public record Limits(int maxEventBytes, int maxEventNameLength, int maxChannelNameLength,
                         int maxChannelsPerEvent, int maxBatchEvents, int maxConnections, int maxPresenceMembers,
                         int maxPresenceUserInfoBytes, int maxPresenceUserIdLength, int maxClientEventsPerSecond) {
        /** Hosted Pusher's limits. */
        public static final Limits PUSHER = new Limits(10 * 1024, 200, 164, 100, 10, -1, 100, 1024, 128, 10);
    }

    /**
     * A webhook target.
     *
     * @param url where the POST goes.
     * @param eventTypes the webhook event names sent there ({@code channel_occupied}, {@code member_added}, ...);
     *     empty for all.
     */
    public record Webhook(String url, List<String> eventTypes) {
        /** Checks the invariants. */
        public Webhook {
            Objects.requireNonNull(url, "url");
            eventTypes = List.copyOf(eventTypes);
        }

        /**
         * Returns whether this target wants an event type.
         *
         * @param eventType the webhook event name.
         * @return true if sent there.
         */
        public boolean wants(String eventType) {
            return eventTypes.isEmpty() || eventTypes.contains(eventType);
        }
    }

    /**
     * The app {@code bin/raftbus dev} and tests use when no apps file is given: id {@code app-id}, key
     * {@code app-key}, secret {@code app-secret}, client events on, Pusher's limits, no webhooks.
     *
     * @return the development app.
     */
    public static AppConfig development() {
        return new AppConfig("app-id", "app-key", "app-secret", true, true, false, Limits.PUSHER, List.of());
    }
}
