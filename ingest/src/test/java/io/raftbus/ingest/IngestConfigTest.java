package io.raftbus.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class IngestConfigTest {
    @Test
    void shouldReadTheFlushIntervalInMicrosecondsAndDefaultToFiveMilliseconds() {
        assertThat(IngestConfig.defaults(0).flushInterval()).isEqualTo(Duration.ofMillis(5));

        Properties p = new Properties();
        p.setProperty(IngestConfig.Keys.FLUSH_INTERVAL_US, "2500");
        assertThat(IngestConfig.fromProperties(p).flushInterval()).isEqualTo(Duration.ofNanos(2_500_000));
        assertThat(IngestConfig.fromProperties(p).withPort(7).flushInterval()).isEqualTo(Duration.ofNanos(2_500_000));
    }

    @Test
    void shouldRefuseANegativeOrTooLongFlushIntervalNamingTheKey() {
        String[][] cases = {{"-1", "must not be negative"}, {"1000001", "must be 0..1000000"}};
        for (String[] c : cases) {
            Properties p = new Properties();
            p.setProperty(IngestConfig.Keys.FLUSH_INTERVAL_US, c[0]);
            assertThatThrownBy(() -> IngestConfig.fromProperties(p)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("raftbus.ingest.flush-interval-us=" + c[0] + ": " + c[1]);
        }
    }
}
