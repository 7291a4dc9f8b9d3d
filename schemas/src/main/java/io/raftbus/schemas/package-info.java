/**
 * Avro schemas of raftbus and its Confluent-compatible Schema Registry.
 *
 * <p>Not built yet: this module is reserved by the architecture and filled by a later issue.
 */
package io.raftbus.schemas;
