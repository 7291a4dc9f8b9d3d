package io.raftbus.bench;

import io.raftbus.log.ChannelKey;
import io.raftbus.log.ClusterStatus;
import io.raftbus.log.LogClient;
import io.raftbus.log.PeerAddress;
import io.raftbus.log.PublishCommand;
import io.raftbus.log.RaftLogConfig;
import io.raftbus.schemas.ChannelBindings;
import io.raftbus.schemas.ChannelSchemas;
import io.raftbus.schemas.ExternalRegistry;
import io.raftbus.schemas.ExternalRegistryConfig;
import io.raftbus.schemas.SchemaViolationException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * {@code raftbus bench}: load generators against a 3-node cluster of separate processes on loopback (started
 * here, or an existing one with {@code --connect FILE}), reporting HdrHistogram percentiles and one final line
 * {@code RESULT throughput_msgs=N p50_ms=X p99_ms=Y p999_ms=Z}.
 *
 * <ul>
 *   <li>{@code publish}: closed loop with a bounded window of outstanding publishes; the maximum acknowledged
 *       throughput, and the publish-to-acknowledgement latency.</li>
 *   <li>{@code e2e}: open loop at a fixed rate; the latency from the intended send time (so a stalled cluster
 *       is not hidden by coordinated omission) to the commit listener of a <em>follower</em> node.</li>
 *   <li>{@code jmh [JMH args]}: the JMH micro-benchmarks of this module.</li>
 * </ul>
 */
public final class BenchTool {
    /** The development app's key, which the nodes of a started cluster accept for registry writes. */
    private static final String BENCH_APP_KEY = "app-key";
    /** The development app's secret. */
    private static final String BENCH_APP_SECRET = "app-secret";

    /**
     * The node processes' JVM flags unless {@code --node-java-opts} is given. The heap is committed and touched
     * at start: without it, the kernel zeroing freshly touched heap pages was the top frame of the apply thread
     * (async-profiler, 29% of its samples at 20,000 events/s).
     */
    static final String DEFAULT_NODE_JAVA_OPTS = "-Xms2g -Xmx2g -XX:+AlwaysPreTouch";

    private final PrintStream out;
    private final Map<String, String> opts = new LinkedHashMap<>();
    private final Map<String, String> settings = new LinkedHashMap<>();

    private BenchTool(PrintStream out) {
        this.out = out;
    }

    /**
     * Runs a benchmark.
     *
     * @param args the arguments after {@code bench}.
     * @param out standard output.
     * @param err standard error.
     * @return the exit code: 0 done, 1 failed, 2 bad arguments.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(usage());
            return 2;
        }
        if (args[0].equals("jmh")) {
            try {
                org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
                return 0;
            } catch (Exception e) {
                err.println("raftbus bench jmh: " + e);
                return 1;
            }
        }
        BenchTool tool = new BenchTool(out);
        try {
            tool.parse(args);
            return switch (args[0]) {
                case "publish" -> tool.publish();
                case "e2e" -> tool.e2e();
                case "ws" -> tool.ws();
                default -> throw new IllegalArgumentException("unknown benchmark '" + args[0] + "'\n" + usage());
            };
        } catch (IllegalArgumentException e) {
            err.println("raftbus bench: " + e.getMessage());
            return 2;
        } catch (IOException | RuntimeException e) {
            err.println("raftbus bench: failed: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    static String usage() {
        return String.join("\n",
                "usage: raftbus bench publish [--size 200] [--seconds 30] [--window 20000] [--schema off|on] [options]",
                "       raftbus bench e2e --rate 20000 [--size 200] [--seconds 60] [options]",
                "       raftbus bench ws [--rate 1000] [--seconds 30] [--subscribers 30] [--channels 10]",
                "                        [--idle-connections 0] [--idle-node 0] [--batch 1] [--size 200]",
                "                        [--max-outstanding 256] [--publish-node 0]",
                "       raftbus bench jmh [JMH options, e.g. EntryCodec -f 1 -wi 3 -i 5]",
                "options: --warmup-seconds 10  --channels 64  --groups G (default: the config default)",
                "         --connect FILE (an existing cluster's properties; no processes are started)",
                "         --node-java-opts \"-Xmx2g -XX:+UseZGC\"  --data DIR  --set raftbus.log.KEY=VALUE (repeatable;",
                "         raftbus.ingest.KEY=VALUE too, for the nodes' edges)");
    }

    private void parse(String[] args) {
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value at '" + a + "'\n" + usage());
            }
            String v = args[++i];
            if (a.equals("--set")) {
                int eq = v.indexOf('=');
                if (eq < 1 || !(v.startsWith("raftbus.log.") || v.startsWith("raftbus.ingest."))) {
                    throw new IllegalArgumentException("--set expects raftbus.log.KEY=VALUE or raftbus.ingest.KEY=VALUE"
                            + " but got '" + v + "'");
                }
                settings.put(v.substring(0, eq), v.substring(eq + 1));
            } else {
                opts.put(a.substring(2), v);
            }
        }
        Set<String> known = Set.of("size", "seconds", "warmup-seconds", "window", "rate", "channels", "groups",
                "connect", "node-java-opts", "data", "subscribers", "idle-connections", "idle-node", "batch",
                "max-outstanding", "schema", "publish-node");
        for (String k : opts.keySet()) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException("unknown option --" + k + "\n" + usage());
            }
        }
    }

    private long num(String key, long dflt) {
        String v = opts.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + ": expected a positive whole number but got '" + v + "'",
                    e);
        }
    }

    /** The cluster under test: started here or connected to. */
    private final class Target implements AutoCloseable {
        final LocalCluster local;
        final RaftLogConfig config;

        Target() throws IOException {
            int groups = (int) num("groups", RaftLogConfig.Keys.GROUP_COUNT_DEFAULT);
            if (opts.containsKey("connect")) {
                local = null;
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(Path.of(opts.get("connect")), StandardCharsets.UTF_8)) {
                    p.load(r);
                }
                p.remove(RaftLogConfig.Keys.NODE_ID);
                config = RaftLogConfig.fromProperties(p);
            } else {
                Path dir = opts.containsKey("data") ? Path.of(opts.get("data"))
                        : Files.createTempDirectory("raftbus-bench");
                List<String> javaOpts = new ArrayList<>(Arrays.asList(
                        opts.getOrDefault("node-java-opts", DEFAULT_NODE_JAVA_OPTS).trim().split("\\s+")));
                local = new LocalCluster(dir, groups, javaOpts, settings, out);
                Properties p = new Properties();
                p.putAll(settings);
                p.setProperty(RaftLogConfig.Keys.PEERS, String.join(",",
                        local.clientConfig().peers().stream().map(PeerAddress::toString).toList()));
                p.setProperty(RaftLogConfig.Keys.GROUP_COUNT, Integer.toString(groups));
                config = RaftLogConfig.fromProperties(p);
            }
        }

        @Override
        public void close() {
            if (local != null) {
                local.close();
            }
        }
    }

    private int publish() throws IOException, InterruptedException {
        int size = (int) num("size", 200);
        long seconds = num("seconds", 30);
        long warmup = num("warmup-seconds", 10);
        int window = (int) num("window", 20_000);
        int channels = (int) num("channels", 64);
        try (Target target = new Target(); LogClient client = LogClient.connect(target.config)) {
            LocalCluster.awaitLeaders(client);
            List<ChannelKey> keys = channels(client, channels, null);
            Semaphore permits = new Semaphore(window);
            Recorder recorder = new Recorder(3);
            AtomicLong acked = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            boolean schema = flag("schema");
            byte[] data = benchJson(size);
            ChannelSchemas check = schema ? bindBenchChannels(target) : ChannelSchemas.NONE;
            out.printf("# publish: %d-byte JSON events, window %d, %d channels, %s, %d s warm-up, %d s measured%n",
                    data.length, window, keys.size(), schema ? "channels bound to subject " + BENCH_SUBJECT
                    + " (every event validated and stored as Confluent-framed Avro)" : "no schema", warmup, seconds);
            long start = System.nanoTime();
            long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
            long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
            long sent = 0;
            while (true) {
                long now = System.nanoTime();
                if (now >= end) {
                    break;
                }
                permits.acquire();
                boolean measured = now >= measureFrom;
                ChannelKey ch = keys.get((int) (sent++ % keys.size()));
                long t0 = System.nanoTime();
                // The edge's check, done where the edge does it: before the publish enters the log.
                ChannelSchemas.Validated v;
                try {
                    v = check.validate(ch.app(), ch.channel(), data, false);
                } catch (SchemaViolationException e) {
                    throw new IllegalStateException("the bench event does not match its schema: " + e.getMessage(), e);
                }
                client.publish(new PublishCommand(ch, "bench-publish", v.data(), null, null, v.schemaId()))
                        .whenComplete((r, e) -> {
                            permits.release();
                            if (e != null) {
                                failed.incrementAndGet();
                            } else if (measured) {
                                recorder.recordValue(System.nanoTime() - t0);
                                acked.incrementAndGet();
                            }
                        });
            }
            double elapsed = (System.nanoTime() - measureFrom) / 1e9;
            permits.acquire(window);
            Histogram h = recorder.getIntervalHistogram();
            report("publish -> acknowledged (majority commit, applied on the leader)", h);
            out.printf("# acknowledged %d events in %.1f s, %d failed%n", acked.get(), elapsed, failed.get());
            return result(acked.get() / elapsed, h, failed.get());
        }
    }

    /** The subject the channels of {@code publish --schema on} are bound to. */
    public static final String BENCH_SUBJECT = "bench-value";
    /** The schema of {@code publish --schema on}: a small order record, as a publisher would bind. */
    public static final String BENCH_SCHEMA = "{\"type\":\"record\",\"name\":\"BenchOrder\",\"namespace\":\"bench\","
            + "\"fields\":[{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"sku\",\"type\":\"string\"},"
            + "{\"name\":\"qty\",\"type\":\"int\"},{\"name\":\"price\",\"type\":\"double\"},"
            + "{\"name\":\"paid\",\"type\":\"boolean\"}]}";

    /**
     * Returns a JSON event matching {@link #BENCH_SCHEMA}, padded with its {@code sku} to {@code size} bytes.
     *
     * @param size the length wanted, in bytes (at least the event without padding).
     * @return the UTF-8 JSON.
     */
    public static byte[] benchJson(int size) {
        String head = "{\"id\":1234567,\"sku\":\"";
        String tail = "\",\"qty\":3,\"price\":12.5,\"paid\":true}";
        int pad = Math.max(1, size - head.length() - tail.length());
        return (head + "x".repeat(pad) + tail).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Registers {@link #BENCH_SCHEMA} in node 1's registry (over its REST API, with the development app's
     * credentials) and binds every bench channel to it, reading schemas through the external-registry client.
     */
    private ChannelSchemas bindBenchChannels(Target target) {
        if (target.local == null) {
            throw new IllegalArgumentException("--schema on needs the cluster started here (not --connect)");
        }
        ExternalRegistry registry = ExternalRegistry.connect(URI.create("http://127.0.0.1:"
                + target.local.registryPorts().get(0)), Optional.of(new ExternalRegistryConfig.Credentials(
                BENCH_APP_KEY, BENCH_APP_SECRET)));
        try {
            int id = registry.register(BENCH_SUBJECT, null, BENCH_SCHEMA).get(30, TimeUnit.SECONDS);
            out.printf("# registered %s as schema id %d%n", BENCH_SUBJECT, id);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot register the bench schema: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while registering the bench schema", e);
        }
        return ChannelBindings.parse("bench-*=" + BENCH_SUBJECT, registry);
    }

    private boolean flag(String key) {
        String v = opts.getOrDefault(key, "off");
        return switch (v) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("--" + key + ": expected on or off but got '" + v + "'");
        };
    }

    /** Prints the five seconds with the highest latency at the follower, to line them up with the node logs. */
    private void printWorstSeconds(Path timeline) throws IOException {
        if (!Files.exists(timeline)) {
            return;
        }
        List<long[]> secs = new ArrayList<>();
        for (String line : Files.readAllLines(timeline)) {
            String[] f = line.trim().split(" ");
            if (f.length == 3) {
                secs.add(new long[] {Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])});
            }
        }
        long over = secs.stream().filter(s -> s[2] > TimeUnit.MILLISECONDS.toNanos(10)).count();
        secs.sort((a, b) -> Long.compare(b[2], a[2]));
        StringBuilder worst = new StringBuilder();
        DateTimeFormatter hms = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
        for (long[] s : secs.subList(0, Math.min(5, secs.size()))) {
            worst.append(String.format(" %s=%.1fms", hms.format(Instant.ofEpochSecond(s[0])), s[2] / 1e6));
        }
        out.printf("# seconds with a follower max over 10 ms: %d of %d; worst:%s%n", over, secs.size(), worst);
    }

    private int e2e() throws IOException, InterruptedException {
        int size = (int) num("size", 200);
        long seconds = num("seconds", 60);
        long warmup = num("warmup-seconds", 10);
        long rate = num("rate", 20_000);
        int channels = (int) num("channels", 64);
        try (Target target = new Target(); LogClient client = LogClient.connect(target.config)) {
            ClusterStatus status = LocalCluster.awaitLeaders(client);
            String follower = null;
            Set<Integer> followed = new HashSet<>();
            for (PeerAddress p : target.config.peers()) {
                Set<Integer> mine = new HashSet<>();
                for (ClusterStatus.GroupStatus g : status.groups()) {
                    for (ClusterStatus.MemberStatus m : g.members()) {
                        if (m.nodeId().equals(p.id()) && m.role().equals("FOLLOWER")) {
                            mine.add(g.group());
                        }
                    }
                }
                if (mine.size() > followed.size()) {
                    follower = p.id();
                    followed = mine;
                }
            }
            if (follower == null) {
                throw new IllegalStateException("no node is a follower of any group: " + status.toTable());
            }
            List<ChannelKey> keys = channels(client, channels, followed);
            out.printf("# e2e: %d events/s of %d bytes on %d channels in groups %s, measured at follower %s; "
                    + "%d s warm-up, %d s measured%n", rate, size, keys.size(), followed, follower, warmup, seconds);
            Recorder ackRecorder = new Recorder(3);
            AtomicLong acked = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            int window = (int) Math.min(Integer.MAX_VALUE, rate * 5);
            Semaphore outstanding = new Semaphore(window);
            // Warm-up ramps the rate up from a tenth to the full rate (the JIT of four JVMs on two cores needs
            // load, but a cold cluster overloaded at the full rate builds a backlog the measured phase would
            // inherit), then waits until every warm-up publish is answered. The measured phase then runs open
            // loop at the full rate from an empty queue.
            long warmupNs = TimeUnit.SECONDS.toNanos(warmup);
            long start = System.nanoTime();
            long sent = 0;
            for (long intended = start; intended < start + warmupNs; ) {
                OpenLoop.awaitDue(intended);
                outstanding.acquire();
                ChannelKey ch = keys.get((int) (sent++ % keys.size()));
                client.publish(new PublishCommand(ch, "bench-warmup", new byte[Math.max(size, 8)], null, null,
                        PublishCommand.NO_SCHEMA)).whenComplete((r, e) -> outstanding.release());
                double fraction = 0.1 + 0.9 * (intended - start) / (double) warmupNs;
                intended += (long) (1e9 / (rate * fraction));
            }
            if (!outstanding.tryAcquire(window, 120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("warm-up publishes not answered within 120 s");
            }
            outstanding.release(window);
            long interval = 1_000_000_000L / rate;
            long measureFrom = System.nanoTime();
            long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
            for (long intended = measureFrom; intended < end; intended += interval) {
                OpenLoop.awaitDue(intended);
                outstanding.acquire();
                byte[] data = new byte[Math.max(size, 8)];
                ByteBuffer.wrap(data).putLong(0, intended);
                ChannelKey ch = keys.get((int) (sent++ % keys.size()));
                long sentAt = intended;
                client.publish(new PublishCommand(ch, LatencyProbe.EVENT, data, null, null,
                        PublishCommand.NO_SCHEMA)).whenComplete((r, e) -> {
                            outstanding.release();
                            if (e != null) {
                                failed.incrementAndGet();
                            } else {
                                ackRecorder.recordValue(Math.max(0, System.nanoTime() - sentAt));
                                acked.incrementAndGet();
                            }
                        });
            }
            double elapsed = seconds;
            outstanding.tryAcquire(window, 60, TimeUnit.SECONDS);
            Histogram ack = ackRecorder.getIntervalHistogram();
            report("intended send -> acknowledged (client)", ack);
            out.printf("# acknowledged %d of %d measured events, %d failed%n", acked.get(), seconds * rate,
                    failed.get());
            if (target.local == null) {
                out.println("# --connect: the follower's listener latency is only measured on a cluster started "
                        + "here; RESULT uses the acknowledgement latency");
                return result(acked.get() / elapsed, ack, failed.get());
            }
            Thread.sleep(1_000);
            target.local.stop();
            Histogram commit = LatencyProbe.readFrom(target.local.probeFile(follower));
            report("intended send -> committed-event listener on follower " + follower, commit);
            out.printf("# follower %s saw %d measured events%n", follower, commit.getTotalCount());
            printWorstSeconds(LatencyProbe.secondsFile(target.local.probeFile(follower)));
            return result(commit.getTotalCount() / elapsed, commit, failed.get());
        }
    }

    private int ws() throws IOException, InterruptedException {
        if (opts.containsKey("connect")) {
            throw new IllegalArgumentException("bench ws starts its own nodes; --connect is not supported");
        }
        int channels = (int) num("channels", 10);
        int subscribers = (int) num("subscribers", 30);
        int batch = (int) num("batch", 1);
        if (batch > 10) {
            throw new IllegalArgumentException("--batch: at most 10 events per batch_events request (Pusher's limit)");
        }
        if (subscribers < channels) {
            throw new IllegalArgumentException("--subscribers must be at least --channels");
        }
        int idle = opts.containsKey("idle-connections") && opts.get("idle-connections").equals("0") ? 0
                : (int) (opts.containsKey("idle-connections") ? num("idle-connections", 0) : 0);
        int idleNode = opts.getOrDefault("idle-node", "0").equals("0") ? 0 : (int) num("idle-node", 0);
        if (idleNode > 3) {
            throw new IllegalArgumentException("--idle-node: 1, 2 or 3 (one node holds every idle connection), or 0 "
                    + "(spread over the nodes), but got " + idleNode);
        }
        int publishNode = opts.getOrDefault("publish-node", "0").equals("0") ? 0 : (int) num("publish-node", 0);
        if (publishNode < 0 || publishNode > 3) {
            throw new IllegalArgumentException("--publish-node: 1, 2 or 3 (every publish goes to that node's edge), "
                    + "or 0 (spread over the nodes), but got " + publishNode);
        }
        WsBench.Options o = new WsBench.Options(num("rate", 1000), num("seconds", 30), num("warmup-seconds", 30),
                subscribers, channels, idle, idleNode, (int) num("size", 200), batch,
                (int) num("max-outstanding", 256), publishNode);
        try (Target target = new Target(); LogClient client = LogClient.connect(target.config)) {
            ClusterStatus status = LocalCluster.awaitLeaders(client);
            for (ClusterStatus.GroupStatus g : status.groups()) {
                g.members().stream().filter(m -> m.role().equals("LEADER")).forEach(m ->
                        out.printf("# group %d: leader %s%n", g.group(), m.nodeId()));
            }
            List<Long> pids = new ArrayList<>();
            for (int i = 0; i < target.local.edgePorts().size(); i++) {
                pids.add(target.local.process(i).pid());
            }
            return new WsBench(out, target.local.edgePorts(), pids).run(o);
        }
    }

    /** Picks channel names spread over the groups, only in {@code groups} if given. */
    private static List<ChannelKey> channels(LogClient client, int count, Set<Integer> groups) {
        List<ChannelKey> keys = new ArrayList<>();
        for (int i = 0; keys.size() < count && i < count * 1000; i++) {
            ChannelKey k = new ChannelKey("bench", "bench-" + i);
            if (groups == null || groups.contains(client.groupOf(k))) {
                keys.add(k);
            }
        }
        return keys;
    }

    private void report(String what, Histogram h) {
        out.println("# " + what + ", milliseconds:");
        out.printf("#   count=%d  p50=%.3f  p90=%.3f  p99=%.3f  p99.9=%.3f  p99.99=%.3f  max=%.3f%n",
                h.getTotalCount(), ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9), ms(h, 99.99),
                h.getMaxValue() / 1e6);
    }

    private int result(double throughput, Histogram h, long failed) {
        out.printf("RESULT throughput_msgs=%d p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f%n", Math.round(throughput),
                ms(h, 50), ms(h, 99), ms(h, 99.9));
        return failed == 0 ? 0 : 1;
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1e6;
    }
}
