package io.crmsync.config.mapping;

import java.util.Locale;

/**
 * Coarse families of field types across endpoints, enough to catch mappings that cannot work (a timestamp
 * into a boolean) without refusing ones a conversion handles (anything into text).
 */
enum TypeFamily {
    TEXT, NUMBER, BOOLEAN, DATE, DATETIME, OTHER;

    static TypeFamily of(String endpointType) {
        String t = endpointType.toLowerCase(Locale.ROOT);
        if (t.startsWith("timestamp") || t.equals("datetime") || t.startsWith("time")) {
            return DATETIME;
        }
        if (t.equals("date")) {
            return DATE;
        }
        if (t.startsWith("bool")) {
            return BOOLEAN;
        }
        if (t.startsWith("int") || t.startsWith("float") || t.startsWith("numeric") || t.startsWith("decimal")
                || t.equals("double") || t.equals("currency") || t.equals("percent") || t.equals("money")
                || t.equals("number") || t.equals("real") || t.equals("bigint") || t.equals("smallint")) {
            return NUMBER;
        }
        if (t.contains("char") || t.equals("text") || t.equals("string") || t.equals("picklist")
                || t.equals("email") || t.equals("phone") || t.equals("url") || t.equals("textarea")
                || t.equals("citext") || t.equals("name")) {
            return TEXT;
        }
        return OTHER;
    }

    /** Whether a value of this family can be written into {@code target} without a declared conversion. */
    boolean fitsInto(TypeFamily target) {
        return this == target || target == TEXT || this == OTHER || target == OTHER
                || (this == DATE && target == DATETIME) || (this == DATETIME && target == DATE);
    }
}
