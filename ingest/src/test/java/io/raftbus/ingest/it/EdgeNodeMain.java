package io.raftbus.ingest.it;

import io.raftbus.ingest.IngestConfig;
import io.raftbus.ingest.IngestServer;
import io.raftbus.ingest.NodeSchemas;
import io.raftbus.log.RaftLog;
import io.raftbus.log.RaftLogConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * One node and its edge in its own JVM, as {@code raftbus node --config FILE} runs it (the launcher module depends
 * on ingest, so ingest tests cannot start the launcher): {@code raftbus.log.*} and {@code raftbus.ingest.*} keys from
 * one properties file, with the node's schema registry and bindings ({@code raftbus.schemas.*}, through
 * {@link NodeSchemas}, as the launcher does). {@link EdgeCluster} starts three of these and kills them with SIGKILL.
 */
final class EdgeNodeMain {
    private EdgeNodeMain() {
    }

    /**
     * Starts the node, prints {@code READY <edge port>} and runs until terminated.
     *
     * @param args the properties file.
     * @throws IOException if the file or storage cannot be read.
     * @throws InterruptedException if interrupted while starting.
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
            p.load(r);
        }
        IngestConfig edgeConfig = IngestConfig.fromProperties(p);
        RaftLog log = RaftLog.launch(RaftLogConfig.fromProperties(p));
        NodeSchemas schemas = NodeSchemas.start(p, log, edgeConfig.apps());
        IngestServer edge = IngestServer.launch(edgeConfig, log, schemas.bindings());
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            edge.close();
            schemas.close();
            log.close();
            stop.countDown();
        }, "edge-node-shutdown"));
        System.out.println("READY " + edge.port());
        System.out.flush();
        stop.await();
    }
}
