package io.raftbus.log;

/**
 * The outcome of a compare-and-set of a consumer position.
 *
 * @param set true if the expected position matched and the new one is stored.
 * @param position the position stored now: the new one if set, else the current one that did not match.
 */
public record PositionUpdate(boolean set, long position) {
}
