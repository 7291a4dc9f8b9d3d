package io.raftbus.ingest.httpapi;

import io.raftbus.ingest.AppConfig;
import io.raftbus.ingest.internal.Signatures;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks the signature of a Pusher HTTP API request, exactly:
 * <ol>
 *   <li>{@code auth_key} is the app's key;</li>
 *   <li>{@code auth_timestamp} (Unix seconds) is within the timestamp window of the server clock, so a captured
 *       request cannot be replayed later;</li>
 *   <li>{@code auth_version} is {@code 1.0};</li>
 *   <li>{@code body_md5} is the hex MD5 of the raw body bytes, required whenever a body is present;</li>
 *   <li>{@code auth_signature} is hex HMAC-SHA256(secret, {@code METHOD\npath\nquery}) where query is every
 *       parameter but {@code auth_signature}, keys lower-cased and sorted, values decoded, joined with
 *       {@code &}; compared in constant time.</li>
 * </ol>
 * A refusal names what was wrong; for a bad signature it shows the string that should have been signed, never
 * the expected HMAC. Stateless and thread-safe.
 */
final class RequestAuthenticator {
    private final Clock clock;
    private final Duration window;

    /**
     * Creates an authenticator.
     *
     * @param clock the server clock.
     * @param window how far {@code auth_timestamp} may be from it.
     */
    RequestAuthenticator(Clock clock, Duration window) {
        this.clock = clock;
        this.window = window;
    }

    /**
     * Checks a request.
     *
     * @param app the app addressed.
     * @param request the request.
     * @throws HttpApiException (401) naming what was wrong.
     */
    void authenticate(AppConfig app, ApiRequest request) {
        String key = request.param("auth_key");
        if (key == null) {
            throw HttpApiException.unauthorized("Missing auth_key");
        }
        if (!Signatures.constantTimeEquals(app.key(), key)) {
            throw HttpApiException.unauthorized("Unknown auth_key '" + key + "' for app '" + app.id() + "'");
        }
        checkTimestamp(request.param("auth_timestamp"));
        String version = request.param("auth_version");
        if (!"1.0".equals(version)) {
            throw HttpApiException.unauthorized("auth_version must be 1.0, got '" + version + "'");
        }
        String md5 = request.param("body_md5");
        if (request.body().length > 0 || md5 != null) {
            if (md5 == null) {
                throw HttpApiException.unauthorized("Missing body_md5: required when the request has a body");
            }
            String actual = Signatures.md5Hex(request.body());
            if (!Signatures.constantTimeEquals(actual, md5.toLowerCase(java.util.Locale.ROOT))) {
                throw HttpApiException.unauthorized("body_md5 '" + md5 + "' is not the MD5 of the body received ("
                        + actual + ")");
            }
        }
        String signature = request.param("auth_signature");
        if (signature == null) {
            throw HttpApiException.unauthorized("Missing auth_signature");
        }
        String toSign = stringToSign(request.method(), request.rawPath(), request.query());
        String given = signature.toLowerCase(java.util.Locale.ROOT);
        if (Signatures.constantTimeEquals(Signatures.hmacSha256Hex(app.secret(), toSign), given)) {
            return;
        }
        if (!request.rawPath().equals(request.path())) {
            String decoded = stringToSign(request.method(), request.path(), request.query());
            if (Signatures.constantTimeEquals(Signatures.hmacSha256Hex(app.secret(), decoded), given)) {
                return;
            }
        }
        throw HttpApiException.unauthorized("Invalid signature: you should have sent HmacSHA256Hex("
                + io.raftbus.ingest.internal.Json.quote(toSign) + ", your_secret_key), but you sent \""
                + signature + "\"");
    }

    private void checkTimestamp(String ts) {
        if (ts == null) {
            throw HttpApiException.unauthorized("Missing auth_timestamp");
        }
        long seconds;
        try {
            seconds = Long.parseLong(ts);
        } catch (NumberFormatException e) {
            throw HttpApiException.unauthorized("auth_timestamp '" + ts + "' is not Unix seconds");
        }
        long now = clock.millis() / 1000;
        if (Math.abs(now - seconds) >= window.toSeconds()) {
            throw HttpApiException.unauthorized("Timestamp expired: " + seconds + " is not within "
                    + window.toSeconds() + "s of server time " + now);
        }
    }

    /**
     * Returns the string a client signs.
     *
     * @param method the upper-case method.
     * @param path the request path.
     * @param query the decoded query parameters.
     * @return {@code METHOD\npath\ncanonical query}.
     */
    static String stringToSign(String method, String path, Map<String, String> query) {
        TreeMap<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, String> e : query.entrySet()) {
            String k = e.getKey().toLowerCase(java.util.Locale.ROOT);
            if (!k.equals("auth_signature")) {
                sorted.put(k, e.getValue());
            }
        }
        StringBuilder b = new StringBuilder(method).append('\n').append(path).append('\n');
        boolean first = true;
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            if (!first) {
                b.append('&');
            }
            first = false;
            b.append(e.getKey()).append('=').append(e.getValue());
        }
        return b.toString();
    }
}
