/** The raftbus command line. */
package io.raftbus.launcher;
