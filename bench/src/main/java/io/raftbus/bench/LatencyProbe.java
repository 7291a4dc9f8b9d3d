package io.raftbus.bench;

import io.raftbus.log.ChannelEvent;
import io.raftbus.log.CommittedListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Records publish-to-commit latency of benchmark events on a node. (Being written.) */
public final class LatencyProbe implements CommittedListener {
    @Override
    public void onCommitted(List<ChannelEvent> events) {
        // filled in by the benchmark work
    }

    /**
     * Writes what was recorded.
     *
     * @param file the file.
     * @throws IOException if writing fails.
     */
    public void writeTo(Path file) throws IOException {
        java.nio.file.Files.writeString(file, "");
    }
}
