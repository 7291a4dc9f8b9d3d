package io.raftbus.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftbus.log.RaftLogConfig.Keys;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Parsing and checking of the node config: the documented defaults, every key, and that every refused value
 * fails fast with an {@link IllegalArgumentException} whose message starts with the key and shows the value
 * as the operator wrote it (STYLE rule 3).
 */
class RaftLogConfigTest {
    private static final String PEERS = "n1=127.0.0.1:7001,n2=10.0.0.2:7002,n3=host-3.example:7003";

    // ------------------------------------------------------------------ defaults and parsing

    @Test
    void shouldUseDocumentedDefaultsWhenOnlyNodeAndPeersAreSet() {
        RaftLogConfig c = RaftLogConfig.fromProperties(props(Keys.NODE_ID, "n2"));

        assertThat(c.nodeId()).isEqualTo("n2");
        assertThat(c.peers()).containsExactly(new PeerAddress("n1", "127.0.0.1", 7001),
                new PeerAddress("n2", "10.0.0.2", 7002), new PeerAddress("n3", "host-3.example", 7003));
        assertThat(c.self()).isEqualTo(new PeerAddress("n2", "10.0.0.2", 7002));
        assertThat(c.dataDir()).isEqualTo(Path.of("data"));
        assertThat(c.groupCount()).isEqualTo(1);
        assertThat(c.maxEventBytes()).isEqualTo(1 << 20);
        assertThat(c.maxBatchBytes()).isEqualTo(4 << 20);
        assertThat(c.batchLinger()).isEqualTo(Duration.ofNanos(200_000));
        assertThat(c.maxInFlightEntries()).isEqualTo(1);
        assertThat(c.dedupeWindow()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.retention()).isEqualTo(new RetentionPolicy(100_000, 24L * 3600 * 1000, 64L << 20));
        assertThat(c.tickInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.snapshotEveryEntries()).isEqualTo(20_000);
        assertThat(c.snapshotInterval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.electionTimeoutMin()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.electionTimeoutMax()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.clientRetries()).isEqualTo(150);
        assertThat(c.minFreeDiskBytes()).isEqualTo(256L << 20);
        assertThat(c.logSegmentBytes()).isEqualTo(64L << 20);
        assertThat(c).isEqualTo(RaftLogConfig.builder().nodeId("n2").peers(c.peers()).build());
    }

    @Test
    void shouldReadEveryKeyWhenAllAreSet() {
        Properties p = props(Keys.NODE_ID, "n3", Keys.DATA_DIR, "/var/lib/raftbus", Keys.GROUP_COUNT, "8",
                Keys.MAX_EVENT_BYTES, "10_000", Keys.MAX_BATCH_BYTES, " 20000 ", Keys.BATCH_LINGER_US, "0",
                Keys.MAX_IN_FLIGHT, "90", Keys.DEDUPE_WINDOW_MS, "1", Keys.RETENTION_EVENTS, "10",
                Keys.RETENTION_AGE_MS, "60000", Keys.RETENTION_BYTES, "4096", Keys.TICK_INTERVAL_MS, "10",
                Keys.SNAPSHOT_EVERY_ENTRIES, "1", Keys.SNAPSHOT_INTERVAL_MS, "100", Keys.ELECTION_MIN_MS, "100",
                Keys.ELECTION_MAX_MS, "101", Keys.REQUEST_TIMEOUT_MS, "100", Keys.CLIENT_RETRIES, "0",
                Keys.MIN_FREE_DISK_BYTES, "0", Keys.LOG_SEGMENT_BYTES, "1048576");

        RaftLogConfig c = RaftLogConfig.fromProperties(p);

        assertThat(c.nodeId()).isEqualTo("n3");
        assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/raftbus"));
        assertThat(c.groupCount()).isEqualTo(8);
        assertThat(c.maxEventBytes()).isEqualTo(10_000);
        assertThat(c.maxBatchBytes()).isEqualTo(20_000);
        assertThat(c.batchLinger()).isEqualTo(Duration.ZERO);
        assertThat(c.maxInFlightEntries()).isEqualTo(90);
        assertThat(c.dedupeWindow()).isEqualTo(Duration.ofMillis(1));
        assertThat(c.retention()).isEqualTo(new RetentionPolicy(10, 60_000, 4096));
        assertThat(c.tickInterval()).isEqualTo(Duration.ofMillis(10));
        assertThat(c.snapshotEveryEntries()).isEqualTo(1);
        assertThat(c.snapshotInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.electionTimeoutMin()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.electionTimeoutMax()).isEqualTo(Duration.ofMillis(101));
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.clientRetries()).isZero();
        assertThat(c.minFreeDiskBytes()).isZero();
        assertThat(c.logSegmentBytes()).isEqualTo(1 << 20);
    }

    @Test
    void shouldAllowClientConfigWhenNodeIdIsAbsent() {
        RaftLogConfig c = RaftLogConfig.fromProperties(props());

        assertThat(c.nodeId()).isNull();
        assertThatThrownBy(c::self).isInstanceOf(IllegalStateException.class).hasMessageContaining(Keys.NODE_ID);
        assertThat(c.withNode("n1", Path.of("d1")).self().id()).isEqualTo("n1");
        assertThat(c.withNode("n1", Path.of("d1")).dataDir()).isEqualTo(Path.of("d1"));
    }

    @Test
    void shouldIgnoreOtherKeysWhenTheyAreNotRaftLogKeys() {
        Properties p = props(Keys.NODE_ID, "n1", "raftbus.ingest.port", "8080", "raftbus.logger", "x",
                "java.home", "/opt/jdk");

        assertThat(RaftLogConfig.fromProperties(p).nodeId()).isEqualTo("n1");
    }

    @Test
    void shouldDescribeEveryKeyWhenKeysAreListed() throws IllegalAccessException {
        List<String> declared = new ArrayList<>();
        for (Field f : Keys.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class
                    && !f.getName().endsWith("_DEFAULT")) {
                declared.add((String) f.get(null));
            }
        }

        assertThat(Keys.describe().keySet()).containsExactlyInAnyOrderElementsOf(declared);
        assertThat(declared).allMatch(k -> k.startsWith("raftbus.log."));
    }

    // ------------------------------------------------------------------ refusals

    @Test
    void shouldRefuseUnknownKeyNamingItWhenItLooksLikeARaftLogKey() {
        assertRefused(props(Keys.NODE_ID, "n1", "raftbus.log.group-cnt", "2"), "raftbus.log.group-cnt",
                "unknown setting");
        assertRefused(props(Keys.NODE_ID, "n1", "raftbus.log.retention.max-age", "5"),
                "raftbus.log.retention.max-age", "unknown setting");
    }

    @ParameterizedTest(name = "[{index}] {0}={1}")
    @CsvSource(delimiter = '|', value = {
        // not a non-negative whole number
        "raftbus.log.group-count            | abc",
        "raftbus.log.group-count            | -1",
        "raftbus.log.group-count            | 1.5",
        "raftbus.log.group-count            | ''",
        "raftbus.log.max-event-bytes        | 1MiB",
        "raftbus.log.max-batch-bytes        | 0x10",
        "raftbus.log.batch-linger-us        | -5",
        "raftbus.log.max-in-flight-entries  | many",
        "raftbus.log.dedupe-window-ms       | 2m",
        "raftbus.log.retention.max-events   | lots",
        "raftbus.log.retention.max-age-ms   | -1",
        "raftbus.log.retention.max-bytes    | 1e9",
        "raftbus.log.tick-interval-ms       | 5s",
        "raftbus.log.snapshot.every-entries | x",
        "raftbus.log.snapshot.interval-ms   | 99999999999999999999",
        "raftbus.log.election-timeout-min-ms | one",
        "raftbus.log.election-timeout-max-ms | two",
        "raftbus.log.request-timeout-ms     | -100",
        "raftbus.log.client-retries         | -1",
        "raftbus.log.min-free-disk-bytes    | -1",
        "raftbus.log.segment-bytes          | 64M",
        // whole numbers out of range
        "raftbus.log.group-count            | 0",
        "raftbus.log.group-count            | 65",
        "raftbus.log.max-event-bytes        | 0",
        "raftbus.log.max-batch-bytes        | 5000",
        "raftbus.log.max-batch-bytes        | 33554433",
        "raftbus.log.max-in-flight-entries  | 0",
        "raftbus.log.max-in-flight-entries  | 91",
        "raftbus.log.dedupe-window-ms       | 0",
        "raftbus.log.retention.max-events   | 0",
        "raftbus.log.retention.max-age-ms   | 0",
        "raftbus.log.retention.max-bytes    | 0",
        "raftbus.log.tick-interval-ms       | 9",
        "raftbus.log.snapshot.every-entries | 0",
        "raftbus.log.snapshot.interval-ms   | 99",
        "raftbus.log.election-timeout-min-ms | 99",
        "raftbus.log.election-timeout-max-ms | 999",
        "raftbus.log.request-timeout-ms     | 99",
        "raftbus.log.segment-bytes          | 1048575",
        // too large for the setting's type: must not wrap around to a small value
        "raftbus.log.group-count            | 4294967298",
        "raftbus.log.max-event-bytes        | 4294967297",
        "raftbus.log.max-batch-bytes        | 4299161600",
        "raftbus.log.max-in-flight-entries  | 4294967297",
        "raftbus.log.client-retries         | 4294967296",
        "raftbus.log.batch-linger-us        | 9300000000000000",
    })
    void shouldRefuseNamingKeyAndValueWhenValueIsBad(String key, String value) {
        assertRefused(props(Keys.NODE_ID, "n1", key, value), key, value);
    }

    @Test
    void shouldRefuseNodeIdNamingItWhenItIsNotAPeer() {
        assertRefused(props(Keys.NODE_ID, "n9"), Keys.NODE_ID, "n9");
    }

    @ParameterizedTest(name = "[{index}] peers={0}")
    @CsvSource(delimiter = '|', value = {
        "''                        | required",
        "n1                        | n1",
        "n1=127.0.0.1              | n1=127.0.0.1",
        "n1=h:1,,n2=h:2            | ''",
        "n1=h:x                    | n1=h:x",
        "n1=h:70000                | 70000",
        "bad.id=h:1                | bad.id",
        "n1=a:1,n1=b:2             | n1=a:1",
    })
    void shouldRefusePeersNamingTheBadPeerWhenOneIsMalformed(String peers, String shown) {
        Properties p = new Properties();
        p.setProperty(Keys.PEERS, peers);

        assertRefused(p, Keys.PEERS, shown);
    }

    @Test
    void shouldRefuseBuilderConfigNamingKeyWhenPeersAreMissing() {
        assertThatThrownBy(() -> RaftLogConfig.builder().build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(Keys.PEERS + ": ");
    }

    // ------------------------------------------------------------------ PeerAddress

    @Test
    void shouldParsePeerWhenSpecIsWellFormed() {
        assertThat(PeerAddress.parse(" n-1_a=10.0.0.1:7001 ")).isEqualTo(new PeerAddress("n-1_a", "10.0.0.1", 7001));
        assertThat(PeerAddress.parse("n1=[::1]:65535")).isEqualTo(new PeerAddress("n1", "[::1]", 65535));
        PeerAddress p = new PeerAddress("x", "host.example", 1);
        assertThat(PeerAddress.parse(p.toString())).isEqualTo(p);
        assertThat(p.hostPort()).isEqualTo("host.example:1");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "n1h:7001      | expected id=host:port but got 'n1h:7001'",
        "=h:7001       | expected id=host:port but got '=h:7001'",
        "n1=:7001      | expected id=host:port but got 'n1=:7001'",
        "n1=h:         | expected id=host:port but got 'n1=h:'",
        "n1=h          | expected id=host:port but got 'n1=h'",
        "''            | expected id=host:port but got ''",
        "n1=h:port     | bad port in 'n1=h:port'",
        "n1=h:0        | port out of range: 0",
        "n1=h:65536    | port out of range: 65536",
        "n 1=h:1       | node id must match [A-Za-z0-9_-]+: 'n 1'",
    })
    void shouldRefusePeerSpecNamingItWhenMalformed(String spec, String message) {
        assertThatThrownBy(() -> PeerAddress.parse(spec)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    // ------------------------------------------------------------------ helpers

    private static Properties props(String... keyValues) {
        Properties p = new Properties();
        p.setProperty(Keys.PEERS, PEERS);
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    /** The message starts with {@code key: } and shows {@code value} as a whole token (quoted if empty). */
    private static void assertRefused(Properties p, String key, String value) {
        assertThatThrownBy(() -> RaftLogConfig.fromProperties(p)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(key + ": ")
                .satisfies(e -> assertThat(showsValue(e.getMessage(), value))
                        .as("message '%s' shows the value '%s'", e.getMessage(), value).isTrue());
    }

    private static boolean showsValue(String message, String value) {
        if (value.isEmpty()) {
            return message.contains("''");
        }
        return Pattern.compile("(?<![\\w.])" + Pattern.quote(value) + "(?![\\w.])").matcher(message).find();
    }
}
