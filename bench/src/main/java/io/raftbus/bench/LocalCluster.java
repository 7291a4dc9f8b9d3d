package io.raftbus.bench;

import io.raftbus.log.ClusterStatus;
import io.raftbus.log.LogClient;
import io.raftbus.log.PeerAddress;
import io.raftbus.log.RaftLogConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Three raftbus nodes started as separate JVM processes on loopback ({@code RaftbusTool node --config F
 * --probe P}), each with its own data directory, config file, probe file and log file under one directory.
 * Processes are stopped with SIGTERM (so probes write their files), then killed if they do not exit, and a
 * shutdown hook makes sure none outlives the benchmark.
 */
final class LocalCluster implements AutoCloseable {
    private static final String MAIN = "io.raftbus.launcher.RaftbusTool";

    private final Path dir;
    private final List<PeerAddress> peers = new ArrayList<>();
    private final List<Integer> edgePorts = new ArrayList<>();
    private final List<Integer> registryPorts = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final int groups;
    private final Thread hook = new Thread(this::destroyAll, "raftbus-bench-cleanup");

    LocalCluster(Path dir, int groups, List<String> javaOpts, Map<String, String> settings, PrintStream out)
            throws IOException {
        this.dir = dir;
        this.groups = groups;
        Files.createDirectories(dir);
        for (int i = 0; i < 3; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                peers.add(new PeerAddress("n" + (i + 1), "127.0.0.1", s.getLocalPort()));
            }
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                edgePorts.add(s.getLocalPort());
            }
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                registryPorts.add(s.getLocalPort());
            }
        }
        Runtime.getRuntime().addShutdownHook(hook);
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("java.class.path");
        for (PeerAddress p : peers) {
            StringBuilder props = new StringBuilder();
            props.append(RaftLogConfig.Keys.NODE_ID).append('=').append(p.id()).append('\n');
            props.append(RaftLogConfig.Keys.PEERS).append('=')
                    .append(String.join(",", peers.stream().map(PeerAddress::toString).toList())).append('\n');
            props.append(RaftLogConfig.Keys.DATA_DIR).append('=').append(dir.resolve(p.id())).append('\n');
            props.append(RaftLogConfig.Keys.GROUP_COUNT).append('=').append(groups).append('\n');
            props.append(RaftLogConfig.Keys.MIN_FREE_DISK_BYTES).append("=0\n");
            // the node's Pusher edge (raftbus.ingest.port; the launcher's IngestConfig key)
            props.append("raftbus.ingest.port=").append(edgePorts.get(peers.indexOf(p))).append('\n');
            // the node's Schema Registry REST port (raftbus.schemas.port)
            props.append("raftbus.schemas.port=").append(registryPorts.get(peers.indexOf(p))).append('\n');
            settings.forEach((k, v) -> props.append(k).append('=').append(v).append('\n'));
            Path config = dir.resolve(p.id() + ".properties");
            Files.writeString(config, props.toString(), StandardCharsets.UTF_8);
            List<String> cmd = new ArrayList<>();
            cmd.add(java);
            cmd.addAll(javaOpts);
            cmd.addAll(List.of("-cp", cp, MAIN, "node", "--config", config.toString(), "--probe",
                    probeFile(p.id()).toString()));
            processes.add(new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve(p.id() + ".log").toFile()).start());
        }
        out.println("# started 3 node processes (" + String.join(" ", javaOpts) + "), " + groups
                + " groups, data and logs in " + dir);
    }

    /**
     * Returns the edge (HTTP API and WebSocket) ports of the nodes, in node order.
     *
     * @return the ports.
     */
    List<Integer> edgePorts() {
        return List.copyOf(edgePorts);
    }

    /**
     * Returns the Schema Registry REST ports of the nodes, in node order.
     *
     * @return the ports.
     */
    List<Integer> registryPorts() {
        return List.copyOf(registryPorts);
    }

    /**
     * Returns the process of a node.
     *
     * @param i the node's index.
     * @return the process.
     */
    Process process(int i) {
        return processes.get(i);
    }

    Path probeFile(String nodeId) {
        return dir.resolve(nodeId + ".probe");
    }

    RaftLogConfig clientConfig() {
        return RaftLogConfig.builder().peers(peers).groupCount(groups).build();
    }

    /**
     * Waits until every group reports a leader.
     *
     * @param client a client of this cluster.
     * @return the status with leaders.
     * @throws InterruptedException if interrupted.
     */
    static ClusterStatus awaitLeaders(LogClient client) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            ClusterStatus s = client.status();
            if (s.groups().stream().allMatch(g -> g.members().stream().anyMatch(m -> m.role().equals("LEADER")))) {
                return s;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("no leader in every group after 90 s");
    }

    /** Stops every node with SIGTERM and waits; kills those still running after 30 s. */
    void stop() {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }

    private void destroyAll() {
        for (Process p : processes) {
            p.destroyForcibly();
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs anyway
        }
    }
}
