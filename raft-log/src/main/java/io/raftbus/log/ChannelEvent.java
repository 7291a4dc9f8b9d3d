package io.raftbus.log;

import java.util.Arrays;
import java.util.Objects;

/**
 * A committed event, as every replica stores it.
 *
 * @param channel the app and channel.
 * @param offset the offset in the channel, from 1, dense.
 * @param epoch the channel's epoch (see {@link PublishResult#epoch()}).
 * @param timestampMs the leader's clock when the entry was appended, in milliseconds since the epoch.
 * @param eventName the event name.
 * @param data the payload; callers must not change the array.
 * @param excludeSocketId the socket that must not receive it, or null.
 * @param schemaId the schema id, or {@link PublishCommand#NO_SCHEMA}.
 * @param userId the presence user id of a client event's sender, or null.
 */
public record ChannelEvent(ChannelKey channel, long offset, long epoch, long timestampMs, String eventName,
                           byte[] data, String excludeSocketId, int schemaId, String userId) {
    /** Checks the invariants. */
    public ChannelEvent {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(data, "data");
    }

    /**
     * Creates an event without a user id.
     *
     * @param channel the app and channel.
     * @param offset the offset.
     * @param epoch the epoch.
     * @param timestampMs the leader's timestamp.
     * @param eventName the event name.
     * @param data the payload.
     * @param excludeSocketId the excluded socket, or null.
     * @param schemaId the schema id.
     */
    public ChannelEvent(ChannelKey channel, long offset, long epoch, long timestampMs, String eventName,
                        byte[] data, String excludeSocketId, int schemaId) {
        this(channel, offset, epoch, timestampMs, eventName, data, excludeSocketId, schemaId, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelEvent e && channel.equals(e.channel) && offset == e.offset && epoch == e.epoch
                && timestampMs == e.timestampMs && eventName.equals(e.eventName) && Arrays.equals(data, e.data)
                && Objects.equals(excludeSocketId, e.excludeSocketId) && schemaId == e.schemaId
                && Objects.equals(userId, e.userId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(channel, offset, epoch);
    }

    @Override
    public String toString() {
        return "ChannelEvent[" + channel + "@" + offset + " epoch=" + epoch + " " + eventName + " " + data.length
                + "B]";
    }
}
