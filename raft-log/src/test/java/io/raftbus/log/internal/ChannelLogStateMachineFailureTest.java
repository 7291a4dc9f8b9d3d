package io.raftbus.log.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftbus.log.ChannelKey;
import io.raftbus.log.RetentionPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/** A replica that cannot go on tells its node (which then stops, see {@code NodeDiskFullIT}). */
class ChannelLogStateMachineFailureTest {
    @TempDir
    Path dir;

    @Test
    void shouldReportAFailureWhenTheSnapshotInstalledFromTheLeaderIsInAnUnknownStoreFormat() throws Exception {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        CommittedDispatcher dispatcher = new CommittedDispatcher("test-dispatch");
        GroupSettings settings = new GroupSettings(dir.resolve("store"), 1 << 20, 120_000, RetentionPolicy.DEFAULT,
                0, System::currentTimeMillis, () -> Long.MAX_VALUE);
        ChannelLogStateMachine sm = new ChannelLogStateMachine(settings, dispatcher, failures::add);
        try {
            sm.initialize(ChannelStateMachinePropertyTest.fakeServer("n1"), Groups.groupId(0),
                    ChannelStateMachinePropertyTest.fakeStorage(dir.resolve("raft").toFile()));
            assertThat(failures).isEmpty();
            // What a leader of a later build would send: a checkpoint whose store says format 3.
            try (Options o = new Options().setCreateIfMissing(true);
                    RocksDB db = RocksDB.open(o, dir.resolve("raft/sm/snapshot.1_5").toString())) {
                db.put(StoreKeys.FORMAT, StoreKeys.longs(3));
            }

            sm.pause();
            assertThatThrownBy(sm::reinitialize).isInstanceOf(IOException.class)
                    .hasMessageContaining("store format 3");
            assertThat(failures).singleElement().satisfies(f -> assertThat(f).hasMessageContaining("store format 3"));
        } finally {
            sm.close();
            dispatcher.close();
        }
    }

    @Test
    void shouldLetANodeWaitForAReplicaThatAnotherThreadCloses() throws Exception {
        CommittedDispatcher dispatcher = new CommittedDispatcher("test-dispatch");
        GroupSettings settings = new GroupSettings(dir.resolve("store"), 1 << 20, 120_000, RetentionPolicy.DEFAULT,
                0, System::currentTimeMillis, () -> Long.MAX_VALUE);
        ChannelLogStateMachine sm = new ChannelLogStateMachine(settings, dispatcher, f -> { });
        try {
            assertThat(sm.awaitClosed(0, TimeUnit.SECONDS)).as("a replica that never opened a store").isTrue();
            sm.initialize(ChannelStateMachinePropertyTest.fakeServer("n1"), Groups.groupId(0),
                    ChannelStateMachinePropertyTest.fakeStorage(dir.resolve("raft").toFile()));
            assertThat(sm.awaitClosed(50, TimeUnit.MILLISECONDS)).as("open, nobody closing it").isFalse();
            ChannelStore store = sm.store();

            // What Ratis does when an apply fails: it closes the replica from its own apply thread.
            Thread closer = new Thread(() -> {
                try {
                    sm.close();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, "closer");
            closer.start();
            assertThat(sm.awaitClosed(30, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> store.read(new ChannelKey("app1", "orders"), 1, 1)).as("the store is closed once the wait returns")
                    .isInstanceOf(StoreClosedException.class);
            closer.join();
        } finally {
            sm.close();
            dispatcher.close();
        }
    }
}
