package io.raftbus.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * The settings of a node's edge. Immutable; parsed once at start-up by {@link #fromProperties(Properties)}, which
 * names the key and the bad value of any setting it refuses.
 *
 * @param host the address the HTTP and WebSocket server binds.
 * @param port its port.
 * @param apps the apps served.
 * @param activityTimeout the {@code activity_timeout} sent to clients; the server pings a silent connection after
 *     it.
 * @param pongTimeout how long after a ping a connection may stay silent before it is closed with 4201.
 * @param maxFrameBytes the largest WebSocket frame or HTTP body accepted.
 * @param outboundHighWaterBytes queued outbound bytes at which a subscriber that cannot keep up is closed with
 *     4100.
 * @param nodeTimeout after how long without an occupancy report from a node its connections are removed
 *     cluster-wide (member_removed and channel_vacated are sent).
 * @param reportInterval how often this node sends its occupancy changes (and a heartbeat).
 * @param resumeMaxEvents the most events one resume may replay; a larger gap is refused.
 * @param timestampWindow how far {@code auth_timestamp} of a signed request may be from the server's clock.
 * @param webhookBatch how long webhook events are collected before a POST.
 * @param webhookRetryFor how long a failing webhook POST is retried (exponential back-off).
 * @param flushInterval the least time between two flushes of one subscriber's connection: frames committed
 *     meanwhile leave in one write (0: flush after every committed entry).
 */
public record IngestConfig(String host, int port, Apps apps, Duration activityTimeout, Duration pongTimeout,
                           int maxFrameBytes, int outboundHighWaterBytes, Duration nodeTimeout,
                           Duration reportInterval, int resumeMaxEvents, Duration timestampWindow,
                           Duration webhookBatch, Duration webhookRetryFor, Duration flushInterval) {

    /** Every property name with its default. */
    public static final class Keys {
        /** Bind address. */
        public static final String HOST = "raftbus.ingest.host";
        /** Default bind address: loopback. */
        public static final String HOST_DEFAULT = "127.0.0.1";
        /** HTTP and WebSocket port. */
        public static final String PORT = "raftbus.ingest.port";
        /** Default port: 6001 (soketi's). */
        public static final int PORT_DEFAULT = 6001;
        /** The apps file (JSON, see {@link Apps}); without it the node serves {@link AppConfig#development()}. */
        public static final String APPS_FILE = "raftbus.ingest.apps-file";
        /** Seconds of silence before the server pings. */
        public static final String ACTIVITY_TIMEOUT_S = "raftbus.ingest.activity-timeout-s";
        /** Default: 120 s, Pusher's recommendation. */
        public static final int ACTIVITY_TIMEOUT_S_DEFAULT = 120;
        /** Seconds to wait for any message after a ping. */
        public static final String PONG_TIMEOUT_S = "raftbus.ingest.pong-timeout-s";
        /** Default: 30 s. */
        public static final int PONG_TIMEOUT_S_DEFAULT = 30;
        /** Largest frame or HTTP body. */
        public static final String MAX_FRAME_BYTES = "raftbus.ingest.max-frame-bytes";
        /** Default: 64 KiB. */
        public static final int MAX_FRAME_BYTES_DEFAULT = 64 * 1024;
        /** Outbound bytes queued for one connection before it is closed with 4100. */
        public static final String OUTBOUND_HIGH_WATER_BYTES = "raftbus.ingest.outbound-high-water-bytes";
        /** Default: 1 MiB. */
        public static final int OUTBOUND_HIGH_WATER_BYTES_DEFAULT = 1 << 20;
        /** Milliseconds without an occupancy report after which a node's connections are removed. */
        public static final String NODE_TIMEOUT_MS = "raftbus.ingest.node-timeout-ms";
        /** Default: 10 s. */
        public static final int NODE_TIMEOUT_MS_DEFAULT = 10_000;
        /** Milliseconds between occupancy reports. */
        public static final String REPORT_INTERVAL_MS = "raftbus.ingest.report-interval-ms";
        /** Default: 1 s. */
        public static final int REPORT_INTERVAL_MS_DEFAULT = 1_000;
        /** The most events one resume may replay. */
        public static final String RESUME_MAX_EVENTS = "raftbus.ingest.resume-max-events";
        /** Default: 10,000. */
        public static final int RESUME_MAX_EVENTS_DEFAULT = 10_000;
        /** Seconds {@code auth_timestamp} may differ from the server clock. */
        public static final String TIMESTAMP_WINDOW_S = "raftbus.ingest.timestamp-window-s";
        /** Default: 600 s, Pusher's. */
        public static final int TIMESTAMP_WINDOW_S_DEFAULT = 600;
        /** Milliseconds webhook events are collected before a POST. */
        public static final String WEBHOOK_BATCH_MS = "raftbus.ingest.webhook-batch-ms";
        /** Default: 250 ms, Pusher's batch webhooks. */
        public static final int WEBHOOK_BATCH_MS_DEFAULT = 250;
        /** Seconds a failing webhook is retried. */
        public static final String WEBHOOK_RETRY_S = "raftbus.ingest.webhook-retry-s";
        /** Default: 300 s, Pusher's 5 minutes. */
        public static final int WEBHOOK_RETRY_S_DEFAULT = 300;
        /** Microseconds between two flushes of one subscriber's connection (docs/ingest.md#delivery-to-subscribers). */
        public static final String FLUSH_INTERVAL_US = "raftbus.ingest.flush-interval-us";
        /**
         * Default: 5 ms. A lone event is flushed at once; a frame of a burst waits at most this long, and a
         * channel with 1,000 subscribers delivers about twice as much (docs/benchmarks.md).
         */
        public static final int FLUSH_INTERVAL_US_DEFAULT = 5_000;

        private Keys() {
        }
    }

    /** Checks the invariants. */
    public IngestConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(apps, "apps");
        Objects.requireNonNull(flushInterval, "flushInterval");
        require(port >= 0 && port <= 65535, Keys.PORT, port, "must be 0..65535");
        require(maxFrameBytes >= 1024, Keys.MAX_FRAME_BYTES, maxFrameBytes, "must be at least 1024");
        require(outboundHighWaterBytes >= maxFrameBytes, Keys.OUTBOUND_HIGH_WATER_BYTES, outboundHighWaterBytes,
                "must be at least " + Keys.MAX_FRAME_BYTES);
        require(resumeMaxEvents >= 1, Keys.RESUME_MAX_EVENTS, resumeMaxEvents, "must be positive");
        require(!flushInterval.isNegative() && flushInterval.toNanos() <= 1_000_000_000L, Keys.FLUSH_INTERVAL_US,
                flushInterval.toNanos() / 1_000, "must be 0..1000000");
        require(reportInterval.compareTo(nodeTimeout) < 0, Keys.REPORT_INTERVAL_MS, reportInterval.toMillis(),
                "must be less than " + Keys.NODE_TIMEOUT_MS);
    }

    /**
     * Returns the defaults with the development app, bound to loopback on a given port.
     *
     * @param port the port, 0 for any free one.
     * @return the config.
     */
    public static IngestConfig defaults(int port) {
        Properties p = new Properties();
        p.setProperty(Keys.PORT, Integer.toString(port));
        return fromProperties(p);
    }

    /**
     * Parses the {@code raftbus.ingest.*} properties; others are ignored.
     *
     * @param p the properties.
     * @return the config.
     * @throws IllegalArgumentException naming the key and the bad value.
     */
    public static IngestConfig fromProperties(Properties p) {
        Apps apps;
        String file = p.getProperty(Keys.APPS_FILE);
        if (file == null || file.isBlank()) {
            apps = new Apps(List.of(AppConfig.development()));
        } else {
            try {
                apps = Apps.load(Path.of(file.trim()));
            } catch (IOException e) {
                throw new IllegalArgumentException(Keys.APPS_FILE + "=" + file + ": cannot read: " + e);
            }
        }
        return new IngestConfig(p.getProperty(Keys.HOST, Keys.HOST_DEFAULT).trim(),
                integer(p, Keys.PORT, Keys.PORT_DEFAULT), apps,
                Duration.ofSeconds(integer(p, Keys.ACTIVITY_TIMEOUT_S, Keys.ACTIVITY_TIMEOUT_S_DEFAULT)),
                Duration.ofSeconds(integer(p, Keys.PONG_TIMEOUT_S, Keys.PONG_TIMEOUT_S_DEFAULT)),
                integer(p, Keys.MAX_FRAME_BYTES, Keys.MAX_FRAME_BYTES_DEFAULT),
                integer(p, Keys.OUTBOUND_HIGH_WATER_BYTES, Keys.OUTBOUND_HIGH_WATER_BYTES_DEFAULT),
                Duration.ofMillis(integer(p, Keys.NODE_TIMEOUT_MS, Keys.NODE_TIMEOUT_MS_DEFAULT)),
                Duration.ofMillis(integer(p, Keys.REPORT_INTERVAL_MS, Keys.REPORT_INTERVAL_MS_DEFAULT)),
                integer(p, Keys.RESUME_MAX_EVENTS, Keys.RESUME_MAX_EVENTS_DEFAULT),
                Duration.ofSeconds(integer(p, Keys.TIMESTAMP_WINDOW_S, Keys.TIMESTAMP_WINDOW_S_DEFAULT)),
                Duration.ofMillis(integer(p, Keys.WEBHOOK_BATCH_MS, Keys.WEBHOOK_BATCH_MS_DEFAULT)),
                Duration.ofSeconds(integer(p, Keys.WEBHOOK_RETRY_S, Keys.WEBHOOK_RETRY_S_DEFAULT)),
                Duration.ofNanos(1_000L * integer(p, Keys.FLUSH_INTERVAL_US, Keys.FLUSH_INTERVAL_US_DEFAULT)));
    }

    /**
     * Returns a copy with another port.
     *
     * @param newPort the port.
     * @return the copy.
     */
    public IngestConfig withPort(int newPort) {
        return new IngestConfig(host, newPort, apps, activityTimeout, pongTimeout, maxFrameBytes,
                outboundHighWaterBytes, nodeTimeout, reportInterval, resumeMaxEvents, timestampWindow, webhookBatch,
                webhookRetryFor, flushInterval);
    }

    /**
     * Returns a copy serving other apps.
     *
     * @param newApps the apps.
     * @return the copy.
     */
    public IngestConfig withApps(Apps newApps) {
        return new IngestConfig(host, port, newApps, activityTimeout, pongTimeout, maxFrameBytes,
                outboundHighWaterBytes, nodeTimeout, reportInterval, resumeMaxEvents, timestampWindow, webhookBatch,
                webhookRetryFor, flushInterval);
    }

    private static int integer(Properties p, String key, int dflt) {
        String v = p.getProperty(key);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 0) {
                throw new IllegalArgumentException(key + "=" + v + ": must not be negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + v + ": not an integer");
        }
    }

    private static void require(boolean ok, String key, Object value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException(key + "=" + value + ": " + rule);
        }
    }
}
