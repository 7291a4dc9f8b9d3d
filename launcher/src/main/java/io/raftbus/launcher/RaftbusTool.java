package io.raftbus.launcher;

import io.raftbus.ingest.AppConfig;
import io.raftbus.ingest.IngestConfig;
import io.raftbus.ingest.IngestServer;
import io.raftbus.ingest.NodeSchemas;
import io.raftbus.schemas.ChannelBindings;
import io.raftbus.schemas.rest.RegistryServerConfig;
import io.raftbus.log.ChannelEvent;
import io.raftbus.log.ChannelKey;
import io.raftbus.log.LogClient;
import io.raftbus.log.LogException;
import io.raftbus.log.PeerAddress;
import io.raftbus.log.PublishCommand;
import io.raftbus.log.PublishResult;
import io.raftbus.log.RaftLog;
import io.raftbus.log.RaftLogConfig;
import io.raftbus.log.ReadResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code raftbus} command. Each sub-command is one method; {@code main} only parses and dispatches.
 *
 * <pre>
 * raftbus dev [--data DIR] [--base-port P] [--edge-port E] [--registry-port R] [--groups G] [--bindings B]
 *                                                           3 nodes + edges on loopback in this process
 * raftbus node --config FILE [--probe FILE]                  one node (and its edge) of a real cluster
 * raftbus publish [cluster] --channel C [--app A] [--event E] [--data TEXT] [--key K]
 * raftbus tail    [cluster] --channel C [--app A] [--from N] [--follow]
 * raftbus status  [cluster]
 * raftbus bench publish|e2e|ws [options]                    see bench/README.md
 *   cluster := --config FILE | --peers id=host:port,... [--groups G]   (default: the dev cluster)
 * </pre>
 *
 * <p>Exit codes: 0 done, 1 the command failed, 2 the command line or the config is wrong.
 */
public final class RaftbusTool {
    /** The first Raft port of {@code raftbus dev}; nodes use this port and the next two. */
    public static final int DEV_BASE_PORT = 7101;
    /** The first edge (Pusher HTTP/WebSocket) port of {@code raftbus dev}; nodes use this port and the next two. */
    public static final int DEV_EDGE_PORT = IngestConfig.Keys.PORT_DEFAULT;
    /** The first schema registry port of {@code raftbus dev}; nodes use this port and the next two. */
    static final int DEV_REGISTRY_PORT = 8081;
    /** The app id {@code publish} and {@code tail} use by default: the edge's development app. */
    public static final String DEFAULT_APP = AppConfig.development().id();

    private final PrintStream out;
    private final Map<String, String> opts;
    private final List<String> flags;

    private RaftbusTool(PrintStream out, Map<String, String> opts, List<String> flags) {
        this.out = out;
        this.opts = opts;
        this.flags = flags;
    }

    /**
     * Runs the command line.
     *
     * @param args the arguments.
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs a command and returns its exit code; used by {@code main} and by tests.
     *
     * @param args the arguments.
     * @param out standard output.
     * @param err standard error.
     * @return the exit code.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            out.println(usage());
            return args.length == 0 ? 2 : 0;
        }
        String cmd = args[0];
        if (cmd.equals("bench")) {
            return io.raftbus.bench.BenchTool.run(java.util.Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        Map<String, String> opts = new HashMap<>();
        List<String> flags = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                err.println("raftbus " + cmd + ": unexpected argument '" + a + "'");
                return 2;
            }
            if (a.equals("--follow")) {
                flags.add(a);
            } else if (i + 1 < args.length) {
                opts.put(a.substring(2), args[++i]);
            } else {
                err.println("raftbus " + cmd + ": " + a + " needs a value");
                return 2;
            }
        }
        List<String> allowed = switch (cmd) {
            case "dev" -> List.of("data", "base-port", "edge-port", "registry-port", "bindings", "groups");
            case "node" -> List.of("config", "probe");
            case "publish" -> List.of("config", "peers", "groups", "channel", "app", "event", "data", "key");
            case "tail" -> List.of("config", "peers", "groups", "channel", "app", "from");
            case "status" -> List.of("config", "peers", "groups");
            default -> null;
        };
        if (allowed != null) {
            for (String o : opts.keySet()) {
                if (!allowed.contains(o)) {
                    err.println("raftbus " + cmd + ": unknown option --" + o + " (known: --"
                            + String.join(", --", allowed) + ")");
                    return 2;
                }
            }
            if (!flags.isEmpty() && !cmd.equals("tail")) {
                err.println("raftbus " + cmd + ": unknown option " + flags.get(0));
                return 2;
            }
        }
        RaftbusTool tool = new RaftbusTool(out, opts, flags);
        try {
            return switch (cmd) {
                case "dev" -> tool.dev();
                case "node" -> tool.node();
                case "publish" -> tool.publish();
                case "tail" -> tool.tail();
                case "status" -> tool.status();
                default -> {
                    err.println("raftbus: unknown command '" + cmd + "'\n" + usage());
                    yield 2;
                }
            };
        } catch (IllegalArgumentException e) {
            err.println("raftbus " + cmd + ": " + e.getMessage());
            return 2;
        } catch (LogException e) {
            err.println("raftbus " + cmd + ": " + e.getMessage());
            return 1;
        } catch (IOException | ExecutionException | TimeoutException e) {
            Throwable c = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            err.println("raftbus " + cmd + ": " + c.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    static String usage() {
        return String.join("\n",
                "usage: raftbus <command> [options]",
                "  dev     [--data DIR] [--base-port P] [--edge-port E] [--registry-port R] [--groups G]",
                "          [--bindings 'orders-*;payments=payments-value']",
                "          start 3 nodes with their Pusher edges and schema registries on 127.0.0.1 in this process",
                "  node    --config FILE [--probe FILE]                start one node and its edge",
                "          (keys: raftbus.log.*, raftbus.ingest.*)",
                "  publish [cluster] --channel C [--app A] [--event E] [--data TEXT] [--key IDEMPOTENCY-KEY]",
                "          without --data, publishes each line of standard input",
                "  tail    [cluster] --channel C [--app A] [--from OFFSET] [--follow]",
                "  status  [cluster]                                   roles, terms, commit and applied index",
                "  bench   publish|e2e|ws [options]                    load generators, see bench/README.md",
                "  cluster: --config FILE | --peers n1=host:port,... [--groups G]; default: the dev cluster");
    }

    private int dev() throws IOException, InterruptedException {
        Path data = Path.of(opts.getOrDefault("data", "dev-data"));
        int base = intOpt("base-port", DEV_BASE_PORT);
        int edgeBase = intOpt("edge-port", DEV_EDGE_PORT);
        int groups = intOpt("groups", RaftLogConfig.Keys.GROUP_COUNT_DEFAULT);
        RaftLogConfig cluster = RaftLogConfig.builder().peers(devPeers(base)).groupCount(groups).build();
        List<RaftLog> nodes = new ArrayList<>();
        int registryBase = intOpt("registry-port", DEV_REGISTRY_PORT);
        List<IngestServer> edges = new ArrayList<>();
        List<NodeSchemas> schemas = new ArrayList<>();
        Runnable closeAll = () -> {
            edges.forEach(IngestServer::close);
            schemas.forEach(NodeSchemas::close);
            nodes.forEach(RaftLog::close);
        };
        try {
            for (PeerAddress p : cluster.peers()) {
                RaftLog node = RaftLog.launch(cluster.withNode(p.id(), data.resolve(p.id())));
                nodes.add(node);
                IngestConfig edgeConfig = IngestConfig.defaults(edgeBase + edges.size());
                Properties schemaProps = new Properties();
                schemaProps.setProperty(RegistryServerConfig.Keys.PORT,
                        Integer.toString(registryBase + schemas.size()));
                if (opts.containsKey("bindings")) {
                    schemaProps.setProperty(ChannelBindings.Keys.BINDINGS, opts.get("bindings"));
                }
                NodeSchemas nodeSchemas = NodeSchemas.start(schemaProps, node, edgeConfig.apps());
                schemas.add(nodeSchemas);
                edges.add(IngestServer.launch(edgeConfig, node, nodeSchemas.bindings()));
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            closeAll.run();
            throw e;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            closeAll.run();
            stop.countDown();
        }, "raftbus-dev-shutdown"));
        AppConfig app = AppConfig.development();
        out.println("raftbus dev: 3 nodes, " + groups + " Raft groups, data in " + data.toAbsolutePath());
        for (int i = 0; i < nodes.size(); i++) {
            PeerAddress p = cluster.peers().get(i);
            out.println("  node " + p.id() + "  raft " + p.hostPort() + "  edge http://127.0.0.1:"
                    + edges.get(i).port() + " (ws://127.0.0.1:" + edges.get(i).port() + "/app/" + app.key()
                    + ")  schema registry http://127.0.0.1:" + schemas.get(i).registryPort().orElse(0)
                    + "  data " + data.resolve(p.id()));
        }
        out.println("app: id " + app.id() + ", key " + app.key() + ", secret " + app.secret());
        out.println(clientSnippet(app, edges.get(0).port()));
        out.println("try:  bin/raftbus publish --channel orders --data '{\"id\":1}'");
        out.println("      bin/raftbus tail --channel orders --follow");
        out.println("      bin/raftbus status");
        out.println("stop with Ctrl-C");
        out.flush();
        for (int i = 0; i < nodes.size(); i++) {
            IngestServer edge = edges.get(i);
            String id = cluster.peers().get(i).id();
            nodes.get(i).failure().thenAccept(cause -> {
                System.err.println("raftbus dev: node " + id + " stopped after a failed disk write (" + cause
                        + "); its edge is closed, the other two nodes go on");
                edge.close();
            });
        }
        stop.await();
        return 0;
    }

    /**
     * Returns a ready-to-paste pusher-js subscriber and {@code pusher} Node SDK publisher for an edge.
     *
     * @param app the app whose credentials the snippet uses.
     * @param port the edge's port.
     * @return the snippet, several lines.
     */
    static String clientSnippet(AppConfig app, int port) {
        return String.join("\n",
                "// npm install pusher-js@8.6.0 pusher@5.3.4   (then run with node)",
                "const PusherJs = require('pusher-js');",
                "const client = new PusherJs('" + app.key() + "', { cluster: 'local', wsHost: '127.0.0.1', wsPort: "
                        + port + ", forceTLS: false, enabledTransports: ['ws'] });",
                "client.subscribe('orders').bind('created', (data) => console.log('got', data));",
                "const Pusher = require('pusher');",
                "const api = new Pusher({ appId: '" + app.id() + "', key: '" + app.key() + "', secret: '"
                        + app.secret() + "', host: '127.0.0.1', port: " + port + ", useTLS: false });",
                "setTimeout(() => api.trigger('orders', 'created', { id: 1 }).then(r => console.log(r.status)), 1000);");
    }

    private int node() throws IOException, InterruptedException {
        String file = opts.get("config");
        if (file == null) {
            throw new IllegalArgumentException("--config FILE is required");
        }
        Properties props = load(Path.of(file));
        RaftLogConfig config = RaftLogConfig.fromProperties(props);
        if (config.nodeId() == null) {
            throw new IllegalArgumentException(RaftLogConfig.Keys.NODE_ID + ": required for a node");
        }
        IngestConfig edgeConfig = IngestConfig.fromProperties(props);
        RaftLog node = RaftLog.launch(config);
        NodeSchemas schemas;
        IngestServer edge;
        try {
            schemas = NodeSchemas.start(props, node, edgeConfig.apps());
        } catch (InterruptedException | RuntimeException e) {
            node.close();
            throw e;
        }
        try {
            edge = IngestServer.launch(edgeConfig, node, schemas.bindings());
        } catch (InterruptedException | RuntimeException e) {
            schemas.close();
            node.close();
            throw e;
        }
        io.raftbus.bench.LatencyProbe probe = null;
        if (opts.containsKey("probe")) {
            probe = new io.raftbus.bench.LatencyProbe();
            node.addCommittedListener(probe);
        }
        io.raftbus.bench.LatencyProbe finalProbe = probe;
        Path probeFile = opts.containsKey("probe") ? Path.of(opts.get("probe")) : null;
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (finalProbe != null) {
                try {
                    finalProbe.writeTo(probeFile);
                } catch (IOException e) {
                    System.err.println("raftbus node: cannot write probe file: " + e.getMessage());
                }
            }
            edge.close();
            schemas.close();
            node.close();
            stop.countDown();
        }, "raftbus-node-shutdown"));
        out.println("raftbus node " + config.nodeId() + " started on " + config.self().hostPort() + ", "
                + config.groupCount() + " groups, data in " + config.dataDir().toAbsolutePath() + ", edge http://"
                + edgeConfig.host() + ":" + edge.port() + schemas.registryPort().stream()
                .mapToObj(port -> ", schema registry http://" + props.getProperty(RegistryServerConfig.Keys.HOST,
                        RegistryServerConfig.Keys.HOST_DEFAULT) + ":" + port).findFirst().orElse(""));
        out.flush();
        // Fail-stop: the node closed itself after a failed disk write; the shutdown hook closes the edge (its
        // WebSocket clients reconnect to another node) when main exits.
        AtomicBoolean failed = new AtomicBoolean();
        node.failure().thenAccept(cause -> {
            System.err.println("raftbus node " + config.nodeId() + ": stopped, a write to "
                    + config.dataDir().toAbsolutePath() + " failed: " + cause
                    + "; free or fix the disk, then start the node again");
            failed.set(true);
            stop.countDown();
        });
        stop.await();
        return failed.get() ? 1 : 0;
    }

    private int publish() throws IOException, ExecutionException, TimeoutException, InterruptedException {
        ChannelKey ch = channel();
        String event = opts.getOrDefault("event", "message");
        try (LogClient client = LogClient.connect(clusterConfig())) {
            List<String> lines = new ArrayList<>();
            if (opts.containsKey("data")) {
                lines.add(opts.get("data"));
            } else {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                    for (String l = r.readLine(); l != null; l = r.readLine()) {
                        lines.add(l);
                    }
                }
            }
            int n = 0;
            for (String line : lines) {
                String key = opts.get("key");
                PublishCommand c = new PublishCommand(ch, event, line.getBytes(StandardCharsets.UTF_8),
                        key == null ? null : lines.size() == 1 ? key : key + "-" + n, null,
                        PublishCommand.NO_SCHEMA);
                PublishResult r = client.publish(c).get(60, TimeUnit.SECONDS);
                out.println("{\"channel\":\"" + ch.channel() + "\",\"offset\":" + r.offset() + ",\"epoch\":"
                        + r.epoch() + ",\"duplicate\":" + r.duplicate() + "}");
                n++;
            }
        }
        return 0;
    }

    private int tail() throws IOException, ExecutionException, TimeoutException, InterruptedException {
        ChannelKey ch = channel();
        long from = Long.parseLong(opts.getOrDefault("from", "1"));
        boolean follow = flags.contains("--follow");
        try (LogClient client = LogClient.connect(clusterConfig())) {
            while (true) {
                ReadResult r = client.read(ch, from, 1000).get(30, TimeUnit.SECONDS);
                if (r instanceof ReadResult.Expired x) {
                    out.println("# offsets before " + x.oldestOffset() + " have expired; continuing from there");
                    from = x.oldestOffset();
                    continue;
                }
                ReadResult.Events ev = (ReadResult.Events) r;
                for (ChannelEvent e : ev.events()) {
                    out.println(e.offset() + "\t" + e.epoch() + "\t" + e.timestampMs() + "\t" + e.eventName() + "\t"
                            + new String(e.data(), StandardCharsets.UTF_8));
                }
                out.flush();
                from = ev.nextOffset();
                if (ev.events().isEmpty()) {
                    if (!follow) {
                        return 0;
                    }
                    Thread.sleep(100);
                }
            }
        }
    }

    private int status() throws IOException {
        try (LogClient client = LogClient.connect(clusterConfig())) {
            out.print(client.status().toTable());
        }
        return 0;
    }

    private ChannelKey channel() {
        String c = opts.get("channel");
        if (c == null) {
            throw new IllegalArgumentException("--channel is required");
        }
        return new ChannelKey(opts.getOrDefault("app", DEFAULT_APP), c);
    }

    private RaftLogConfig clusterConfig() throws IOException {
        if (opts.containsKey("config")) {
            RaftLogConfig c = RaftLogConfig.fromProperties(load(Path.of(opts.get("config"))));
            return c.toBuilder().nodeId(null).build();
        }
        List<PeerAddress> peers = new ArrayList<>();
        if (opts.containsKey("peers")) {
            for (String s : opts.get("peers").split(",")) {
                peers.add(PeerAddress.parse(s));
            }
        } else {
            peers = devPeers(DEV_BASE_PORT);
        }
        return RaftLogConfig.builder().peers(peers)
                .groupCount(intOpt("groups", RaftLogConfig.Keys.GROUP_COUNT_DEFAULT)).clientRetries(10).build();
    }

    static List<PeerAddress> devPeers(int base) {
        return List.of(new PeerAddress("n1", "127.0.0.1", base), new PeerAddress("n2", "127.0.0.1", base + 1),
                new PeerAddress("n3", "127.0.0.1", base + 2));
    }

    private int intOpt(String name, int dflt) {
        String v = opts.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": expected a whole number but got '" + v + "'", e);
        }
    }

    private static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }
}
