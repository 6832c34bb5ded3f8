package io.crmsync.worker.connector.mariadb;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Converts between MariaDB columns and the engine's value types. DATETIME and DATE are wall-clock values in the
 * endpoint's zone ({@code timeZone}, UTC by default); TIMESTAMP is an instant, which the session shows in UTC.
 *
 * @param zone the zone of DATETIME and DATE values
 */
record MariaDbValues(ZoneId zone) {

    /** The column's value as one of the types listed on {@code SourceRecord#values()}. */
    Object read(ResultSet rs, int index, MariaDbColumn column) throws SQLException {
        if (column.isBoolean()) {
            boolean b = rs.getBoolean(index);
            return rs.wasNull() ? null : b;
        }
        return switch (column.dataType()) {
            case "tinyint", "smallint", "mediumint", "int", "year", "bit" -> {
                long l = rs.getLong(index);
                yield rs.wasNull() ? null : l;
            }
            case "bigint" -> column.columnType().contains("unsigned") ? decimal(rs.getString(index)) : longOrNull(rs,
                    index);
            case "decimal" -> rs.getBigDecimal(index);
            // FLOAT as its shortest decimal text, so 1.1 stays 1.1 instead of the widened 1.100000023841858.
            case "float" -> {
                String text = rs.getString(index);
                yield text == null ? null : Double.valueOf(text);
            }
            case "double" -> {
                double d = rs.getDouble(index);
                yield rs.wasNull() ? null : d;
            }
            case "datetime" -> rs.getObject(index, LocalDateTime.class);
            case "timestamp" -> {
                LocalDateTime utc = rs.getObject(index, LocalDateTime.class);
                yield utc == null ? null : utc.atOffset(ZoneOffset.UTC);
            }
            case "date" -> rs.getObject(index, LocalDate.class);
            default -> rs.getString(index);
        };
    }

    /** A cursor value as an instant: TIMESTAMP as it is, DATETIME and DATE in the endpoint's zone. */
    Instant toInstant(Object value) {
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof LocalDateTime l) {
            return l.atZone(zone).toInstant();
        }
        if (value instanceof LocalDate d) {
            return d.atStartOfDay(zone).toInstant();
        }
        return null;
    }

    /** An instant as a value of a temporal column, for window bounds and resume positions. */
    Object fromInstant(Instant instant, MariaDbColumn column) {
        Instant micros = instant.truncatedTo(ChronoUnit.MICROS); // MariaDB keeps at most microseconds
        if (column.isTimestamp()) {
            return LocalDateTime.ofInstant(micros, ZoneOffset.UTC);
        }
        if (column.isDate()) {
            return LocalDate.ofInstant(micros, zone);
        }
        return LocalDateTime.ofInstant(micros, zone);
    }

    /**
     * Binds a value for a column of the target: instants become the column's wall clock (UTC for TIMESTAMP, the
     * endpoint's zone otherwise), wall-clock times written into TIMESTAMP are read in the endpoint's zone, ISO
     * text into a temporal column is parsed the same way; everything else is left to MariaDB's conversion rules.
     */
    void bind(PreparedStatement statement, int index, Object value, MariaDbColumn column) throws SQLException {
        Object converted = column.isTemporal() ? temporal(value, column) : value;
        if (converted == null) {
            statement.setNull(index, Types.NULL);
        } else if (converted instanceof Long l) {
            statement.setLong(index, l);
        } else if (converted instanceof Double d) {
            statement.setDouble(index, d);
        } else if (converted instanceof BigDecimal d) {
            statement.setBigDecimal(index, d);
        } else if (converted instanceof Boolean b) {
            statement.setBoolean(index, b);
        } else if (converted instanceof LocalDateTime || converted instanceof LocalDate) {
            statement.setObject(index, converted);
        } else if (converted instanceof List<?> list) {
            statement.setString(index, list.stream().map(String::valueOf).collect(Collectors.joining(",")));
        } else {
            statement.setString(index, converted.toString());
        }
    }

    private Object temporal(Object value, MariaDbColumn column) {
        Instant instant = null;
        if (value instanceof OffsetDateTime o) {
            instant = o.toInstant();
        } else if (value instanceof LocalDateTime l && column.isTimestamp()) {
            instant = l.atZone(zone).toInstant();
        } else if (value instanceof String s) {
            instant = parseInstant(s);
        }
        return instant == null ? value : fromInstant(instant, column);
    }

    /** ISO text with an offset or Z (as constants arrive), else null: the text is left to MariaDB. */
    private static Instant parseInstant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Long longOrNull(ResultSet rs, int index) throws SQLException {
        long l = rs.getLong(index);
        return rs.wasNull() ? null : l;
    }

    private static BigDecimal decimal(String text) {
        return text == null ? null : new BigDecimal(text);
    }
}
