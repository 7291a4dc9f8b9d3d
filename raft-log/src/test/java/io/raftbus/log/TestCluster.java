package io.raftbus.log;

import io.raftbus.log.internal.RaftLogNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A real cluster of raftbus nodes on loopback in this JVM, each with its own data directory and Raft port.
 * Nodes can be stopped, restarted and wiped.
 */
public final class TestCluster implements AutoCloseable {
    private final RaftLogConfig base;
    private final Path root;
    private final RaftLogNode[] nodes;

    private TestCluster(RaftLogConfig base, Path root) {
        this.base = base;
        this.root = root;
        this.nodes = new RaftLogNode[base.peers().size()];
    }

    /**
     * Starts a cluster.
     *
     * @param size the number of nodes.
     * @param groups the number of groups.
     * @param root the directory for the nodes' data.
     * @param customizer changes the shared config.
     * @return the running cluster.
     * @throws IOException if a node cannot start.
     */
    public static TestCluster start(int size, int groups, Path root, UnaryOperator<RaftLogConfig.Builder> customizer)
            throws IOException {
        List<PeerAddress> peers = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            peers.add(new PeerAddress("n" + (i + 1), "127.0.0.1", freePort()));
        }
        RaftLogConfig base = customizer.apply(RaftLogConfig.builder().peers(peers).groupCount(groups)
                .electionTimeoutMin(Duration.ofMillis(1000)).electionTimeoutMax(Duration.ofMillis(2000))
                .minFreeDiskBytes(0)).build();
        TestCluster c = new TestCluster(base, root);
        for (int i = 0; i < size; i++) {
            c.startNode(i);
        }
        return c;
    }

    /**
     * Returns the shared config (no node id).
     *
     * @return the config.
     */
    public RaftLogConfig config() {
        return base;
    }

    /**
     * Returns a running node.
     *
     * @param i its index.
     * @return the node, or null if stopped.
     */
    public RaftLogNode node(int i) {
        return nodes[i];
    }

    /**
     * Returns the number of nodes.
     *
     * @return the size.
     */
    public int size() {
        return nodes.length;
    }

    /**
     * Starts (or restarts) a node on its data directory.
     *
     * @param i its index.
     * @throws IOException if it cannot start.
     */
    public void startNode(int i) throws IOException {
        startNode(i, b -> b);
    }

    /**
     * Starts (or restarts) a node on its data directory with settings of its own.
     *
     * @param i its index.
     * @param override changes this node's config only.
     * @throws IOException if it cannot start.
     */
    public void startNode(int i, UnaryOperator<RaftLogConfig.Builder> override) throws IOException {
        String id = base.peers().get(i).id();
        nodes[i] = RaftLogNode.start(override.apply(base.withNode(id, root.resolve(id)).toBuilder()).build());
    }

    /**
     * Stops a node.
     *
     * @param i its index.
     */
    public void stopNode(int i) {
        if (nodes[i] != null) {
            nodes[i].close();
            nodes[i] = null;
        }
    }

    /**
     * Deletes a stopped node's data directory.
     *
     * @param i its index.
     * @throws IOException if deleting fails.
     */
    public void wipe(int i) throws IOException {
        Path dir = root.resolve(base.peers().get(i).id());
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(p);
                }
            }
        }
    }

    /**
     * Waits until every group has a leader that the running nodes agree on, and returns the leader's index
     * for the given group.
     *
     * @param group the group.
     * @return the index of its leader.
     */
    public int awaitLeader(int group) {
        int[] leader = {-1};
        Await.until("a leader of group " + group, Duration.ofSeconds(30), () -> {
            for (int i = 0; i < nodes.length; i++) {
                if (nodes[i] != null) {
                    String l = nodes[i].leaderOf(group);
                    for (int j = 0; j < nodes.length; j++) {
                        if (nodes[j] != null && base.peers().get(j).id().equals(l)) {
                            boolean isLeader = nodes[j].localStatus().groups().get(group).members().get(0)
                                    .role().equals("LEADER");
                            if (isLeader) {
                                leader[0] = j;
                                return true;
                            }
                        }
                    }
                }
            }
            return false;
        });
        return leader[0];
    }

    /**
     * Waits until every running node has applied the same state for every group.
     */
    public void awaitConverged() {
        awaitConverged(Duration.ofSeconds(30));
    }

    /**
     * Waits until every running node has applied the same state for every group.
     *
     * @param timeout how long at most.
     */
    public void awaitConverged(Duration timeout) {
        Await.until("replicas to converge", timeout, () -> {
            for (int g = 0; g < base.groupCount(); g++) {
                Long digest = null;
                for (RaftLogNode n : nodes) {
                    if (n != null) {
                        long d = n.stateDigest(g);
                        if (digest != null && digest != d) {
                            return false;
                        }
                        digest = d;
                    }
                }
            }
            return true;
        });
    }

    @Override
    public void close() {
        for (int i = 0; i < nodes.length; i++) {
            stopNode(i);
        }
    }

    /**
     * Finds a free loopback port.
     *
     * @return the port.
     * @throws IOException if none can be found.
     */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
