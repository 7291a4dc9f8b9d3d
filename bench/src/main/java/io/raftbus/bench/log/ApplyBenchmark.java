package io.raftbus.bench.log;

import io.raftbus.log.PublishCommand;
import io.raftbus.log.RetentionPolicy;
import io.raftbus.log.internal.ChannelStore;
import io.raftbus.log.internal.EntryCodec;
import io.raftbus.log.internal.LogEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The state machine's apply of one publish batch into a real RocksDB store (the work every replica does per
 * entry): decode, offsets, event and metadata writes, retention, the store write. 200-byte publishes over 64
 * channels, as group commit produces them; divide by {@code batchSize} for the cost per event.
 *
 * <p>Before measuring, the store is filled to {@code min(retainedPerChannel, 100000)} events per channel (6.4
 * million events, about 1.3 GB before compression, for the default): with 1000 or 100000 retained, every
 * measured event also trims one, as in a store at its retention limit, the steady state of a busy cluster;
 * with 100000000 nothing is trimmed and the store only grows.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class ApplyBenchmark {
    private static final int CHANNELS = 64;
    private static final long MAX_PREFILL_PER_CHANNEL = 100_000;

    /** Publishes per entry. */
    @Param({"150", "1000"})
    public int batchSize;

    /** Events kept per channel (retention by count); 100000 is the default. */
    @Param({"1000", "100000", "100000000"})
    public long retainedPerChannel;

    private RetentionPolicy retention;
    private Path dir;
    private ChannelStore store;
    private byte[] encoded;
    private long index;

    /**
     * Opens an empty store, encodes the batch and fills the store (see the class comment).
     *
     * @throws IOException if the store cannot be created or written.
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("raftbus-apply-bench");
        store = ChannelStore.open(dir.resolve("store"));
        List<PublishCommand> commands = new ArrayList<>();
        for (int i = 0; i < batchSize; i++) {
            commands.add(PublishCommand.of("app-1", "orders-" + (i % CHANNELS), "order-created", new byte[200]));
        }
        retention = new RetentionPolicy(retainedPerChannel, RetentionPolicy.DEFAULT.maxAgeMs(),
                RetentionPolicy.DEFAULT.maxBytes());
        encoded = EntryCodec.encodePublishBatch(1_700_000_000_000L, commands);
        long fill = Math.min(retainedPerChannel, MAX_PREFILL_PER_CHANNEL) * CHANNELS;
        for (long stored = 0; stored < fill; stored += batchSize) {
            apply();
        }
    }

    /**
     * Closes and deletes the store.
     *
     * @throws IOException if deleting fails.
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * Decodes and applies the batch as the next log index.
     *
     * @return the outcome.
     * @throws IOException if the store write fails.
     */
    @Benchmark
    public ChannelStore.PublishOutcome apply() throws IOException {
        LogEntry.PublishBatch batch = (LogEntry.PublishBatch) EntryCodec.decode(encoded, 0, encoded.length);
        return store.applyPublish(1, ++index, batch, 120_000, retention);
    }
}
