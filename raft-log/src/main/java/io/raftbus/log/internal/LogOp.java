package io.raftbus.log.internal;

/**
 * The operation codes of log entries. Append-only: codes are on disk in every Raft log and snapshot, so a code
 * is never renumbered or reused and new operations go at the end. Never use {@code ordinal()}.
 */
public enum LogOp {
    /** A batch of publish commands. */
    PUBLISH_BATCH(1),
    /** A compare-and-set of a named consumer's position. */
    SET_POSITION(2),
    /** A leader tick: applies age retention and expires idempotency keys. */
    TICK(3),
    /** A batch of publish commands where each publish also carries an optional user id. */
    PUBLISH_BATCH_V2(4),
    /** A node's occupancy report: subscription counts and presence members, or a heartbeat. */
    OCCUPANCY_REPORT(5);

    private final int code;

    LogOp(int code) {
        this.code = code;
    }

    /**
     * Returns the permanent code.
     *
     * @return the code written on disk.
     */
    public int code() {
        return code;
    }

    /**
     * Finds the operation of a code.
     *
     * @param code a code read from disk.
     * @return the operation, or null for an unknown code.
     */
    public static LogOp ofCode(int code) {
        for (LogOp op : values()) {
            if (op.code == code) {
                return op;
            }
        }
        return null;
    }
}
