package io.raftbus.bench.log;

import io.raftbus.log.PublishCommand;
import io.raftbus.log.internal.EntryCodec;
import io.raftbus.log.internal.LogEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encode and decode of one log entry holding a batch of 200-byte publishes spread over 64 channels, as group
 * commit produces it. Divide the per-batch time by {@code batchSize} for the cost per event.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EntryCodecBenchmark {
    /** Publishes per entry. */
    @Param({"1", "100", "1000"})
    public int batchSize;

    private List<PublishCommand> commands;
    private byte[] encoded;

    /** Builds the batch and its encoding. */
    @Setup
    public void setUp() {
        commands = new ArrayList<>();
        for (int i = 0; i < batchSize; i++) {
            commands.add(PublishCommand.of("app-1", "orders-" + (i % 64), "order-created", new byte[200]));
        }
        encoded = EntryCodec.encodePublishBatch(0, commands);
    }

    /**
     * Encodes the batch.
     *
     * @return the entry bytes.
     */
    @Benchmark
    public byte[] encode() {
        return EntryCodec.encodePublishBatch(1_700_000_000_000L, commands);
    }

    /**
     * Decodes the batch.
     *
     * @return the entry.
     */
    @Benchmark
    public LogEntry decode() {
        return EntryCodec.decode(encoded, 0, encoded.length);
    }
}
