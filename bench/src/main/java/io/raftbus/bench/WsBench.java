package io.raftbus.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * {@code raftbus bench ws}: the whole edge path. Publishers POST signed events to the Pusher HTTP API of the
 * nodes ({@link BenchHttpClient}: HTTP/1.1 keep-alive, {@code batch_events} when {@code --batch} &gt; 1) at a
 * fixed rate; WebSocket subscribers spread over all nodes ({@link BenchWsClient}: Netty, two event loops)
 * receive them; the latency from the event's intended send time (carried in its data, so coordinated omission
 * is not hidden) to its arrival at each subscriber goes into an HdrHistogram.
 * Optionally {@code --idle-connections N} extra connections are opened first, and the heap each one costs a node
 * is measured with {@code jcmd GC.heap_info} after a {@code GC.run}, before and after they connect.
 *
 * <p>Uses the development app ({@code app-id}/{@code app-key}/{@code app-secret}) that nodes serve without an
 * apps file. Publisher and subscribers run in this process, so send and receive times share one clock.
 */
final class WsBench {
    private static final String APP_ID = "app-id";
    private static final String KEY = "app-key";
    private static final String SECRET = "app-secret";
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)([KMG])");

    private final PrintStream out;
    private final List<Integer> ports;
    private final List<Long> pids;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final BenchWsClient subscribers;
    private BenchHttpClient publisher;
    private final Recorder recorder = new Recorder(3);
    private final Recorder ackRecorder = new Recorder(3);
    private final List<Recorder> ackByNode = new ArrayList<>();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong measuredReceived = new AtomicLong();
    private volatile long measureFrom = Long.MAX_VALUE;

    /**
     * Creates the benchmark against running edges.
     *
     * @param out where the report goes.
     * @param ports the edges' ports, one per node.
     * @param pids the node processes, in the same order, for {@code jcmd}; empty to skip the heap report.
     */
    WsBench(PrintStream out, List<Integer> ports, List<Long> pids) {
        this.out = out;
        this.ports = List.copyOf(ports);
        this.pids = List.copyOf(pids);
        this.subscribers = new BenchWsClient(KEY, this::delivered);
        for (int i = 0; i < this.ports.size(); i++) {
            ackByNode.add(new Recorder(3));
        }
    }

    /** Options of one run. */
    record Options(long rate, long seconds, long warmupSeconds, int subscribers, int channels, int idle,
                   int idleNode, int size, int batch, int maxOutstanding, int publishNode) {
    }

    int run(Options o) throws IOException, InterruptedException {
        for (int port : ports) {
            awaitHealth(port);
        }
        out.printf("# ws: edges on ports %s; %d subscribers on %d channels, %d idle connections, %d events/s "
                + "of %d bytes, batch %d, %d s warm-up, %d s measured%n", ports, o.subscribers(), o.channels(),
                o.idle(), o.rate(), o.size(), o.batch(), o.warmupSeconds(), o.seconds());
        List<Integer> idlePorts = o.idleNode() == 0 ? ports : List.of(ports.get(o.idleNode() - 1));
        if (o.idle() > 0 && pids.isEmpty()) {
            connect(o.idle(), -1, idlePorts);
        } else if (o.idle() > 0) {
            long[] before = heapUsedPerNode();
            connect(o.idle(), -1, idlePorts);
            long[] after = heapUsedPerNode();
            for (int i = 0; i < before.length; i++) {
                long conns;
                if (o.idleNode() == 0) {
                    conns = o.idle() / ports.size() + (i < o.idle() % ports.size() ? 1 : 0);
                } else {
                    conns = i == o.idleNode() - 1 ? o.idle() : 0;
                }
                out.printf("# node n%d: heap used %.1f MB -> %.1f MB after %d idle connections: %d bytes per "
                        + "connection (jcmd GC.heap_info after GC.run)%n", i + 1, before[i] / 1e6, after[i] / 1e6,
                        conns, conns == 0 ? 0 : (after[i] - before[i]) / conns);
            }
        }
        connect(o.subscribers(), o.channels(), ports);
        AtomicLong acked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Semaphore outstanding = new Semaphore(o.maxOutstanding());
        int edges = o.publishNode() == 0 ? ports.size() : 1;
        publisher = new BenchHttpClient((o.maxOutstanding() + edges - 1) / edges);
        long requestsPerSecond = Math.max(1, o.rate() / o.batch());
        long interval = 1_000_000_000L / requestsPerSecond;
        String padding = "x".repeat(Math.max(0, o.size() - 30));
        long[] sent = {0};
        // Warm-up ramps the rate from a tenth to the full rate (the JIT of four JVMs on two cores needs minutes,
        // and a full-rate start on cold JVMs builds a backlog that an open-loop measurement would inherit), then
        // waits until every warm-up request is answered and delivered. The measured phase starts from empty
        // queues and runs open loop at the full rate.
        long start = System.nanoTime();
        long warmupNs = TimeUnit.SECONDS.toNanos(o.warmupSeconds());
        for (long intended = start; intended < start + warmupNs; ) {
            send(o, intended, padding, sent, outstanding, acked, failed, false);
            double fraction = 0.1 + 0.9 * (intended - start) / (double) warmupNs;
            intended += (long) (interval / fraction);
        }
        if (!outstanding.tryAcquire(o.maxOutstanding(), 120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("warm-up requests not answered within 120 s");
        }
        outstanding.release(o.maxOutstanding());
        long warmupExpected = sent[0] * o.subscribers() / o.channels();
        long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (received.get() < warmupExpected && System.nanoTime() < drainDeadline) {
            Thread.sleep(20);
        }
        out.printf("# warm-up: %d events sent in %.1f s (ramped), %d of %d deliveries received%n", sent[0],
                (System.nanoTime() - start) / 1e9, received.get(), warmupExpected);
        long measureStart = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        measureFrom = measureStart;
        long end = measureStart + TimeUnit.SECONDS.toNanos(o.seconds());
        long measuredSent = 0;
        for (long intended = measureStart; intended < end; intended += interval) {
            measuredSent += send(o, intended, padding, sent, outstanding, acked, failed, true);
        }
        outstanding.tryAcquire(o.maxOutstanding(), 60, TimeUnit.SECONDS);
        long expected = measuredSent * o.subscribers() / o.channels();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (measuredReceived.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Histogram ack = ackRecorder.getIntervalHistogram();
        out.println("# intended send -> HTTP API answered 200 (majority commit), milliseconds:");
        out.printf("#   count=%d  p50=%.3f  p90=%.3f  p99=%.3f  p99.9=%.3f  max=%.3f%n", ack.getTotalCount(),
                ms(ack, 50), ms(ack, 90), ms(ack, 99), ms(ack, 99.9), ack.getMaxValue() / 1e6);
        for (int i = 0; i < ackByNode.size(); i++) {
            Histogram n = ackByNode.get(i).getIntervalHistogram();
            if (n.getTotalCount() > 0) {
                out.printf("#     of them, to the edge of n%d: count=%d  p50=%.3f  p99=%.3f%n", i + 1,
                        n.getTotalCount(), ms(n, 50), ms(n, 99));
            }
        }
        Histogram h = recorder.getIntervalHistogram();
        out.println("# intended send -> received by a WebSocket subscriber, milliseconds:");
        out.printf("#   count=%d  p50=%.3f  p90=%.3f  p99=%.3f  p99.9=%.3f  max=%.3f%n", h.getTotalCount(),
                ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9), h.getMaxValue() / 1e6);
        out.printf("# published %d events (%d acknowledged, %d requests failed); measured: %d sent, %d of %d "
                + "expected deliveries received%n", sent[0], acked.get(), failed.get(), measuredSent,
                measuredReceived.get(), expected);
        Map<String, Long> closed = subscribers.closedAfterReady();
        long closedCount = closed.values().stream().mapToLong(Long::longValue).sum();
        out.printf("# connections closed by the server during the run: %d%s%n", closedCount,
                closed.isEmpty() ? "" : " " + closed);
        subscribers.close();
        publisher.close();
        double throughput = measuredReceived.get() / (double) o.seconds();
        out.printf("RESULT throughput_msgs=%d p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f connections=%d%n",
                Math.round(throughput), ms(h, 50), ms(h, 99), ms(h, 99.9), o.subscribers() + o.idle() - closedCount);
        return failed.get() == 0 && closedCount == 0 && measuredReceived.get() >= expected ? 0 : 1;
    }

    /**
     * Waits for the intended send time, then sends one request of {@code batch} events; returns the events sent.
     * Latency is taken from {@code intended}, so a sender that falls behind does not hide the wait.
     */
    private int send(Options o, long intended, String padding, long[] sent, Semaphore outstanding, AtomicLong acked,
                     AtomicLong failed, boolean measured) throws InterruptedException {
        OpenLoop.awaitDue(intended);
        outstanding.acquire();
        List<String> channels = new ArrayList<>(o.batch());
        for (int b = 0; b < o.batch(); b++) {
            channels.add("bench-" + (sent[0]++ % o.channels()));
        }
        int node = o.publishNode() == 0 ? (int) (sent[0] % ports.size()) : o.publishNode() - 1;
        int port = ports.get(node);
        String[] request = publishRequest(channels, intended, padding);
        publisher.post(port, request[0], request[1].getBytes(StandardCharsets.UTF_8))
                .whenComplete((status, e) -> {
                    outstanding.release();
                    if (e == null && measured) {
                        long took = Math.max(0, System.nanoTime() - intended);
                        ackRecorder.recordValue(took);
                        ackByNode.get(node).recordValue(took);
                    }
                    if (e != null || status != 200) {
                        failed.incrementAndGet();
                    } else {
                        acked.addAndGet(channels.size());
                    }
                });
        return channels.size();
    }

    private void awaitHealth(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/health")).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("edge on port " + port + " not healthy after 90 s");
    }

    /** Opens connections round-robin over the nodes; with {@code channels > 0} each subscribes to one channel. */
    private void connect(int count, int channels, List<Integer> ports) throws InterruptedException {
        Semaphore inFlight = new Semaphore(200);
        AtomicLong failures = new AtomicLong();
        List<CompletableFuture<?>> ready = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            int port = ports.get(i % ports.size());
            String channel = channels > 0 ? "bench-" + (i % channels) : null;
            CompletableFuture<?> f = subscribers.connect(port, channel).orTimeout(30, TimeUnit.SECONDS)
                    .whenComplete((v, e) -> {
                        inFlight.release();
                        if (e != null) {
                            failures.incrementAndGet();
                        }
                    });
            ready.add(f);
        }
        try {
            CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(failures.get() + " of " + count + " connections failed: " + e.getCause(),
                    e);
        }
        out.printf("# %d connections %s%n", count, channels > 0 ? "subscribed" : "established (idle)");
    }

    /** Counts one delivered event and records its latency if it was sent in the measured time; any thread. */
    private void delivered(long intended, long now) {
        received.incrementAndGet();
        if (intended >= measureFrom) {
            recorder.recordValue(Math.max(0, now - intended));
            measuredReceived.incrementAndGet();
        }
    }

    /** Returns the signed request target (path and query) and the JSON body of one publish request. */
    private static String[] publishRequest(List<String> channels, long intended, String padding) {
        String data = "{\\\"t\\\":" + intended + ",\\\"p\\\":\\\"" + padding + "\\\"}";
        String path;
        StringBuilder body = new StringBuilder();
        if (channels.size() == 1) {
            path = "/apps/" + APP_ID + "/events";
            body.append("{\"name\":\"bench\",\"channels\":[\"").append(channels.get(0)).append("\"],\"data\":\"")
                    .append(data).append("\"}");
        } else {
            path = "/apps/" + APP_ID + "/batch_events";
            body.append("{\"batch\":[");
            for (int i = 0; i < channels.size(); i++) {
                body.append(i == 0 ? "" : ",").append("{\"name\":\"bench\",\"channel\":\"").append(channels.get(i))
                        .append("\",\"data\":\"").append(data).append("\"}");
            }
            body.append("]}");
        }
        String b = body.toString();
        Map<String, String> q = new TreeMap<>();
        q.put("auth_key", KEY);
        q.put("auth_timestamp", Long.toString(System.currentTimeMillis() / 1000));
        q.put("auth_version", "1.0");
        q.put("body_md5", hex(digest("MD5", b)));
        StringBuilder canonical = new StringBuilder();
        q.forEach((k, v) -> canonical.append(canonical.length() == 0 ? "" : "&").append(k).append('=').append(v));
        String sig = hmac("POST\n" + path + "\n" + canonical);
        StringBuilder query = new StringBuilder();
        q.forEach((k, v) -> query.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8))
                .append('&'));
        query.append("auth_signature=").append(sig);
        return new String[] {path + "?" + query, b};
    }

    /** Runs {@code jcmd <pid> GC.run} then {@code GC.heap_info} on each node and returns the used heap, bytes. */
    private long[] heapUsedPerNode() throws IOException, InterruptedException {
        long[] used = new long[pids.size()];
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        for (int i = 0; i < used.length; i++) {
            String pid = Long.toString(pids.get(i));
            exec(jcmd, pid, "GC.run");
            String info = exec(jcmd, pid, "GC.heap_info");
            Matcher m = HEAP_USED.matcher(info);
            if (!m.find()) {
                throw new IllegalStateException("no 'used N[KMG]' in jcmd GC.heap_info output: " + info);
            }
            int shift = switch (m.group(2)) {
                case "K" -> 10;
                case "M" -> 20;
                default -> 30;
            };
            used[i] = Long.parseLong(m.group(1)) << shift;
        }
        return used;
    }

    private static String exec(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + text);
        }
        return text;
    }

    private static String hmac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return hex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] digest(String algorithm, String text) {
        try {
            return MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1e6;
    }
}
