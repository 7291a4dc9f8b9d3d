package io.raftbus.schemas.internal;

import io.raftbus.schemas.CompatibilityLevel;

/**
 * The numeric codes of the compatibility levels in the log's commands. Append-only: they are on disk, so a code is
 * never renumbered or reused ({@code RegistryCodesTest} pins them); the code never relies on {@code ordinal()}.
 */
final class LevelCodes {
    private LevelCodes() {
    }

    /** Returns the code of a level. */
    static int code(CompatibilityLevel level) {
        // append-only: codes are on disk
        return switch (level) {
            case NONE -> 1;
            case BACKWARD -> 2;
            case BACKWARD_TRANSITIVE -> 3;
            case FORWARD -> 4;
            case FORWARD_TRANSITIVE -> 5;
            case FULL -> 6;
            case FULL_TRANSITIVE -> 7;
        };
    }

    /** Returns the level of a code, or null if the code is unknown. */
    static CompatibilityLevel level(int code) {
        for (CompatibilityLevel l : CompatibilityLevel.values()) {
            if (code(l) == code) {
                return l;
            }
        }
        return null;
    }
}
