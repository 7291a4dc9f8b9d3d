package io.raftbus.schemas.rest;

import io.raftbus.schemas.internal.SettingValues;
import java.util.Objects;
import java.util.Properties;

/**
 * The settings of the Schema Registry REST server. Immutable; parsed once at start-up by
 * {@link #fromProperties(Properties)}, which names the key and the bad value of any setting it refuses.
 *
 * @param host the address the server binds.
 * @param port its port (0 for any free one).
 * @param readAuth true if reads need credentials too; false leaves reads open (writes always need them).
 * @param maxRequestBytes the largest request body accepted; larger ones get 413.
 */
public record RegistryServerConfig(String host, int port, boolean readAuth, int maxRequestBytes) {

    /** Every property name with its default. */
    public static final class Keys {
        /** Bind address. */
        public static final String HOST = "raftbus.schemas.host";
        /** Default bind address: loopback. */
        public static final String HOST_DEFAULT = "127.0.0.1";
        /** HTTP port of the registry API. */
        public static final String PORT = "raftbus.schemas.port";
        /** Default port: 8081, Confluent's. */
        public static final int PORT_DEFAULT = 8081;
        /** {@code true} if reads need Basic credentials too. */
        public static final String READ_AUTH = "raftbus.schemas.read-auth";
        /** Default: false, reads are open (as an unsecured Confluent registry). */
        public static final boolean READ_AUTH_DEFAULT = false;
        /** Largest request body in bytes. */
        public static final String MAX_REQUEST_BYTES = "raftbus.schemas.max-request-bytes";
        /** Default: 1 MiB. */
        public static final int MAX_REQUEST_BYTES_DEFAULT = 1 << 20;

        private Keys() {
        }
    }

    /** Checks the invariants. */
    public RegistryServerConfig {
        Objects.requireNonNull(host, "host");
        require(!host.isBlank(), Keys.HOST, host, "must not be blank");
        require(port >= 0 && port <= 65535, Keys.PORT, port, "must be 0..65535");
        require(maxRequestBytes >= 1024, Keys.MAX_REQUEST_BYTES, maxRequestBytes, "must be at least 1024");
    }

    /**
     * Returns the defaults, bound to loopback on a given port.
     *
     * @param port the port, 0 for any free one.
     * @return the config.
     */
    public static RegistryServerConfig defaults(int port) {
        return new RegistryServerConfig(Keys.HOST_DEFAULT, port, Keys.READ_AUTH_DEFAULT, Keys.MAX_REQUEST_BYTES_DEFAULT);
    }

    /**
     * Parses the {@code raftbus.schemas.*} server properties; others are ignored.
     *
     * @param p the properties.
     * @return the config.
     * @throws IllegalArgumentException naming the key and the bad value.
     */
    public static RegistryServerConfig fromProperties(Properties p) {
        return new RegistryServerConfig(p.getProperty(Keys.HOST, Keys.HOST_DEFAULT).trim(),
                SettingValues.integer(p, Keys.PORT, Keys.PORT_DEFAULT),
                SettingValues.bool(p, Keys.READ_AUTH, Keys.READ_AUTH_DEFAULT),
                SettingValues.integer(p, Keys.MAX_REQUEST_BYTES, Keys.MAX_REQUEST_BYTES_DEFAULT));
    }

    /**
     * Returns a copy with another port.
     *
     * @param newPort the port.
     * @return the copy.
     */
    public RegistryServerConfig withPort(int newPort) {
        return new RegistryServerConfig(host, newPort, readAuth, maxRequestBytes);
    }

    /**
     * Returns a copy with reads open or not.
     *
     * @param newReadAuth true if reads need credentials.
     * @return the copy.
     */
    public RegistryServerConfig withReadAuth(boolean newReadAuth) {
        return new RegistryServerConfig(host, port, newReadAuth, maxRequestBytes);
    }

    private static void require(boolean ok, String key, Object value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException(key + "=" + value + ": " + rule);
        }
    }
}
