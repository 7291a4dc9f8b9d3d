package io.raftbus.ingest.pusher;

import com.fasterxml.jackson.databind.JsonNode;
import io.raftbus.ingest.AppConfig;
import io.raftbus.ingest.internal.Json;
import io.raftbus.ingest.internal.Signatures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Checks Pusher signatures and channel names. Strings signed (PUSHER-PROTOCOL.md §2):
 * <pre>
 *   private, encrypted     socket_id ":" channel
 *   presence               socket_id ":" channel ":" channel_data     (the exact string received)
 *   sign-in                socket_id "::user::" user_data
 * </pre>
 * {@code auth} is {@code key ":" lowercase-hex HMAC-SHA256(secret, string)}. A failure names the string that should
 * have been signed, never the expected signature.
 */
public final class ChannelAuthorizer {
    private ChannelAuthorizer() {
    }

    /**
     * A presence member decoded from {@code channel_data} or sign-in {@code user_data}.
     *
     * @param userId the user id, as a string.
     * @param userInfo the {@code user_info} JSON, or null.
     */
    public record Member(String userId, String userInfo) {
    }

    /**
     * Verifies an {@code auth} value.
     *
     * @param app the app.
     * @param toSign the string that must have been signed.
     * @param auth the {@code auth} received, may be null.
     * @param channel the channel for the error, or null.
     * @param error the error raised on mismatch.
     * @throws PusherProtocolException if the key or the signature does not match.
     */
    public static void verify(AppConfig app, String toSign, String auth, String channel, PusherError error) {
        String expected = app.key() + ":" + Signatures.hmacSha256Hex(app.secret(), toSign);
        if (!Signatures.constantTimeEquals(expected, auth)) {
            throw new PusherProtocolException(error, "Invalid signature: Expected HMAC SHA256 hex digest of "
                    + toSign + ", but got " + (auth == null ? "nothing" : abbreviate(auth)), channel);
        }
    }

    /**
     * Returns whether a name may be subscribed: 1 to max characters of {@code [A-Za-z0-9_\-=@,.;]}, or a
     * {@code #server-to-user-} channel.
     *
     * @param name the channel name.
     * @param maxLength the app's limit.
     * @return true if valid.
     */
    public static boolean validChannel(String name, int maxLength) {
        if (name == null || name.isEmpty() || name.length() > maxLength) {
            return false;
        }
        int start = name.startsWith("#server-to-user-") ? "#server-to-user-".length() : 0;
        if (start > 0 && start == name.length()) {
            return false;
        }
        for (int i = start; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "_-=@,.;".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Decodes a presence {@code channel_data} or sign-in {@code user_data} and checks the app's limits.
     *
     * @param app the app.
     * @param json the JSON text.
     * @param idField {@code user_id} for channel data, {@code id} for user data.
     * @param channel the channel for errors, or null.
     * @return the member.
     * @throws PusherProtocolException if malformed or over the limits.
     */
    public static Member member(AppConfig app, String json, String idField, String channel) {
        JsonNode root;
        try {
            root = json == null ? null : Json.MAPPER.readTree(json);
        } catch (IOException e) {
            root = null;
        }
        JsonNode id = root == null ? null : root.get(idField);
        if (id == null || !(id.isTextual() || id.isIntegralNumber()) || id.asText().isEmpty()) {
            throw new PusherProtocolException(PusherError.INVALID_MESSAGE,
                    "Invalid " + idField + " in presence data", channel);
        }
        String userId = id.asText();
        if (userId.length() > app.limits().maxPresenceUserIdLength()) {
            throw new PusherProtocolException(PusherError.PRESENCE_LIMIT, "Presence user id is longer than "
                    + app.limits().maxPresenceUserIdLength() + " characters", channel);
        }
        JsonNode info = root.get("user_info");
        String infoJson = info == null || info.isNull() ? null : info.toString();
        if (infoJson != null
                && infoJson.getBytes(StandardCharsets.UTF_8).length > app.limits().maxPresenceUserInfoBytes()) {
            throw new PusherProtocolException(PusherError.PRESENCE_LIMIT, "Presence user info is larger than "
                    + app.limits().maxPresenceUserInfoBytes() + " bytes", channel);
        }
        return new Member(userId, infoJson);
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
