package io.raftbus.ingest.httpapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.raftbus.ingest.AppConfig;
import io.raftbus.ingest.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The input rules of the HTTP API: JSON bodies, field types, names, sizes and {@code info} attributes, checked
 * against the app's {@link AppConfig.Limits}. Every refusal is an {@link HttpApiException} naming the field.
 */
final class EventRules {
    /** The prefix of the channels {@code sendToUser} publishes to; the only {@code #} channels apps may use. */
    static final String SERVER_TO_USER = "#server-to-user-";
    private static final Pattern SOCKET_ID = Pattern.compile("\\d{1,19}\\.\\d{1,19}");
    private static final Pattern CHANNEL_CHARS = Pattern.compile("[A-Za-z0-9_\\-=@,.;]+");

    private EventRules() {
    }

    /**
     * Parses a JSON object body.
     *
     * @param body the raw bytes.
     * @return the object.
     * @throws HttpApiException (400) if it is not one JSON object.
     */
    static ObjectNode object(byte[] body) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw HttpApiException.badRequest("body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw HttpApiException.badRequest("body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw HttpApiException.badRequest("body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /**
     * Returns a required string field.
     *
     * @param node the object.
     * @param field the field.
     * @param where a prefix for messages, such as {@code batch[2].}.
     * @return the value.
     * @throws HttpApiException (400) if missing or not a string.
     */
    static String requiredString(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw HttpApiException.badRequest(where + field + " is required");
        }
        if (!v.isTextual()) {
            throw HttpApiException.badRequest(where + field + " must be a string, got " + v.getNodeType()
                    .name().toLowerCase(java.util.Locale.ROOT));
        }
        return v.asText();
    }

    /**
     * Returns an optional string field.
     *
     * @param node the object.
     * @param field the field.
     * @param where a prefix for messages.
     * @return the value, or null if absent or JSON null.
     * @throws HttpApiException (400) if present but not a string.
     */
    static String optionalString(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        return requiredString(node, field, where);
    }

    /**
     * Checks an event name.
     *
     * @param name the name.
     * @param limits the app's limits.
     * @param where a prefix for messages.
     * @return the name.
     */
    static String eventName(String name, AppConfig.Limits limits, String where) {
        if (name.isEmpty() || name.length() > limits.maxEventNameLength()) {
            throw HttpApiException.badRequest(where + "name must have 1 to " + limits.maxEventNameLength()
                    + " characters, got " + name.length());
        }
        if (name.startsWith("pusher:") || name.startsWith("pusher_internal:")) {
            throw HttpApiException.badRequest(where + "name '" + name + "' uses a reserved prefix (pusher:, "
                    + "pusher_internal:)");
        }
        return name;
    }

    /**
     * Checks event data and returns its bytes.
     *
     * @param data the data string.
     * @param limits the app's limits.
     * @param where a prefix for messages.
     * @return the UTF-8 bytes.
     * @throws HttpApiException (413) if larger than the limit.
     */
    static byte[] data(String data, AppConfig.Limits limits, String where) {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > limits.maxEventBytes()) {
            throw new HttpApiException(HttpApiError.TOO_LARGE, where + "data is " + bytes.length
                    + " bytes; the limit is " + limits.maxEventBytes());
        }
        return bytes;
    }

    /**
     * Checks an optional socket id.
     *
     * @param socketId the id, or null.
     * @param where a prefix for messages.
     * @return the id, or null.
     */
    static String socketId(String socketId, String where) {
        if (socketId != null && !SOCKET_ID.matcher(socketId).matches()) {
            throw HttpApiException.badRequest(where + "socket_id '" + abbreviate(socketId)
                    + "' must look like 123.456");
        }
        return socketId;
    }

    /**
     * Checks a channel name an app may publish to: Pusher's characters and length, or
     * {@code #server-to-user-<user id>}.
     *
     * @param channel the name.
     * @param limits the app's limits.
     * @param where a prefix for messages.
     * @return the name.
     */
    static String publishableChannel(String channel, AppConfig.Limits limits, String where) {
        if (channel.startsWith(SERVER_TO_USER) && channel.length() > SERVER_TO_USER.length()) {
            checkChars(channel.substring(SERVER_TO_USER.length()), channel, limits, where);
            return channel;
        }
        if (channel.startsWith("#")) {
            throw HttpApiException.badRequest(where + "channel '" + abbreviate(channel)
                    + "' is reserved: channels starting with # are system channels (except " + SERVER_TO_USER
                    + "<user id>)");
        }
        checkChars(channel, channel, limits, where);
        return channel;
    }

    /**
     * Checks a channel name in a query path.
     *
     * @param channel the name.
     * @param limits the app's limits.
     * @return the name.
     */
    static String queryableChannel(String channel, AppConfig.Limits limits) {
        return publishableChannel(channel, limits, "");
    }

    private static void checkChars(String part, String channel, AppConfig.Limits limits, String where) {
        if (channel.length() > limits.maxChannelNameLength()) {
            throw HttpApiException.badRequest(where + "channel '" + abbreviate(channel) + "' is longer than "
                    + limits.maxChannelNameLength() + " characters");
        }
        if (!CHANNEL_CHARS.matcher(part).matches()) {
            throw HttpApiException.badRequest(where + "channel '" + abbreviate(channel)
                    + "' is not a valid name: use 1 or more of A-Z a-z 0-9 _ - = @ , . ;");
        }
    }

    /**
     * Reads the channels of an event: {@code channels} (array) or {@code channel} (string), exactly one.
     *
     * @param node the event object.
     * @param limits the app's limits.
     * @param where a prefix for messages.
     * @return the distinct channels, in the order given.
     */
    static List<String> channels(JsonNode node, AppConfig.Limits limits, String where) {
        JsonNode many = node.get("channels");
        JsonNode one = node.get("channel");
        List<String> names = new ArrayList<>();
        if (many != null && !many.isNull() && one != null && !one.isNull()) {
            throw HttpApiException.badRequest(where + "give either channels or channel, not both");
        }
        if (many != null && !many.isNull()) {
            if (!many.isArray()) {
                throw HttpApiException.badRequest(where + "channels must be an array of strings");
            }
            if (many.isEmpty() || many.size() > limits.maxChannelsPerEvent()) {
                throw HttpApiException.badRequest(where + "channels must name 1 to " + limits.maxChannelsPerEvent()
                        + " channels, got " + many.size());
            }
            for (JsonNode c : many) {
                if (!c.isTextual()) {
                    throw HttpApiException.badRequest(where + "channels must be an array of strings");
                }
                names.add(c.asText());
            }
        } else {
            names.add(requiredString(node, "channel", where));
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (String c : names) {
            distinct.add(publishableChannel(c, limits, where));
        }
        if (distinct.size() > 1 && distinct.stream().anyMatch(c -> c.startsWith("private-encrypted-"))) {
            throw HttpApiException.badRequest(where + "an event for a private-encrypted- channel must name only "
                    + "that channel");
        }
        return List.copyOf(distinct);
    }

    /**
     * Parses an {@code info} attribute list.
     *
     * @param info the comma-separated list, or null.
     * @param app the app (subscription counting must be on for {@code subscription_count}).
     * @param allPresence whether every channel concerned is a presence channel ({@code user_count} needs it).
     * @param where a prefix for messages.
     * @return the attributes asked, a subset of {@code user_count, subscription_count}.
     */
    static Set<String> info(String info, AppConfig app, boolean allPresence, String where) {
        Set<String> attrs = new LinkedHashSet<>();
        if (info == null || info.isEmpty()) {
            return attrs;
        }
        for (String a : info.split(",", -1)) {
            String attr = a.trim();
            switch (attr) {
                case "user_count" -> {
                    if (!allPresence) {
                        throw HttpApiException.badRequest(where + "info=user_count is only allowed for presence- "
                                + "channels");
                    }
                }
                case "subscription_count" -> {
                    if (!app.subscriptionCount()) {
                        throw HttpApiException.badRequest(where + "info=subscription_count needs subscription "
                                + "counting, which is off for app '" + app.id() + "'");
                    }
                }
                default -> throw HttpApiException.badRequest(where + "info attribute '" + abbreviate(attr)
                        + "' is unknown; use user_count or subscription_count");
            }
            attrs.add(attr);
        }
        return attrs;
    }

    static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
