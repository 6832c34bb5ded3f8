package io.crmsync.config.api;

import java.util.Locale;

/**
 * The text of proto enums in REST JSON: lower case without the prefix for kinds and modes ({@code incremental}),
 * upper case without the prefix for states ({@code SUCCEEDED}); null for the unspecified value.
 */
public final class WireNames {

    private WireNames() {
    }

    public static String lower(Enum<?> value, String prefix) {
        String upper = upper(value, prefix);
        return upper == null ? null : upper.toLowerCase(Locale.ROOT);
    }

    public static String upper(Enum<?> value, String prefix) {
        String name = value.name();
        if (name.equals("UNRECOGNIZED") || name.endsWith("_UNSPECIFIED")) {
            return null;
        }
        return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
    }
}
