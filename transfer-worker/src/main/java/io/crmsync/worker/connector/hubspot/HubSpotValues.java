package io.crmsync.worker.connector.hubspot;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.crmsync.worker.connector.hubspot.HubSpotJson.Property;

/**
 * HubSpot keeps every value as a string; this converts by the property's type. Date-times are ISO-8601 UTC (epoch
 * milliseconds are read too), dates {@code yyyy-MM-dd} or epoch milliseconds at midnight UTC, multi-selects
 * {@code a;b}; search filter values for dates and date-times are epoch milliseconds.
 */
final class HubSpotValues {

    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private HubSpotValues() {
    }

    /** A property value as a record value; unknown types stay text. */
    static Object read(Property property, String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        return switch (property == null ? "" : property.type()) {
            case "datetime" -> instant(text).atOffset(ZoneOffset.UTC);
            case "date" -> text.matches("-?\\d+") ? LocalDate.ofInstant(instant(text), ZoneOffset.UTC)
                    : LocalDate.parse(text.substring(0, Math.min(10, text.length())));
            case "number" -> new BigDecimal(text.trim());
            case "bool" -> Boolean.parseBoolean(text.trim());
            default -> text;
        };
    }

    /** Epoch milliseconds, ISO-8601 with an offset, or a date (its midnight UTC, as HubSpot stores dates). */
    static Instant instant(String text) {
        String t = text.trim();
        if (t.matches("\\d{4}-\\d{2}-\\d{2}")) {
            return java.time.LocalDate.parse(t).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        }
        return t.matches("-?\\d+") ? Instant.ofEpochMilli(Long.parseLong(t)) : OffsetDateTime.parse(t).toInstant();
    }

    /** A record value as the string HubSpot stores; null clears the property, which HubSpot writes as "". */
    static String write(Object value, Property property, ZoneId zone) {
        boolean date = property != null && property.type().equals("date");
        if (value == null) {
            return "";
        } else if (value instanceof OffsetDateTime t) {
            return date ? t.toLocalDate().toString() : ISO_MILLIS.format(t.toInstant());
        } else if (value instanceof LocalDateTime t) {
            return date ? t.toLocalDate().toString() : ISO_MILLIS.format(t.atZone(zone).toInstant());
        } else if (value instanceof LocalDate d) {
            return date ? d.toString() : ISO_MILLIS.format(d.atStartOfDay(ZoneOffset.UTC).toInstant());
        } else if (value instanceof BigDecimal d) {
            return d.toPlainString();
        } else if (value instanceof Double d) {
            return BigDecimal.valueOf(d).toPlainString();
        } else if (value instanceof List<?> list) {
            return list.stream().map(v -> v == null ? "" : v.toString()).collect(Collectors.joining(";"));
        }
        return value.toString();
    }

    /**
     * Filter text as a search value of the property's type.
     *
     * @throws IllegalArgumentException when the text is no value of that type
     */
    static String filterValue(Property property, String text, ZoneId zone) {
        try {
            return switch (property.type()) {
                case "datetime", "date" -> Long.toString(filterInstant(text.trim(), zone).toEpochMilli());
                case "number" -> new BigDecimal(text.trim()).toPlainString();
                case "bool" -> switch (text.trim().toLowerCase(Locale.ROOT)) {
                    case "true", "false" -> text.trim().toLowerCase(Locale.ROOT);
                    default -> throw new IllegalArgumentException("not a boolean");
                };
                default -> text;
            };
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** An instant from filter text: with an offset, a local date-time in the portal's zone, or a date at UTC midnight. */
    private static Instant filterInstant(String t, ZoneId zone) {
        if (t.matches("\\d{4}-\\d{2}-\\d{2}")) {
            return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        try {
            return instant(t);
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(t).atZone(zone).toInstant();
        }
    }
}
