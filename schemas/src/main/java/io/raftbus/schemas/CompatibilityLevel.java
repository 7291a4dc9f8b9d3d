package io.raftbus.schemas;

/** The Confluent compatibility levels of a subject or of the whole registry; {@link #BACKWARD} is the default. */
public enum CompatibilityLevel {
    /** No check. */
    NONE,
    /** The new schema can read data written with the latest version. */
    BACKWARD,
    /** The new schema can read data written with every version. */
    BACKWARD_TRANSITIVE,
    /** The latest version can read data written with the new schema. */
    FORWARD,
    /** Every version can read data written with the new schema. */
    FORWARD_TRANSITIVE,
    /** BACKWARD and FORWARD against the latest version. */
    FULL,
    /** BACKWARD and FORWARD against every version. */
    FULL_TRANSITIVE
}
