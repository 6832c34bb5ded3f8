package io.crmsync.rules;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

/** The text of a value, as lookups key it and text targets receive it. */
final class Values {

    private Values() {
    }

    static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Values::text).collect(Collectors.joining(","));
        }
        return value.toString();
    }

    /** A value quoted for a message: short, so a long text or a secret-looking value never floods a reject. */
    static String quoted(Object value) {
        String text = text(value);
        if (text == null) {
            return "null";
        }
        return "'" + (text.length() > 80 ? text.substring(0, 77) + "..." : text) + "'";
    }
}
