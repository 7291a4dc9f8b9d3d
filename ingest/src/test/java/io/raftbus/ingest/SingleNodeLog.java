package io.raftbus.ingest;

import io.raftbus.log.PeerAddress;
import io.raftbus.log.RaftLog;
import io.raftbus.log.RaftLogConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A one-node raft log on loopback for the edge's single-node ITs: short election timeouts, no disk floor. */
final class SingleNodeLog {
    private SingleNodeLog() {
    }

    /**
     * Starts node {@code n1} on a free port with one group, its data under {@code dir/n1}.
     *
     * @param dir the test's data directory.
     * @return the running node; the caller closes it.
     * @throws IOException if no port can be found or the storage cannot be created.
     */
    static RaftLog launch(Path dir) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        return RaftLog.launch(RaftLogConfig.builder().nodeId("n1")
                .peers(List.of(new PeerAddress("n1", "127.0.0.1", port))).dataDir(dir.resolve("n1"))
                .groupCount(1).minFreeDiskBytes(0).electionTimeoutMin(Duration.ofMillis(300))
                .electionTimeoutMax(Duration.ofMillis(600)).build());
    }
}
