package io.raftbus.log;

import java.util.List;

/**
 * Receives every event committed to this node's replica of a group, in log order, after it is stored.
 *
 * <p>Called on the group's dispatch thread, one call at a time per group; a slow listener delays the other
 * listeners of that group on this node but never the log itself. Exceptions are logged and ignored.
 */
@FunctionalInterface
public interface CommittedListener {
    /**
     * Called with the events of one applied entry.
     *
     * @param events the events, in offset order per channel; do not modify.
     */
    void onCommitted(List<ChannelEvent> events);
}
