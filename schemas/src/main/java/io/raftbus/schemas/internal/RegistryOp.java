package io.raftbus.schemas.internal;

/**
 * The operations of the registry's commands in the {@code #system-schemas} channel. Append-only: the codes are in
 * every node's log, so a code is never renumbered or reused, new operations take the next number, and the code
 * never relies on {@code ordinal()} ({@code RegistryCodesTest} pins them).
 */
enum RegistryOp {
    // append-only: codes are on disk
    /** Register a schema under a subject. */
    REGISTER(1),
    /** Set the global or a subject's compatibility level. */
    SET_LEVEL(2),
    /** Remove the global or a subject's compatibility level. */
    DELETE_LEVEL(3),
    /** Soft or permanently delete every version of a subject. */
    DELETE_SUBJECT(4),
    /** Soft or permanently delete one version of a subject. */
    DELETE_VERSION(5);

    private final int code;

    RegistryOp(int code) {
        this.code = code;
    }

    /** Returns the code written to the log. */
    int code() {
        return code;
    }

    /** Returns the operation of a code, or null if this version does not know it. */
    static RegistryOp of(int code) {
        for (RegistryOp op : values()) {
            if (op.code == code) {
                return op;
            }
        }
        return null;
    }
}
