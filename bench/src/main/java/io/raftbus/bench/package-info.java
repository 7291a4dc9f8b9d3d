/** Benchmarks of raftbus. */
package io.raftbus.bench;
