package io.crmsync.emulator.dataverse;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Locale;
import java.util.regex.Pattern;

/** Converts column values between the store (String, Long, BigDecimal, Boolean, Instant) and JSON. */
final class DvValues {

    static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
            + "[0-9a-fA-F]{12}");

    private DvValues() {
    }

    /** A value as the Web API writes it: date-times in UTC without fractions. */
    static Object render(Object value) {
        if (value instanceof Instant i) {
            return i.truncatedTo(ChronoUnit.SECONDS).toString();
        }
        return value;
    }

    /**
     * A JSON body value for the column.
     *
     * @throws DvException 400 when the JSON kind does not fit the column's type
     */
    static Object fromJson(Column c, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return switch (c.type()) {
                case STRING -> {
                    if (!node.isTextual()) {
                        throw convert(node, c);
                    }
                    yield node.asText();
                }
                case GUID -> {
                    if (!node.isTextual() || !GUID.matcher(node.asText()).matches()) {
                        throw convert(node, c);
                    }
                    yield node.asText().toLowerCase(Locale.ROOT);
                }
                case INTEGER, BIGINT -> {
                    if (!node.isIntegralNumber()) {
                        throw convert(node, c);
                    }
                    long v = node.asLong();
                    if (c.type() == Column.Type.INTEGER && (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE)) {
                        throw convert(node, c);
                    }
                    yield v;
                }
                case MONEY -> {
                    if (!node.isNumber()) {
                        throw convert(node, c);
                    }
                    yield node.decimalValue().setScale(Math.max(2, node.decimalValue().scale()),
                            java.math.RoundingMode.UNNECESSARY);
                }
                case BOOLEAN -> {
                    if (!node.isBoolean()) {
                        throw convert(node, c);
                    }
                    yield node.asBoolean();
                }
                case DATETIME -> {
                    if (!node.isTextual()) {
                        throw convert(node, c);
                    }
                    yield instant(node.asText()).truncatedTo(ChronoUnit.SECONDS);
                }
            };
        } catch (DateTimeParseException | ArithmeticException e) {
            throw convert(node, c);
        }
    }

    private static DvException convert(JsonNode node, Column c) {
        return DvException.badRequest("Cannot convert the literal '" + (node.isTextual() ? node.asText()
                : node.toString()) + "' to the expected type '" + c.type().edm + "'.");
    }

    /** ISO date-time with offset, or a bare date meaning its UTC midnight. */
    static Instant instant(String text) {
        if (text.length() == 10) {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return OffsetDateTime.parse(text).toInstant();
    }

    /** The order SQL Server sorts a column in: text without case, GUIDs by their last group first. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compare(Column c, Object a, Object b) {
        if (c.type() == Column.Type.GUID) {
            return TableStore.GUID_ORDER.compare((String) a, (String) b);
        }
        if (a instanceof String x && b instanceof String y) {
            return String.CASE_INSENSITIVE_ORDER.compare(x, y);
        }
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y);
        }
        return ((Comparable) a).compareTo(b);
    }

    /** Nulls sort first ascending, as in SQL Server. */
    static Comparator<java.util.Map<String, Object>> order(Column c, boolean descending) {
        Comparator<java.util.Map<String, Object>> asc = (r1, r2) -> {
            Object a = r1.get(c.name());
            Object b = r2.get(c.name());
            if (a == null || b == null) {
                return a == b ? 0 : a == null ? -1 : 1;
            }
            return compare(c, a, b);
        };
        return descending ? asc.reversed() : asc;
    }
}
