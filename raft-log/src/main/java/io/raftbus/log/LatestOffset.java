package io.raftbus.log;

/**
 * The extent of a channel.
 *
 * @param newest the newest offset, 0 if the channel has no event yet.
 * @param epoch the channel's epoch, 0 if the channel has no event yet.
 * @param oldest the oldest offset still stored; {@code oldest > newest} when retention removed every event.
 */
public record LatestOffset(long newest, long epoch, long oldest) {
}
