package io.raftbus.ingest.it;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs Pusher HTTP API requests the way the server SDKs do (PUSHER-PROTOCOL.md 3.2), written here independently
 * of the edge's code, with the timestamp passed in so tests can send stale ones; and signs channel
 * subscriptions (2.1, 2.2) for raw WebSocket tests.
 */
final class SignedRequests {
    private SignedRequests() {
    }

    /**
     * Builds a signed request.
     *
     * @param baseUrl e.g. {@code http://127.0.0.1:6001}.
     * @param method {@code GET} or {@code POST}.
     * @param path e.g. {@code /apps/app-id/events}.
     * @param params other query parameters (signed too).
     * @param body the JSON body, or null for none.
     * @param key the app key.
     * @param secret the secret to sign with.
     * @param timestampSeconds the {@code auth_timestamp}.
     * @return a builder with URI, method and body set; add headers and build.
     */
    static HttpRequest.Builder request(String baseUrl, String method, String path, Map<String, String> params,
                                       String body, String key, String secret, long timestampSeconds) {
        Map<String, String> q = new TreeMap<>();
        params.forEach((k, v) -> q.put(k.toLowerCase(java.util.Locale.ROOT), v));
        q.put("auth_key", key);
        q.put("auth_timestamp", Long.toString(timestampSeconds));
        q.put("auth_version", "1.0");
        if (body != null && !body.isEmpty()) {
            q.put("body_md5", md5(body));
        }
        StringBuilder canonical = new StringBuilder();
        StringBuilder encoded = new StringBuilder();
        q.forEach((k, v) -> {
            canonical.append(canonical.length() == 0 ? "" : "&").append(k).append('=').append(v);
            encoded.append(encoded.length() == 0 ? "" : "&").append(k).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        String signature = hmac(secret, method + "\n" + path + "\n" + canonical);
        URI uri = URI.create(baseUrl + path + "?" + encoded + "&auth_signature=" + signature);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        if (body == null) {
            return b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return b.header("Content-Type", "application/json").method(method,
                HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }

    /**
     * Returns the {@code auth} field of a subscription: {@code key:hex(HMAC(secret, socketId:channel[:data]))}.
     *
     * @param key the app key.
     * @param secret the secret.
     * @param socketId the connection's socket id.
     * @param channel the channel.
     * @param channelData the presence {@code channel_data} string, or null.
     * @return the auth value.
     */
    static String channelAuth(String key, String secret, String socketId, String channel, String channelData) {
        String toSign = socketId + ":" + channel + (channelData == null ? "" : ":" + channelData);
        return key + ":" + hmac(secret, toSign);
    }

    /**
     * Returns lower-case hex HMAC-SHA256.
     *
     * @param secret the key.
     * @param text what is signed.
     * @return the hex digest.
     */
    static String hmac(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String md5(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
