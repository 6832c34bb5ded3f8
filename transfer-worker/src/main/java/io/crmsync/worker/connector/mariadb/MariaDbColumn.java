package io.crmsync.worker.connector.mariadb;

import java.util.Locale;

/**
 * A column as information_schema describes it.
 *
 * @param name the exact column name
 * @param columnType the declared type as MariaDB shows it ({@code COLUMN_TYPE}), e.g. {@code varchar(200)},
 *        {@code tinyint(1)}, {@code bigint(20) unsigned}, {@code datetime(6)}
 * @param dataType the bare type name ({@code DATA_TYPE}), e.g. {@code varchar}, {@code bigint}, {@code datetime}
 * @param nullable whether the column accepts NULL
 */
record MariaDbColumn(String name, String columnType, String dataType, boolean nullable) {

    MariaDbColumn {
        columnType = columnType.toLowerCase(Locale.ROOT);
        dataType = dataType.toLowerCase(Locale.ROOT);
    }

    boolean isTemporal() {
        return isDateTime() || isTimestamp() || isDate();
    }

    /** DATETIME: a wall-clock time in the endpoint's zone. */
    boolean isDateTime() {
        return dataType.equals("datetime");
    }

    /** TIMESTAMP: an instant, shown in the session's zone, which is UTC. */
    boolean isTimestamp() {
        return dataType.equals("timestamp");
    }

    boolean isDate() {
        return dataType.equals("date");
    }

    /** tinyint(1), MariaDB's BOOLEAN, and bit(1). */
    boolean isBoolean() {
        return columnType.startsWith("tinyint(1)") || columnType.equals("bit(1)");
    }

    boolean isText() {
        return switch (dataType) {
            case "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set" -> true;
            default -> false;
        };
    }

    /**
     * The type a bound text value is cast to so that it compares as a value of this column (and an index on it
     * stays usable), or null when the text compares as it is (strings, in the column's collation).
     */
    String castType() {
        boolean unsigned = columnType.contains("unsigned");
        return switch (dataType) {
            case "tinyint", "smallint", "mediumint", "int", "bigint", "year" -> unsigned ? "UNSIGNED" : "SIGNED";
            case "decimal" -> columnType.replaceFirst("\\s*(unsigned|zerofill).*$", "").toUpperCase(Locale.ROOT);
            case "float", "double" -> "DOUBLE";
            case "date" -> "DATE";
            case "datetime", "timestamp" -> "DATETIME(6)";
            case "time" -> "TIME(6)";
            default -> null;
        };
    }
}
