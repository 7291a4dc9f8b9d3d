package io.raftbus.ingest.internal;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 and MD5 as Pusher uses them: lowercase hex, compared in constant time. */
public final class Signatures {
    private Signatures() {
    }

    /**
     * Returns lowercase hex HMAC-SHA256 of a UTF-8 string.
     *
     * @param secret the app secret.
     * @param message the string to sign.
     * @return 64 hex digits.
     */
    public static String hmacSha256Hex(String secret, String message) {
        return hmacSha256Hex(secret, message.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Returns lowercase hex HMAC-SHA256 of bytes.
     *
     * @param secret the app secret.
     * @param message the bytes to sign.
     * @return 64 hex digits.
     */
    public static String hmacSha256Hex(String secret, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /**
     * Returns lowercase hex MD5 of bytes.
     *
     * @param body the bytes.
     * @return 32 hex digits.
     */
    public static String md5Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 unavailable", e);
        }
    }

    /**
     * Compares two strings in time independent of where they differ.
     *
     * @param expected the computed value.
     * @param given the value received, may be null.
     * @return true if equal.
     */
    public static boolean constantTimeEquals(String expected, String given) {
        if (given == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }
}
