package io.raftbus.log;

/**
 * Receives the events of one channel from a subscription: first the stored ones from the asked offset, then
 * live ones, with no gap and no duplicate between the two parts.
 *
 * <p>Calls for one subscription never overlap; they come from the subscribing thread (during
 * {@link RaftLog#subscribe}) and then from the group's dispatch thread.
 */
public interface ChannelListener {
    /**
     * Called for each event, in offset order.
     *
     * @param event the event.
     */
    void onEvent(ChannelEvent event);

    /**
     * Called when the next offset wanted has expired under retention; the subscription continues from
     * {@code oldestOffset}. The default does nothing.
     *
     * @param missedFrom the first offset that was wanted.
     * @param oldestOffset the oldest offset still stored, where delivery resumes.
     */
    default void onExpired(long missedFrom, long oldestOffset) {
    }
}
