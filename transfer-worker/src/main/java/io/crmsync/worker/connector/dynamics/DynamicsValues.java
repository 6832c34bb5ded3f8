package io.crmsync.worker.connector.dynamics;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.crmsync.worker.connector.dynamics.DynamicsJson.DvColumn;

/** Converts between the Web API's JSON values and the worker's record values, by the column's attribute type. */
final class DynamicsValues {

    static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
            + "[0-9a-fA-F]{12}");
    private static final DateTimeFormatter UTC_SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private DynamicsValues() {
    }

    /** A row's value as a record value; unknown types stay text. */
    static Object read(DvColumn column, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return switch (column == null ? "" : column.type()) {
            case "DateTime" -> column.dateOnly() ? LocalDate.parse(node.asText().substring(0, 10))
                    : OffsetDateTime.parse(node.asText()).withOffsetSameInstant(ZoneOffset.UTC);
            case "Integer", "BigInt", "Picklist", "State", "Status" -> node.asLong();
            case "Money", "Decimal", "Double" -> node.isNumber() ? node.decimalValue() : new BigDecimal(node.asText());
            case "Boolean" -> node.asBoolean();
            case "Uniqueidentifier", "Lookup", "Owner", "Customer" -> node.asText().toLowerCase(Locale.ROOT);
            default -> node.isValueNode() ? node.asText() : node.toString();
        };
    }

    /** A value as position text, the form {@link ODataQuery#literal} reads back. */
    static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return value.toString();
    }

    /** The instant a cursor value stands for; a date is its midnight UTC. */
    static Instant instant(Object value) {
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        if (value instanceof LocalDate date) {
            return date.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return null;
    }

    static String utc(Instant instant) {
        return UTC_SECONDS.format(instant).replace("Z", "") + fraction(instant) + "Z";
    }

    private static String fraction(Instant instant) {
        int nanos = instant.getNano();
        return nanos == 0 ? "" : "." + String.format(Locale.ROOT, "%09d", nanos).replaceFirst("0+$", "");
    }

    /**
     * A row value as the JSON a write sends for the column: text constants are parsed for numeric, boolean and date
     * columns; date-times without an offset are meant in the endpoint's zone.
     *
     * @throws IllegalArgumentException when the value does not fit the column's type
     */
    static JsonNode json(DvColumn column, Object value, ZoneId zone) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value == null) {
            return f.nullNode();
        }
        String type = column.type();
        switch (type) {
            case "Integer", "BigInt", "Picklist", "State", "Status" -> {
                long number = value instanceof Long l ? l : new BigDecimal(text(value).trim()).longValueExact();
                return f.numberNode(number);
            }
            case "Money", "Decimal", "Double" -> {
                return f.numberNode(value instanceof BigDecimal d ? d : new BigDecimal(text(value).trim()));
            }
            case "Boolean" -> {
                if (value instanceof Boolean b) {
                    return f.booleanNode(b);
                }
                return switch (text(value).trim().toLowerCase(Locale.ROOT)) {
                    case "true" -> f.booleanNode(true);
                    case "false" -> f.booleanNode(false);
                    default -> throw new IllegalArgumentException("'" + value + "' is not a boolean");
                };
            }
            case "DateTime" -> {
                return f.textNode(dateTime(column, value, zone));
            }
            case "Uniqueidentifier" -> {
                if (!GUID.matcher(text(value)).matches()) {
                    throw new IllegalArgumentException("'" + value + "' is not a GUID");
                }
                return f.textNode(text(value));
            }
            default -> {
                if (value instanceof List<?> list) {
                    return f.textNode(list.stream().map(DynamicsValues::text).collect(Collectors.joining(",")));
                }
                if (value instanceof OffsetDateTime || value instanceof LocalDateTime || value instanceof LocalDate) {
                    return f.textNode(value.toString());
                }
                return f.textNode(text(value));
            }
        }
    }

    private static String dateTime(DvColumn column, Object value, ZoneId zone) {
        Instant instant;
        if (value instanceof OffsetDateTime t) {
            instant = t.toInstant();
        } else if (value instanceof LocalDateTime t) {
            instant = t.atZone(zone).toInstant();
        } else if (value instanceof LocalDate d) {
            if (column.dateOnly()) {
                return d.toString();
            }
            instant = d.atStartOfDay(zone).toInstant();
        } else {
            String s = text(value).trim();
            if (column.dateOnly() && s.length() == 10) {
                return LocalDate.parse(s).toString();
            }
            instant = OffsetDateTime.parse(s).toInstant();
        }
        return column.dateOnly() ? LocalDate.ofInstant(instant, zone).toString() : utc(instant);
    }
}
