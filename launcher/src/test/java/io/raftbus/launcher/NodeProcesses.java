package io.raftbus.launcher;

import io.raftbus.log.PeerAddress;
import io.raftbus.log.RaftLogConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Three raftbus nodes as separate JVM processes on loopback, started with {@code raftbus node --config}. */
final class NodeProcesses implements AutoCloseable {
    private final Path dir;
    private final List<PeerAddress> peers = new ArrayList<>();
    private final Process[] processes;
    private final int groups;

    NodeProcesses(Path dir, int size, int groups) throws IOException {
        this.dir = dir;
        this.groups = groups;
        for (int i = 0; i < size; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                peers.add(new PeerAddress("n" + (i + 1), "127.0.0.1", s.getLocalPort()));
            }
        }
        this.processes = new Process[size];
        for (int i = 0; i < size; i++) {
            StringBuilder props = new StringBuilder();
            props.append(RaftLogConfig.Keys.NODE_ID).append('=').append(peers.get(i).id()).append('\n');
            props.append(RaftLogConfig.Keys.PEERS).append('=')
                    .append(String.join(",", peers.stream().map(PeerAddress::toString).toList())).append('\n');
            props.append(RaftLogConfig.Keys.DATA_DIR).append('=').append(dir.resolve(peers.get(i).id())).append('\n');
            props.append(RaftLogConfig.Keys.GROUP_COUNT).append('=').append(groups).append('\n');
            props.append(RaftLogConfig.Keys.MIN_FREE_DISK_BYTES).append("=0\n");
            props.append(RaftLogConfig.Keys.SNAPSHOT_EVERY_ENTRIES).append("=50\n");
            // each node also starts its edge; port 0 so the three processes never clash on 6001
            props.append(io.raftbus.ingest.IngestConfig.Keys.PORT).append("=0\n");
            // likewise the node's schema registry (default 8081, which three nodes on one host cannot share)
            props.append(io.raftbus.schemas.rest.RegistryServerConfig.Keys.PORT).append("=0\n");
            Files.writeString(configFile(i), props.toString(), StandardCharsets.UTF_8);
        }
    }

    /** Adds a setting to every node's config file; takes effect at the node's next start. */
    void set(String key, String value) throws IOException {
        for (int i = 0; i < processes.length; i++) {
            Files.writeString(configFile(i), key + "=" + value + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
        }
    }

    /** Returns a node's process, or null if it was never started or was killed. */
    Process process(int i) {
        return processes[i];
    }

    /** Returns what a node's process wrote to stdout and stderr so far. */
    String output(int i) throws IOException {
        return Files.readString(dir.resolve(peers.get(i).id() + ".log"), StandardCharsets.UTF_8);
    }

    RaftLogConfig clientConfig() {
        return RaftLogConfig.builder().peers(peers).groupCount(groups).build();
    }

    PeerAddress peer(int i) {
        return peers.get(i);
    }

    int indexOf(String nodeId) {
        for (int i = 0; i < peers.size(); i++) {
            if (peers.get(i).id().equals(nodeId)) {
                return i;
            }
        }
        throw new IllegalArgumentException(nodeId);
    }

    private Path configFile(int i) {
        return dir.resolve(peers.get(i).id() + ".properties");
    }

    void start(int i) throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = ProcessHandle.current().info().command().orElse("java");
        processes[i] = new ProcessBuilder(java, "-Xmx512m", "-cp", cp, RaftbusTool.class.getName(), "node",
                "--config", configFile(i).toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(peers.get(i).id() + ".log").toFile()))
                .start();
    }

    void startAll() throws IOException {
        for (int i = 0; i < processes.length; i++) {
            start(i);
        }
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    void kill(int i) throws InterruptedException {
        if (processes[i] != null) {
            processes[i].destroyForcibly();
            processes[i].waitFor(30, TimeUnit.SECONDS);
            processes[i] = null;
        }
    }

    void killAll() throws InterruptedException {
        for (int i = 0; i < processes.length; i++) {
            kill(i);
        }
    }

    @Override
    public void close() {
        try {
            killAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
