package io.raftbus.schemas.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Checks the HTTP Basic credentials of a registry request: an app's key as the user name and its secret as the
 * password. Writes always need them; reads only when {@link RegistryServerConfig#readAuth()} is set.
 *
 * <p>Implementations must be thread-safe and must not block (they run on a Netty event loop), and should compare
 * secrets in constant time; {@link #secrets} does.
 */
@FunctionalInterface
public interface RegistryAuth {
    /** Refuses every credential: writes are impossible (a read-only registry edge). */
    RegistryAuth DENY_ALL = (key, secret) -> false;

    /**
     * Checks credentials.
     *
     * @param key the user name sent, never null.
     * @param secret the password sent, never null.
     * @return true if the key is known and the secret is its own; false refuses the request with 401/40101.
     */
    boolean check(String key, String secret);

    /**
     * Returns an auth that looks the key's secret up and compares it in constant time.
     *
     * @param secretOfKey returns the secret of a key, or null if the key is unknown; called on an event loop.
     * @return the auth.
     */
    static RegistryAuth secrets(Function<String, String> secretOfKey) {
        Objects.requireNonNull(secretOfKey, "secretOfKey");
        return (key, secret) -> {
            String expected = secretOfKey.apply(key);
            return expected != null && constantTimeEquals(expected, secret);
        };
    }

    /**
     * Returns an auth over a fixed key-to-secret map.
     *
     * @param secretsByKey the secrets by key; copied.
     * @return the auth.
     */
    static RegistryAuth of(Map<String, String> secretsByKey) {
        Map<String, String> copy = Map.copyOf(secretsByKey);
        return secrets(copy::get);
    }

    /**
     * Compares two strings in time independent of where they differ.
     *
     * @param expected the known value.
     * @param given the value received, may be null.
     * @return true if equal.
     */
    static boolean constantTimeEquals(String expected, String given) {
        if (given == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
