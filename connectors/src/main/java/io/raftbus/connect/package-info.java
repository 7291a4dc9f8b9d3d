/**
 * Export of channels to Apache Kafka and import from it.
 *
 * <p>Not built yet: this module is reserved by the architecture and filled by a later issue.
 */
package io.raftbus.connect;
