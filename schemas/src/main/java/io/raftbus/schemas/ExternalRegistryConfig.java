package io.raftbus.schemas;

import io.raftbus.schemas.internal.SettingValues;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * The settings of {@link ExternalRegistry}, the client of an external Confluent-compatible registry. Immutable;
 * {@link #fromProperties(Properties)} names the key and the bad value of any setting it refuses.
 *
 * @param baseUrl the registry's base URL, e.g. {@code http://registry:8081} or Apicurio's
 *     {@code http://host:8080/apis/ccompat/v7}; paths such as {@code /subjects} are appended to it.
 * @param credentials the HTTP Basic key and secret sent with every request, or empty.
 * @param latestTtl how long an answer of {@link SchemaSource#latest} or {@link SchemaSource#belongsTo} is reused
 *     (including "none"); zero asks the registry every time. Ids are immutable and cached for good.
 * @param requestTimeout how long one HTTP request may take (also the connect timeout).
 */
public record ExternalRegistryConfig(URI baseUrl, Optional<Credentials> credentials, Duration latestTtl,
                                     Duration requestTimeout) {

    /** Every property name with its default. */
    public static final class Keys {
        /** Base URL of the external registry; unset means the cluster is its own registry. */
        public static final String URL = "raftbus.schemas.external.url";
        /** Basic auth user name (the registry's API key); unset means no credentials. */
        public static final String KEY = "raftbus.schemas.external.key";
        /** Basic auth password (the registry's API secret). */
        public static final String SECRET = "raftbus.schemas.external.secret";
        /** Milliseconds a {@code latest(subject)} or {@code belongsTo} answer is cached. */
        public static final String LATEST_TTL_MS = "raftbus.schemas.external.latest-ttl-ms";
        /** Default: 10 s. */
        public static final int LATEST_TTL_MS_DEFAULT = 10_000;
        /** Milliseconds one HTTP request may take. */
        public static final String REQUEST_TIMEOUT_MS = "raftbus.schemas.external.request-timeout-ms";
        /** Default: 5 s. */
        public static final int REQUEST_TIMEOUT_MS_DEFAULT = 5_000;

        private Keys() {
        }
    }

    /**
     * HTTP Basic credentials.
     *
     * @param key the user name.
     * @param secret the password; never shown by {@link #toString()}.
     */
    public record Credentials(String key, String secret) {
        /** Checks the invariants. */
        public Credentials {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(secret, "secret");
            if (key.indexOf(':') >= 0) {
                throw new IllegalArgumentException("a Basic auth key may not contain ':'");
            }
        }

        @Override
        public String toString() {
            return "Credentials[key=" + key + ", secret=***]";
        }
    }

    /** Checks the invariants. */
    public ExternalRegistryConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(credentials, "credentials");
        String scheme = baseUrl.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException(Keys.URL + "=" + baseUrl + ": must be an http(s) URL with a host");
        }
        if (latestTtl.isNegative()) {
            throw new IllegalArgumentException(Keys.LATEST_TTL_MS + "=" + latestTtl.toMillis() + ": must not be negative");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException(Keys.REQUEST_TIMEOUT_MS + "=" + requestTimeout.toMillis()
                    + ": must be positive");
        }
    }

    /**
     * Returns the defaults for a registry.
     *
     * @param baseUrl the base URL.
     * @param credentials the credentials, or empty.
     * @return the config.
     */
    public static ExternalRegistryConfig of(URI baseUrl, Optional<Credentials> credentials) {
        return new ExternalRegistryConfig(baseUrl, credentials, Duration.ofMillis(Keys.LATEST_TTL_MS_DEFAULT),
                Duration.ofMillis(Keys.REQUEST_TIMEOUT_MS_DEFAULT));
    }

    /**
     * Parses the {@code raftbus.schemas.external.*} properties.
     *
     * @param p the properties.
     * @return the config, or empty if {@link Keys#URL} is not set.
     * @throws IllegalArgumentException naming the key and the bad value.
     */
    public static Optional<ExternalRegistryConfig> fromProperties(Properties p) {
        String url = p.getProperty(Keys.URL);
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Keys.URL + "=" + url + ": not a URL");
        }
        String key = p.getProperty(Keys.KEY);
        Optional<Credentials> creds = key == null || key.isBlank() ? Optional.empty()
                : Optional.of(new Credentials(key.trim(), p.getProperty(Keys.SECRET, "")));
        return Optional.of(new ExternalRegistryConfig(uri, creds,
                Duration.ofMillis(SettingValues.integer(p, Keys.LATEST_TTL_MS, Keys.LATEST_TTL_MS_DEFAULT)),
                Duration.ofMillis(SettingValues.integer(p, Keys.REQUEST_TIMEOUT_MS, Keys.REQUEST_TIMEOUT_MS_DEFAULT))));
    }

    /**
     * Returns a copy with another cache time for {@code latest}.
     *
     * @param ttl the time.
     * @return the copy.
     */
    public ExternalRegistryConfig withLatestTtl(Duration ttl) {
        return new ExternalRegistryConfig(baseUrl, credentials, ttl, requestTimeout);
    }
}
