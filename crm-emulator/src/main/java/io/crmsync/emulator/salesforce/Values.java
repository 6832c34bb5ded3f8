package io.crmsync.emulator.salesforce;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** Conversion between wire values and the typed values the store keeps (Instant, LocalDate, BigDecimal...). */
final class Values {
    /** Salesforce writes UTC with millis and a colon-less offset: {@code 2024-01-01T00:00:00.000+0000}. */
    static final DateTimeFormatter WIRE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter LENIENT = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME).optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd().toFormatter(Locale.ROOT);

    private Values() {
    }

    static String format(Instant t) {
        return WIRE.format(t);
    }

    /** Parses the datetime spellings clients send (Z, +00:00, +0000, with or without millis). */
    static Instant parseDateTime(String s) {
        return OffsetDateTime.parse(s.trim().replace(' ', '+'), LENIENT).toInstant();
    }

    /** Salesforce keeps record timestamps to the second; connectors that page by SystemModstamp see ties. */
    static Instant stamp(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS);
    }

    /** The JSON-ready form of a stored value. */
    static Object render(Object v) {
        if (v instanceof Instant t) {
            return format(t);
        }
        if (v instanceof LocalDate d) {
            return d.toString();
        }
        return v;
    }

    /** A JSON value converted for a field, or IllegalArgumentException when its type does not fit. */
    static Object coerce(FieldDef f, Object json) {
        if (json == null) {
            return null;
        }
        if (f.isText()) {
            if (json instanceof String || json instanceof Number || json instanceof Boolean) {
                return json.toString();
            }
        } else if (f.type().equals("boolean")) {
            if (json instanceof Boolean b) {
                return b;
            }
        } else if (f.isNumber()) {
            if (json instanceof Number n) {
                return f.type().equals("int") ? new BigDecimal(n.toString()).intValueExact()
                        : new BigDecimal(n.toString());
            }
            if (json instanceof String s) {
                return f.type().equals("int") ? Integer.parseInt(s.trim()) : new BigDecimal(s.trim());
            }
        } else if (f.type().equals("datetime") && json instanceof String s) {
            return stamp(parseDateTime(s));
        } else if (f.type().equals("date") && json instanceof String s) {
            return LocalDate.parse(s.trim());
        }
        throw new IllegalArgumentException(String.valueOf(json));
    }
}
