package io.crmsync.worker.connector.postgresql;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Reads table descriptions from pg_catalog. */
final class PgCatalog {

    private static final String RELATION = """
            SELECT c.oid, n.nspname, c.relname
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.oid = pg_catalog.to_regclass(?) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')""";

    private static final String COLUMNS = """
            SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),
                   pg_catalog.quote_ident(tn.nspname) || '.' || pg_catalog.quote_ident(t.typname),
                   t.typname, NOT a.attnotnull
            FROM pg_catalog.pg_attribute a
            JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
            JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace
            WHERE a.attrelid = CAST(? AS pg_catalog.oid) AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum""";

    // ON CONFLICT can only use immediate, non-partial unique indexes on plain columns as arbiters.
    private static final String UNIQUE_KEYS = """
            SELECT ARRAY(SELECT a.attname
                         FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                         JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                         ORDER BY k.ord)
            FROM pg_catalog.pg_index i
            WHERE i.indrelid = CAST(? AS pg_catalog.oid) AND i.indisunique AND i.indimmediate AND i.indisvalid
              AND i.indpred IS NULL AND i.indexprs IS NULL
            ORDER BY i.indisprimary DESC, i.indexrelid""";

    private PgCatalog() {
    }

    /** The table named {@code objectName} (see {@link SqlNames#parseQualified}), resolved by search_path. */
    static Optional<PgTable> find(Connection connection, String objectName) throws SQLException {
        String quoted = SqlNames.quoteQualified(objectName);
        try (PreparedStatement s = connection.prepareStatement(RELATION)) {
            s.setString(1, quoted);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long oid = rs.getLong(1);
                return Optional.of(new PgTable(rs.getString(2), rs.getString(3), columns(connection, oid),
                        uniqueKeys(connection, oid)));
            }
        }
    }

    private static List<PgColumn> columns(Connection connection, long oid) throws SQLException {
        List<PgColumn> columns = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(COLUMNS)) {
            s.setLong(1, oid);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    columns.add(new PgColumn(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getBoolean(5)));
                }
            }
        }
        return columns;
    }

    private static List<List<String>> uniqueKeys(Connection connection, long oid) throws SQLException {
        List<List<String>> keys = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(UNIQUE_KEYS)) {
            s.setLong(1, oid);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Array names = rs.getArray(1);
                    keys.add(Arrays.asList((String[]) names.getArray()));
                }
            }
        }
        return keys;
    }
}
