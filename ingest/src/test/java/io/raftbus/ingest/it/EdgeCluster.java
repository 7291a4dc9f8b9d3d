package io.raftbus.ingest.it;

import io.raftbus.log.ClusterStatus;
import io.raftbus.log.LogClient;
import io.raftbus.log.PeerAddress;
import io.raftbus.log.RaftLogConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Three raftbus nodes with their edges on loopback, each in its own JVM ({@link EdgeNodeMain}) so that
 * {@link #kill} is a real crash (SIGKILL: no close frames, no goodbye report, the node just stops), with free Raft
 * and edge ports, short election timeouts (1-2 s, as raft-log's {@code TestCluster}) and one data directory per
 * node under a test's temporary directory. A killed node restarts on its data and ports with {@link #restart}.
 *
 * <p>Not thread-safe: drive it from the test thread. Node logs are in {@code <dir>/n<i>.log}; a failed start
 * shows the log's tail.
 */
final class EdgeCluster implements AutoCloseable {
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final Path dir;
    private final List<PeerAddress> peers = new ArrayList<>();
    private final int[] edgePorts = new int[3];
    private final int[] registryPorts = new int[3];
    private final Process[] processes = new Process[3];
    private final Map<String, String> settings;
    private final Thread hook = new Thread(this::killAll, "edge-cluster-cleanup");

    private EdgeCluster(Path dir, Map<String, String> settings) {
        this.dir = dir;
        this.settings = settings;
    }

    /**
     * Starts three nodes and waits until each edge answers {@code /health} and group 0 has a leader.
     *
     * @param dir where data, config files and logs go.
     * @param settings extra properties for every node, e.g. {@code raftbus.ingest.node-timeout-ms}.
     * @param appsJson the apps file's content (see {@code Apps}), or null for the development app only.
     * @return the running cluster.
     * @throws IOException if a node cannot start.
     */
    static EdgeCluster start(Path dir, Map<String, String> settings, String appsJson) throws IOException {
        Map<String, String> all = new LinkedHashMap<>(settings);
        if (appsJson != null) {
            Path apps = dir.resolve("apps.json");
            Files.writeString(apps, appsJson, StandardCharsets.UTF_8);
            all.put("raftbus.ingest.apps-file", apps.toString());
        }
        EdgeCluster c = new EdgeCluster(dir, all);
        for (int i = 0; i < 3; i++) {
            c.peers.add(new PeerAddress("n" + (i + 1), "127.0.0.1", freePort()));
            c.edgePorts[i] = freePort();
            c.registryPorts[i] = freePort();
        }
        Runtime.getRuntime().addShutdownHook(c.hook);
        try {
            for (int i = 0; i < 3; i++) {
                c.launch(i);
            }
            for (int i = 0; i < 3; i++) {
                c.awaitHealthy(i);
            }
            c.leader();
        } catch (IOException | RuntimeException | Error e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void launch(int i) throws IOException {
        PeerAddress p = peers.get(i);
        StringBuilder props = new StringBuilder();
        props.append(RaftLogConfig.Keys.NODE_ID).append('=').append(p.id()).append('\n');
        props.append(RaftLogConfig.Keys.PEERS).append('=')
                .append(String.join(",", peers.stream().map(PeerAddress::toString).toList())).append('\n');
        props.append(RaftLogConfig.Keys.DATA_DIR).append('=').append(dir.resolve(p.id())).append('\n');
        props.append(RaftLogConfig.Keys.MIN_FREE_DISK_BYTES).append("=0\n");
        props.append(RaftLogConfig.Keys.ELECTION_MIN_MS).append("=1000\n");
        props.append(RaftLogConfig.Keys.ELECTION_MAX_MS).append("=2000\n");
        props.append("raftbus.ingest.port=").append(edgePorts[i]).append('\n');
        props.append("raftbus.schemas.port=").append(registryPorts[i]).append('\n');
        settings.forEach((k, v) -> props.append(k).append('=').append(v).append('\n'));
        Path config = dir.resolve(p.id() + ".properties");
        Files.writeString(config, props.toString(), StandardCharsets.UTF_8);
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = List.of(JAVA, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dio.netty.leakDetection.level=paranoid",
                "-cp", cp, EdgeNodeMain.class.getName(), config.toString());
        processes[i] = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(i).toFile())).start();
    }

    private Path log(int i) {
        return dir.resolve(peers.get(i).id() + ".log");
    }

    /**
     * Returns a node's edge port.
     *
     * @param i the node's index, 0..2.
     * @return the port.
     */
    int port(int i) {
        return edgePorts[i];
    }

    /**
     * Returns the base URL of a node's Schema Registry REST API.
     *
     * @param i the node's index, 0..2.
     * @return {@code http://127.0.0.1:<port>}.
     */
    String registryUrl(int i) {
        return "http://127.0.0.1:" + registryPorts[i];
    }

    /**
     * Returns a node's id.
     *
     * @param i the node's index.
     * @return {@code n1}, {@code n2} or {@code n3}.
     */
    String nodeId(int i) {
        return peers.get(i).id();
    }

    /**
     * Returns the base URL of a node's edge.
     *
     * @param i the node's index.
     * @return {@code http://127.0.0.1:<port>}.
     */
    String url(int i) {
        return "http://127.0.0.1:" + edgePorts[i];
    }

    /**
     * Returns whether a node's edge answers {@code GET /health} with 200.
     *
     * @param i the node's index.
     * @return true if healthy.
     */
    boolean healthy(int i) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url(i) + "/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Waits until a node's edge is healthy.
     *
     * @param i the node's index.
     */
    void awaitHealthy(int i) {
        Await.until("edge of " + nodeId(i) + " healthy on port " + edgePorts[i] + logTail(i), Duration.ofSeconds(60),
                () -> {
                    if (!processes[i].isAlive()) {
                        throw new AssertionError(nodeId(i) + " exited with " + processes[i].exitValue() + logTail(i));
                    }
                    return healthy(i);
                });
    }

    /**
     * Crashes a node: SIGKILL, then waits for the process to end.
     *
     * @param i the node's index.
     */
    void kill(int i) {
        Process p = processes[i];
        if (p != null) {
            p.destroyForcibly();
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            processes[i] = null;
        }
    }

    /**
     * Restarts a killed node on its data and ports and waits until its edge is healthy.
     *
     * @param i the node's index.
     * @throws IOException if it cannot start.
     */
    void restart(int i) throws IOException {
        if (processes[i] != null) {
            throw new IllegalStateException(nodeId(i) + " is running");
        }
        launch(i);
        awaitHealthy(i);
    }

    /**
     * Returns a client of the cluster's log (for checking what is stored). The caller closes it.
     *
     * @return the client.
     */
    LogClient logClient() {
        return LogClient.connect(RaftLogConfig.builder().peers(peers).clientRetries(10).build());
    }

    /**
     * Waits until group 0 has a leader among the running nodes and returns its index.
     *
     * @return the leader's index.
     */
    int leader() {
        int[] leader = {-1};
        try (LogClient client = logClient()) {
            Await.until("a leader of group 0", Duration.ofSeconds(60), () -> {
                ClusterStatus s = client.status();
                for (ClusterStatus.MemberStatus m : s.groups().get(0).members()) {
                    int i = peers.stream().map(PeerAddress::id).toList().indexOf(m.nodeId());
                    if (m.role().equals("LEADER") && i >= 0 && processes[i] != null) {
                        leader[0] = i;
                        return true;
                    }
                }
                return false;
            });
        }
        return leader[0];
    }

    /**
     * Returns the index of a running node that is not the leader of group 0.
     *
     * @return a follower's index.
     */
    int follower() {
        int l = leader();
        for (int i = 0; i < 3; i++) {
            if (i != l && processes[i] != null) {
                return i;
            }
        }
        throw new IllegalStateException("no running follower");
    }

    private String logTail(int i) {
        try {
            List<String> lines = Files.readAllLines(log(i), StandardCharsets.UTF_8);
            return "\n--- last lines of " + log(i) + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return " (no log: " + e.getMessage() + ")";
        }
    }

    private void killAll() {
        for (Process p : processes) {
            if (p != null) {
                p.destroyForcibly();
            }
        }
    }

    @Override
    public void close() {
        for (Process p : processes) {
            if (p != null) {
                p.destroy();
            }
        }
        for (int i = 0; i < 3; i++) {
            Process p = processes[i];
            if (p != null) {
                try {
                    if (!p.waitFor(20, TimeUnit.SECONDS)) {
                        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    p.destroyForcibly();
                }
                processes[i] = null;
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs anyway
        }
    }

    /**
     * Finds a free loopback port below Linux's ephemeral range (32768-60999). A port the kernel hands out for
     * {@code bind(0)} is also one it hands out as the local port of outgoing connections: after a node is killed,
     * another node's reconnecting gRPC client could take its port, and the restarted node's edge failed to bind
     * (seen in a full {@code verify}).
     *
     * @return the port.
     * @throws IOException if none can be found.
     */
    static int freePort() throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 20_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(12_000);
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free loopback port in 20000-31999");
    }
}
