package io.crmsync.worker.connector.mariadb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads table descriptions from information_schema. */
final class MariaDbCatalog {

    // information_schema compares names case-insensitively; the exact name is picked in Java.
    private static final String TABLES = """
            SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES
            WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ?""";

    private static final String COLUMNS = """
            SELECT COLUMN_NAME, COLUMN_TYPE, DATA_TYPE, IS_NULLABLE = 'YES' FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION""";

    // An index on a prefix of a column (SUB_PART) keeps only the prefix unique, so it cannot match records.
    private static final String UNIQUE_KEYS = """
            SELECT INDEX_NAME, COLUMN_NAME, SUB_PART IS NOT NULL FROM information_schema.STATISTICS
            WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND NON_UNIQUE = 0
            ORDER BY INDEX_NAME <> 'PRIMARY', INDEX_NAME, SEQ_IN_INDEX""";

    private MariaDbCatalog() {
    }

    /** The table named {@code objectName} ({@code table} or {@code database.table}), in the URL's database. */
    static Optional<MariaDbTable> find(Connection connection, String objectName) throws SQLException {
        List<String> parts = MariaDbTable.NAMES.parseQualified(objectName);
        String database = parts.size() == 2 ? parts.get(0) : null;
        String table = parts.get(parts.size() - 1);
        try (PreparedStatement s = connection.prepareStatement(TABLES)) {
            s.setString(1, database);
            s.setString(2, table);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    boolean exact = rs.getString(2).equals(table)
                            && (database == null || rs.getString(1).equals(database));
                    if (exact) {
                        String schema = rs.getString(1);
                        return Optional.of(new MariaDbTable(schema, table, columns(connection, schema, table),
                                uniqueKeys(connection, schema, table)));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static List<MariaDbColumn> columns(Connection connection, String schema, String table)
            throws SQLException {
        List<MariaDbColumn> columns = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(COLUMNS)) {
            s.setString(1, schema);
            s.setString(2, table);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    columns.add(new MariaDbColumn(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getBoolean(4)));
                }
            }
        }
        return columns;
    }

    private static List<List<String>> uniqueKeys(Connection connection, String schema, String table)
            throws SQLException {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        List<String> prefixed = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(UNIQUE_KEYS)) {
            s.setString(1, schema);
            s.setString(2, table);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    keys.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                    if (rs.getBoolean(3)) {
                        prefixed.add(rs.getString(1));
                    }
                }
            }
        }
        prefixed.forEach(keys::remove);
        return new ArrayList<>(keys.values());
    }
}
