package io.crmsync.rules;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a value is converted on its way to the target field (Adobe Campaign's conversion modes). */
public enum Conversion {
    /**
     * Type-aware and time-zone aware: text in a declared source format is parsed; a wall-clock time is read in the
     * source endpoint's time zone and written as the target stores it (an instant, or a wall-clock time in the
     * target endpoint's zone).
     */
    DEFAULT,
    /** As {@link #DEFAULT}, then only the date is kept: the time of day is dropped. */
    DATE_ONLY,
    /** The wall-clock date and time are kept as they read: no time-zone shift in either direction. */
    WITHOUT_OFFSET,
    /** Copy/paste: the value's text as read, with no parsing or conversion. */
    RAW;

    /** The name on the wire, e.g. {@code date_only}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Conversion> fromWireName(String name) {
        return Arrays.stream(values()).filter(c -> c.wireName().equals(name)).findFirst();
    }
}
