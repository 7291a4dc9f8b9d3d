package io.raftbus.log;

import java.util.List;

/**
 * The answer to a read of a channel: either the events found, or the news that the asked offset has expired.
 */
public sealed interface ReadResult {
    /**
     * Events found from the asked offset.
     *
     * @param events the events in offset order, possibly empty if the reader is at the end.
     * @param nextOffset the offset to read next.
     * @param epoch the channel's epoch, 0 if the channel has never had an event.
     */
    record Events(List<ChannelEvent> events, long nextOffset, long epoch) implements ReadResult {
        /** Copies the list. */
        public Events {
            events = List.copyOf(events);
        }
    }

    /**
     * The asked offset is older than the oldest event kept under the channel's retention.
     *
     * @param oldestOffset the oldest offset still available; a reader may start there.
     * @param epoch the channel's epoch.
     */
    record Expired(long oldestOffset, long epoch) implements ReadResult {
    }
}
