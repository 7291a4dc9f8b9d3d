/**
 * Kafka-Streams-style stream applications run against committed channel events.
 *
 * <p>Not built yet: this module is reserved by the architecture and filled by a later issue.
 */
package io.raftbus.streams;
