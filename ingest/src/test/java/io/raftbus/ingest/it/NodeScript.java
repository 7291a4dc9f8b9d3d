package io.raftbus.ingest.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Node.js test client ({@code ingest/src/test/js/*.js}) in its own process: JSON-line commands go to its
 * standard input, each JSON line it prints is recorded. Every line ever printed is kept, so a test can both wait
 * for an observation ({@link #await}) and check that something never happened ({@link #lines}).
 *
 * <p>Needs {@code node} and {@code npm} on the PATH. The pinned clients are installed with {@code npm ci} from the
 * committed lock file the first time a script starts, if {@code node_modules} lacks them; without Node
 * {@link #start} fails with a message saying so, it never skips. {@link #close} kills the process. Thread-safe.
 */
final class NodeScript implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path JS_DIR = Path.of("src", "test", "js").toAbsolutePath();

    private final String name;
    private final Process process;
    private final Writer stdin;
    private final List<JsonNode> lines = new CopyOnWriteArrayList<>();
    private final List<String> other = new CopyOnWriteArrayList<>();

    private NodeScript(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::read, "node-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Runs {@code npm ci} once per JVM if the pinned clients are not installed. */
    private static synchronized void installClients() {
        Path modules = JS_DIR.resolve("node_modules");
        if (Files.isDirectory(modules.resolve("pusher-js")) && Files.isDirectory(modules.resolve("pusher"))
                && Files.isDirectory(modules.resolve("@kafkajs/confluent-schema-registry"))) {
            return;
        }
        ProcessBuilder pb = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(JS_DIR.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new AssertionError("`npm ci` in " + JS_DIR + " failed; run it by hand to see why");
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run `npm` (Node.js >= 18 with npm must be on the PATH): "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while installing the Node test clients", e);
        }
    }

    /**
     * Starts a script and waits for its {@code {"type":"ready"}} line.
     *
     * @param script the file name in {@code ingest/src/test/js}, e.g. {@code subscriber.js}.
     * @param env its environment variables ({@code RB_PORT}, ...).
     * @return the running script.
     */
    static NodeScript start(String script, Map<String, String> env) {
        installClients();
        ProcessBuilder pb = new ProcessBuilder("node", script).directory(JS_DIR.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError("cannot run `node` (Node.js >= 18 must be on the PATH): " + e.getMessage(), e);
        }
        NodeScript s = new NodeScript(script + (env.containsKey("RB_USER") ? " as " + env.get("RB_USER") : ""), p);
        s.await("ready", Duration.ofSeconds(20), l -> l.path("type").asText().equals("ready"));
        return s;
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                try {
                    lines.add(JSON.readTree(line));
                } catch (IOException e) {
                    other.add(line);
                }
            }
        } catch (IOException e) {
            other.add("read failed: " + e);
        }
    }

    /**
     * Sends one command.
     *
     * @param command the command object, serialised as one JSON line.
     */
    void send(Map<String, ?> command) {
        try {
            synchronized (stdin) {
                stdin.write(JSON.writeValueAsString(command));
                stdin.write('\n');
                stdin.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot send " + command, e);
        }
    }

    /**
     * Waits for the first recorded line (from the start) that matches.
     *
     * @param what what is awaited, for the failure message.
     * @param timeout how long at most.
     * @param match the test.
     * @return the line.
     */
    JsonNode await(String what, Duration timeout, Predicate<JsonNode> match) {
        JsonNode[] found = {null};
        try {
            Await.until(name + ": " + what, timeout, () -> {
                if (!process.isAlive() && lines.stream().noneMatch(match)) {
                    throw new AssertionError(name + " exited with " + process.exitValue() + "; printed " + lines);
                }
                found[0] = lines.stream().filter(match).findFirst().orElse(null);
                return found[0] != null;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + name + " printed:\n" + transcript(), e.getCause());
        }
        return found[0];
    }

    /**
     * Waits for a command's answer: a line of type {@code result}, {@code webhook} or {@code command_failed} with
     * the command's {@code id}.
     *
     * @param id the id the command carried.
     * @return the answer.
     */
    JsonNode answer(int id) {
        return await("answer to command " + id, Duration.ofSeconds(30), l -> l.path("id").asInt(-1) == id
                && !l.path("type").asText().equals("triggered"));
    }

    /**
     * Returns every line recorded so far that matches.
     *
     * @param match the test.
     * @return the lines, in order.
     */
    List<JsonNode> lines(Predicate<JsonNode> match) {
        return new ArrayList<>(lines.stream().filter(match).toList());
    }

    /**
     * Returns the events recorded on a channel with a given name (as {@code subscriber.js} prints them).
     *
     * @param channel the channel.
     * @param event the event name.
     * @return the event lines, in arrival order.
     */
    List<JsonNode> events(String channel, String event) {
        return lines(l -> l.path("type").asText().equals("event") && l.path("channel").asText().equals(channel)
                && l.path("event").asText().equals(event));
    }

    /**
     * Returns everything printed, for failure messages.
     *
     * @return the lines joined.
     */
    String transcript() {
        StringBuilder b = new StringBuilder();
        lines.forEach(l -> b.append("  ").append(l).append('\n'));
        other.forEach(l -> b.append("  (not JSON) ").append(l).append('\n'));
        return b.toString();
    }

    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException e) {
            // the process may be gone already
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
