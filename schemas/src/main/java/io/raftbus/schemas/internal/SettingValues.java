package io.raftbus.schemas.internal;

import java.util.Locale;
import java.util.Properties;

/**
 * Reads {@code raftbus.schemas.*} settings from properties for the module's config records, naming the key and
 * the bad value when one does not parse. Not public API.
 */
public final class SettingValues {
    private SettingValues() {
    }

    /**
     * Reads a whole number.
     *
     * @param p the properties.
     * @param key the key.
     * @param dflt the value when the key is absent.
     * @return the value.
     * @throws IllegalArgumentException {@code key=value: not an integer}.
     */
    public static int integer(Properties p, String key, int dflt) {
        String v = p.getProperty(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + v + ": not an integer");
        }
    }

    /**
     * Reads a flag: {@code true}/{@code yes} or {@code false}/{@code no}, in any case.
     *
     * @param p the properties.
     * @param key the key.
     * @param dflt the value when the key is absent.
     * @return the value.
     * @throws IllegalArgumentException {@code key=value: must be true or false}.
     */
    public static boolean bool(Properties p, String key, boolean dflt) {
        String v = p.getProperty(key);
        if (v == null) {
            return dflt;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes" -> true;
            case "false", "no" -> false;
            default -> throw new IllegalArgumentException(key + "=" + v + ": must be true or false");
        };
    }
}
