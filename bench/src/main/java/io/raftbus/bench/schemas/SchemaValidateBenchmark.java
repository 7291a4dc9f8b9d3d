package io.raftbus.bench.schemas;

import io.raftbus.bench.BenchTool;
import io.raftbus.schemas.ChannelBindings;
import io.raftbus.schemas.ChannelSchemas;
import io.raftbus.schemas.SchemaSource;
import io.raftbus.schemas.SchemaViolationException;
import io.raftbus.schemas.SubjectVersion;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The edge's check of one publish to a bound channel: JSON data against the subject's latest schema, converted to
 * the Confluent-framed binary ({@code validateJson}); a framed payload checked against its id
 * ({@code validateFramed}); and rendering stored framed data back to JSON for subscribers ({@code render}). The
 * schema source answers from memory, as the replicated registry does. The event is the 200-byte order of
 * {@code bench publish --schema on}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SchemaValidateBenchmark {
    private static final int ID = 1;

    private ChannelSchemas schemas;
    private byte[] json;
    private byte[] framed;

    /**
     * Binds {@code bench-*} to the bench subject and prepares the payloads.
     *
     * @throws SchemaViolationException never (the payload matches).
     */
    @Setup
    public void setUp() throws SchemaViolationException {
        Schema schema = new Schema.Parser().parse(BenchTool.BENCH_SCHEMA);
        SchemaSource source = new SchemaSource() {
            @Override
            public Optional<Schema> byId(int id) {
                return id == ID ? Optional.of(schema) : Optional.empty();
            }

            @Override
            public Optional<SubjectVersion> latest(String subject) {
                return subject.equals(BenchTool.BENCH_SUBJECT)
                        ? Optional.of(new SubjectVersion(subject, 1, ID, "AVRO", schema.toString(), false))
                        : Optional.empty();
            }

            @Override
            public boolean belongsTo(int id, String subject) {
                return id == ID && subject.equals(BenchTool.BENCH_SUBJECT);
            }
        };
        schemas = ChannelBindings.parse("bench-*=" + BenchTool.BENCH_SUBJECT, source);
        json = BenchTool.benchJson(200);
        framed = schemas.validate("bench", "bench-1", json, false).data();
    }

    /**
     * Checks JSON data and converts it to the framed binary.
     *
     * @return what would be stored.
     * @throws SchemaViolationException never.
     */
    @Benchmark
    public ChannelSchemas.Validated validateJson() throws SchemaViolationException {
        return schemas.validate("bench", "bench-1", json, false);
    }

    /**
     * Checks a framed payload against its id.
     *
     * @return what would be stored.
     * @throws SchemaViolationException never.
     */
    @Benchmark
    public ChannelSchemas.Validated validateFramed() throws SchemaViolationException {
        return schemas.validate("bench", "bench-1", framed, true);
    }

    /**
     * Renders stored framed data as JSON.
     *
     * @return the JSON bytes.
     */
    @Benchmark
    public byte[] render() {
        return schemas.render(ID, framed);
    }
}
