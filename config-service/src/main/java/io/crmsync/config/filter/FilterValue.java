package io.crmsync.config.filter;

import java.math.BigDecimal;

/** A literal of a filter, typed as written; connectors convert it to the field's own type. */
public sealed interface FilterValue {

    /** A quoted string with its escapes resolved. */
    record Text(String value) implements FilterValue {
    }

    /** An integer that fits in 64 bits. */
    record Integer(long value) implements FilterValue {
    }

    /** A decimal number, or an integer too large for 64 bits. */
    record Decimal(BigDecimal value) implements FilterValue {
    }

    /** {@code true} or {@code false}. */
    record Bool(boolean value) implements FilterValue {
    }
}
