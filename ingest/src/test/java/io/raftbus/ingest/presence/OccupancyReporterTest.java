package io.raftbus.ingest.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftbus.ingest.pusher.FakeRaftLog;
import io.raftbus.log.ChannelKey;
import io.raftbus.log.OccupancyReport;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class OccupancyReporterTest {
    private static final ChannelKey ROOM = new ChannelKey("app-id", "presence-room");
    private final FakeRaftLog log = new FakeRaftLog();
    private final OccupancyReporter reporter = new OccupancyReporter(log, "n1", 10_000, 1_000);

    @Test
    void shouldSendFullReportFirstThenChangesPerInterval() {
        reporter.subscribed(ROOM);
        reporter.doWork(0);
        assertThat(log.reports).hasSize(1);
        assertThat(log.reports.get(0).full()).isTrue();
        assertThat(log.reports.get(0).channels()).singleElement().matches(c -> c.subscriptions() == 1);
        reporter.subscribed(ROOM);
        assertThat(reporter.doWork(500)).isNull();
        reporter.doWork(1_000);
        OccupancyReport r = log.reports.get(1);
        assertThat(r.full()).isFalse();
        assertThat(r.channels()).singleElement().matches(c -> c.subscriptions() == 2);
    }

    @Test
    void shouldSendHeartbeatWhenNothingChanged() {
        reporter.doWork(0);
        reporter.doWork(1_000);
        assertThat(log.reports.get(1).channels()).isEmpty();
        assertThat(log.reports.get(1).members()).isEmpty();
    }

    @Test
    void shouldSendFullReportAfterLogAnswersFalse() {
        reporter.subscribed(ROOM);
        reporter.doWork(0);
        log.reportAnswer = false;
        reporter.doWork(1_000);
        log.reportAnswer = true;
        reporter.doWork(1_100);
        assertThat(log.reports.get(2).full()).isTrue();
        assertThat(log.reports.get(2).channels()).hasSize(1);
    }

    @Test
    void shouldCountMemberConnectionsAndReportZeroWhenLastLeaves() {
        reporter.doWork(0);
        reporter.memberJoined(ROOM, "u1", new byte[0]);
        reporter.memberJoined(ROOM, "u1", new byte[0]);
        reporter.flush();
        assertThat(log.reports.get(1).members()).singleElement().matches(m -> m.connections() == 2);
        reporter.memberLeft(ROOM, "u1");
        reporter.memberLeft(ROOM, "u1");
        reporter.flush();
        assertThat(log.reports.get(2).members()).singleElement().matches(m -> m.connections() == 0);
    }

    @Test
    void shouldSendReportsOneAtATime() {
        reporter.doWork(0);
        CompletableFuture<Boolean> first = new CompletableFuture<>();
        log.nextReport = first;
        reporter.subscribed(ROOM);
        reporter.flush();
        reporter.unsubscribed(ROOM);
        CompletableFuture<Boolean> second = reporter.flush();
        assertThat(log.reports).hasSize(2);
        first.complete(true);
        assertThat(log.reports).hasSize(3);
        assertThat(second).isCompletedWithValue(true);
        assertThat(log.reports.get(2).channels()).singleElement().matches(c -> c.subscriptions() == 0);
    }

    @Test
    void shouldRecoverWhenReportFails() {
        log.nextReport = CompletableFuture.failedFuture(new UnsupportedOperationException("stub"));
        reporter.doWork(0);
        reporter.doWork(100);
        assertThat(log.reports.get(1).full()).isTrue();
    }
}
