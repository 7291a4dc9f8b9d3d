package io.raftbus.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The apps a node serves, looked up by id or key. Immutable; loaded once at start-up.
 *
 * <p>The apps file is JSON:
 * <pre>
 * {"apps": [{"id": "app-id", "key": "app-key", "secret": "app-secret",
 *            "enabled": true, "client_events": true, "subscription_count": false,
 *            "limits": {"max_event_bytes": 10240, "max_connections": 1000, ...},
 *            "webhooks": [{"url": "http://127.0.0.1:3000/hook", "event_types": ["member_added"]}]}]}
 * </pre>
 * Limit names are the snake_case of {@link AppConfig.Limits}' components; missing ones take Pusher's values.
 */
public final class Apps {
    private static final Set<String> APP_FIELDS = Set.of("id", "key", "secret", "enabled", "client_events",
            "subscription_count", "limits", "webhooks");
    private final Map<String, AppConfig> byId = new HashMap<>();
    private final Map<String, AppConfig> byKey = new HashMap<>();
    private final List<AppConfig> all;

    /**
     * Creates the registry.
     *
     * @param apps the apps; ids and keys must be unique.
     * @throws IllegalArgumentException naming a duplicate id or key.
     */
    public Apps(List<AppConfig> apps) {
        for (AppConfig app : apps) {
            if (byId.putIfAbsent(app.id(), app) != null) {
                throw new IllegalArgumentException("duplicate app id '" + app.id() + "'");
            }
            if (byKey.putIfAbsent(app.key(), app) != null) {
                throw new IllegalArgumentException("duplicate app key '" + app.key() + "'");
            }
        }
        this.all = List.copyOf(apps);
    }

    /**
     * Returns the app with an id.
     *
     * @param id the app id.
     * @return the app, or null if unknown.
     */
    public AppConfig byId(String id) {
        return byId.get(id);
    }

    /**
     * Returns the app with a key.
     *
     * @param key the app key.
     * @return the app, or null if unknown.
     */
    public AppConfig byKey(String key) {
        return byKey.get(key);
    }

    /**
     * Returns every app.
     *
     * @return the apps, in file order.
     */
    public List<AppConfig> all() {
        return all;
    }

    /**
     * Reads an apps file.
     *
     * @param file the JSON file.
     * @return the apps.
     * @throws IOException if it cannot be read.
     * @throws IllegalArgumentException naming the file, the field and the bad value.
     */
    public static Apps load(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not JSON: " + e.getOriginalMessage());
        }
        JsonNode apps = root == null ? null : root.get("apps");
        if (apps == null || !apps.isArray() || apps.isEmpty()) {
            throw new IllegalArgumentException(file + ": needs a non-empty array \"apps\"");
        }
        List<AppConfig> list = new ArrayList<>();
        for (int i = 0; i < apps.size(); i++) {
            list.add(parseApp(file + ": apps[" + i + "]", apps.get(i)));
        }
        return new Apps(list);
    }

    private static AppConfig parseApp(String where, JsonNode app) {
        for (Iterator<String> it = app.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!APP_FIELDS.contains(f)) {
                throw new IllegalArgumentException(where + ": unknown field '" + f + "'");
            }
        }
        String id = text(where, app, "id");
        if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException(where + ".id: '" + id + "' must be 1-64 of A-Z a-z 0-9 _ -");
        }
        AppConfig.Limits d = AppConfig.Limits.PUSHER;
        JsonNode l = app.path("limits");
        AppConfig.Limits limits = new AppConfig.Limits(
                limit(where, l, "max_event_bytes", d.maxEventBytes()),
                limit(where, l, "max_event_name_length", d.maxEventNameLength()),
                limit(where, l, "max_channel_name_length", d.maxChannelNameLength()),
                limit(where, l, "max_channels_per_event", d.maxChannelsPerEvent()),
                limit(where, l, "max_batch_events", d.maxBatchEvents()),
                limit(where, l, "max_connections", d.maxConnections()),
                limit(where, l, "max_presence_members", d.maxPresenceMembers()),
                limit(where, l, "max_presence_user_info_bytes", d.maxPresenceUserInfoBytes()),
                limit(where, l, "max_presence_user_id_length", d.maxPresenceUserIdLength()),
                limit(where, l, "max_client_events_per_second", d.maxClientEventsPerSecond()));
        List<AppConfig.Webhook> hooks = new ArrayList<>();
        for (JsonNode h : app.path("webhooks")) {
            List<String> types = new ArrayList<>();
            h.path("event_types").forEach(t -> types.add(t.asText()));
            hooks.add(new AppConfig.Webhook(text(where + ".webhooks", h, "url"), types));
        }
        return new AppConfig(id, text(where, app, "key"), text(where, app, "secret"),
                app.path("enabled").asBoolean(true), app.path("client_events").asBoolean(true),
                app.path("subscription_count").asBoolean(false), limits, hooks);
    }

    private static String text(String where, JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new IllegalArgumentException(where + "." + field + ": required, a non-empty string");
        }
        return v.asText();
    }

    private static int limit(String where, JsonNode limits, String field, int dflt) {
        JsonNode v = limits.get(field);
        if (v == null) {
            return dflt;
        }
        if (!v.canConvertToInt() || (v.asInt() < 1 && !(field.equals("max_connections") && v.asInt() == -1))) {
            throw new IllegalArgumentException(where + ".limits." + field + ": '" + v + "' must be a positive int");
        }
        return v.asInt();
    }
}
