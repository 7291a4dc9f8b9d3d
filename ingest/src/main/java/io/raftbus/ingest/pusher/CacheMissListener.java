package io.raftbus.ingest.pusher;

/**
 * Told when a subscriber of a cache channel found nothing cached (Pusher's {@code cache_miss} webhook). The
 * webhook capability implements it and sets it with {@link PusherNode#cacheMissListener(CacheMissListener)}.
 *
 * <p>Called on the subscriber's event loop; must not block.
 */
public interface CacheMissListener {
    /** Does nothing. */
    CacheMissListener NONE = new CacheMissListener() {
    };

    /**
     * Called after {@code pusher:cache_miss} was sent to a subscriber.
     *
     * @param appId the app id.
     * @param channel the cache channel.
     */
    default void onCacheMiss(String appId, String channel) {
    }
}
