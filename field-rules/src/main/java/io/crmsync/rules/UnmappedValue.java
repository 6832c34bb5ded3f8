package io.crmsync.rules;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What happens to a value a reference lookup has no row for. */
public enum UnmappedValue {
    /** The record is rejected with a message naming the value and the lookup. */
    REJECT,
    /** The source value is written unchanged. */
    PASS_THROUGH,
    /** The rule's default value is written. */
    DEFAULT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<UnmappedValue> fromWireName(String name) {
        return Arrays.stream(values()).filter(c -> c.wireName().equals(name)).findFirst();
    }
}
