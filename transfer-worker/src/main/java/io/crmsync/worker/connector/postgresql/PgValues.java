package io.crmsync.worker.connector.postgresql;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

/**
 * Converts between PostgreSQL columns and the engine's value types. Values travel to the target as text and
 * are cast there to the column's type, so PostgreSQL's own input rules decide what is valid.
 */
final class PgValues {

    private PgValues() {
    }

    /** The column's value as one of the types listed on {@code SourceRecord#values()}. */
    static Object read(ResultSet rs, int index, PgColumn column) throws SQLException {
        Object value = switch (column.typeName()) {
            case "int2", "int4", "int8" -> {
                long l = rs.getLong(index);
                yield rs.wasNull() ? null : l;
            }
            case "float4", "float8" -> {
                double d = rs.getDouble(index);
                yield rs.wasNull() ? null : d;
            }
            case "bool" -> {
                boolean b = rs.getBoolean(index);
                yield rs.wasNull() ? null : b;
            }
            case "numeric" -> decimal(rs.getString(index));
            case "timestamptz" -> rs.getObject(index, OffsetDateTime.class);
            case "timestamp" -> rs.getObject(index, LocalDateTime.class);
            case "date" -> rs.getObject(index, LocalDate.class);
            default -> column.typeName().startsWith("_") ? list(rs.getArray(index)) : rs.getString(index);
        };
        return value;
    }

    /** An array column (type names starting with {@code _}, e.g. {@code _text}) as a list of its elements. */
    private static List<Object> list(Array array) throws SQLException {
        if (array == null) {
            return null;
        }
        try {
            return Arrays.asList((Object[]) array.getArray());
        } finally {
            array.free();
        }
    }

    /** A temporal value as an instant; timestamps without zone and dates count as UTC. */
    static Instant toInstant(Object value) {
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof LocalDateTime l) {
            return l.toInstant(ZoneOffset.UTC);
        }
        if (value instanceof LocalDate d) {
            return d.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return null;
    }

    /** An instant as text PostgreSQL parses as timestamptz, at PostgreSQL's microsecond precision. */
    static String instantText(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).toString();
    }

    /** A value as text for {@code CAST(? AS type)}. */
    static String toText(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof List<?> list) {
            return arrayLiteral(list);
        }
        if (value instanceof Double d) {
            return d.isNaN() ? "NaN" : d.isInfinite() ? (d > 0 ? "Infinity" : "-Infinity") : d.toString();
        }
        return value.toString();
    }

    /** A multi-value field as a PostgreSQL array literal, each element quoted: {@code {"a","b \\"c\\""}}. */
    static String arrayLiteral(List<?> values) {
        StringBuilder literal = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                literal.append(',');
            }
            Object value = values.get(i);
            if (value == null) {
                literal.append("NULL");
            } else {
                literal.append('"').append(toText(value).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return literal.append('}').toString();
    }

    private static Object decimal(String text) {
        if (text == null) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return text; // NaN or Infinity, which BigDecimal cannot hold
        }
    }
}
