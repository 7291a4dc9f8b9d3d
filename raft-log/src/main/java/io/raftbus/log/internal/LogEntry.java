package io.raftbus.log.internal;

import io.raftbus.log.OccupancyReport;
import io.raftbus.log.PublishCommand;
import java.util.List;
import java.util.Objects;

/** A decoded log entry. Every variant carries the leader's timestamp, the only clock apply may read. */
public sealed interface LogEntry {
    /**
     * Returns the leader's clock when it appended the entry, or 0 before the leader stamped it.
     *
     * @return milliseconds since the epoch.
     */
    long timestampMs();

    /**
     * Returns the same entry stamped with another time, as the leader stamps it.
     *
     * @param timestampMs the leader's clock.
     * @return the copy.
     */
    LogEntry withTimestamp(long timestampMs);

    /**
     * Publishes, coalesced by group commit.
     *
     * @param timestampMs the leader's clock.
     * @param commands the publishes, in the order they are applied.
     */
    record PublishBatch(long timestampMs, List<PublishCommand> commands) implements LogEntry {
        /** Copies the list. */
        public PublishBatch {
            commands = List.copyOf(commands);
        }

        @Override
        public PublishBatch withTimestamp(long ts) {
            return new PublishBatch(ts, commands);
        }
    }

    /**
     * Compare-and-set of a named consumer's position.
     *
     * @param timestampMs the leader's clock.
     * @param consumer the consumer's name.
     * @param expected the position the writer last read.
     * @param next the new position.
     */
    record SetPosition(long timestampMs, String consumer, long expected, long next) implements LogEntry {
        /** Checks the name. */
        public SetPosition {
            Objects.requireNonNull(consumer, "consumer");
        }

        @Override
        public SetPosition withTimestamp(long ts) {
            return new SetPosition(ts, consumer, expected, next);
        }
    }

    /**
     * A tick of the leader's clock, appended periodically so time-based retention advances on an idle log.
     *
     * @param timestampMs the leader's clock.
     */
    record Tick(long timestampMs) implements LogEntry {
        @Override
        public Tick withTimestamp(long ts) {
            return new Tick(ts);
        }
    }

    /**
     * A node's occupancy report, restricted to the channels of one group.
     *
     * @param timestampMs the leader's clock.
     * @param report the report.
     */
    record Occupancy(long timestampMs, OccupancyReport report) implements LogEntry {
        /** Checks the report. */
        public Occupancy {
            Objects.requireNonNull(report, "report");
        }

        @Override
        public Occupancy withTimestamp(long ts) {
            return new Occupancy(ts, report);
        }
    }
}
