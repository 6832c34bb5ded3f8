package io.crmsync.worker.connector.mariadb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.crmsync.worker.connector.TargetRow;
import io.crmsync.worker.connector.WriteResult;
import io.crmsync.worker.connector.WriteSpec;
import io.crmsync.worker.connector.jdbc.WriteMode;

/**
 * The set-based write of one spec. Rows enter a TEMPORARY stage table with the target's column names and types
 * (so a value that does not fit fails there, on its row, with a message naming the column) and an ordinal; SQL
 * then classifies every row against the target on the match key (no match: new; a non-key column differs by
 * NULL-safe {@code <=>}: changed; else unchanged), {@code INSERT ... SELECT} writes the new rows and
 * {@code UPDATE ... JOIN} the changed ones, and the outcomes are read back by ordinal. Unchanged rows are never
 * rewritten.
 *
 * <p>A key given twice in one batch is merged in order of occurrence, as if the rows were written one after
 * another (the first creates, a later one updates, the last value stays), which is what the PostgreSQL connector
 * does: each row gets its occurrence number {@code r} per key, and rounds r = 1, 2, ... run one after another.
 */
final class MariaDbMerge {

    /** Placeholders per statement; MariaDB's prepared statements allow 65535, the text protocol more. */
    private static final int MAX_PARAMETERS = 60_000;
    private static final String STAGE = "crmsync_stage";
    private static final String PLAN = "crmsync_plan";

    private final MariaDbTable table;
    private final WriteSpec spec;
    private final WriteMode mode;
    private final MariaDbValues values;
    private final List<MariaDbColumn> columns;
    /** The stage's ordinal column: {@code crmsync_o}, lengthened in the unlikely case the target has one. */
    private final String ordinal;

    MariaDbMerge(MariaDbTable table, WriteSpec spec, MariaDbValues values) {
        this.table = table;
        this.spec = spec;
        this.mode = WriteMode.of(spec);
        this.values = values;
        this.columns = spec.columns().stream().map(table::require).toList();
        String name = "crmsync_o";
        while (spec.columns().contains(name)) {
            name += "_";
        }
        this.ordinal = quote(name);
    }

    /** Whether the database is needed at all; a spec that can only skip is answered without it. */
    boolean needsDatabase() {
        return mode != WriteMode.SKIP_ALL;
    }

    /** Whether writes go through the stage table (every keyed mode); a plain insert does not. */
    boolean needsStage() {
        return mode != WriteMode.PLAIN_INSERT && mode != WriteMode.SKIP_ALL;
    }

    List<WriteResult> skipAll(int rows) {
        return Collections.nCopies(rows, WriteResult.SKIPPED);
    }

    /**
     * (Re)creates this connection's stage and plan tables for this spec: the stage copies the written columns'
     * types from the target ({@code CREATE ... SELECT ... WHERE FALSE}) without its indexes and constraints.
     * Temporary tables live as long as the connection and need no commit; InnoDB makes them undo with savepoints.
     */
    void createStage(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("DROP TEMPORARY TABLE IF EXISTS " + STAGE + ", " + PLAN);
            s.execute("CREATE TEMPORARY TABLE " + STAGE + " (PRIMARY KEY (" + ordinal + ")) ENGINE=InnoDB SELECT 0 AS "
                    + ordinal + ", " + stageNames("t.") + " FROM " + table.quotedName() + " t WHERE FALSE");
            s.execute("CREATE TEMPORARY TABLE " + PLAN + " (o INT NOT NULL PRIMARY KEY, r INT NOT NULL, "
                    + "outcome CHAR(1) NULL, KEY (r)) ENGINE=InnoDB");
        }
    }

    /** Writes these rows; an SQLException means none of them was written (the caller rolls back). */
    List<WriteResult> execute(Connection connection, List<TargetRow> rows) throws SQLException {
        if (mode == WriteMode.PLAIN_INSERT) {
            insertValues(connection, "INSERT INTO " + table.quotedName() + " (" + names() + ")", false, rows);
            return Collections.nCopies(rows.size(), WriteResult.CREATED);
        }
        try (Statement s = connection.createStatement()) {
            s.executeUpdate("DELETE FROM " + STAGE);
            s.executeUpdate("DELETE FROM " + PLAN);
        }
        insertValues(connection, "INSERT INTO " + STAGE + " (" + ordinal + ", " + names() + ")", true, rows);
        int rounds;
        try (Statement s = connection.createStatement()) {
            s.executeUpdate("INSERT INTO " + PLAN + " (o, r) SELECT " + ordinal + ", ROW_NUMBER() OVER (PARTITION BY "
                    + MariaDbTable.NAMES.quoteAll(spec.keyColumns()) + " ORDER BY " + ordinal + ") FROM " + STAGE);
            try (ResultSet max = s.executeQuery("SELECT COALESCE(MAX(r), 0) FROM " + PLAN)) {
                max.next();
                rounds = max.getInt(1);
            }
        }
        for (int round = 1; round <= rounds; round++) {
            update(connection, classifySql(), round);
            if (mode == WriteMode.UPSERT || mode == WriteMode.INSERT_NEW) {
                update(connection, insertNewSql(), round);
            }
            if (mode == WriteMode.UPSERT || mode == WriteMode.UPDATE_MATCHED) {
                update(connection, updateChangedSql(), round);
            }
        }
        return outcomes(connection, rows.size());
    }

    /** Multi-row INSERT ... VALUES of the rows, split so that no statement exceeds the placeholder limit. */
    private void insertValues(Connection connection, String insert, boolean withOrdinal, List<TargetRow> rows)
            throws SQLException {
        int perRow = columns.size() + (withOrdinal ? 1 : 0);
        String tuple = IntStream.range(0, perRow).mapToObj(i -> "?").collect(Collectors.joining(", ", "(", ")"));
        int chunk = Math.max(1, MAX_PARAMETERS / perRow);
        for (int from = 0; from < rows.size(); from += chunk) {
            int to = Math.min(rows.size(), from + chunk);
            String sql = insert + " VALUES " + String.join(", ", Collections.nCopies(to - from, tuple));
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int p = 1;
                for (int o = from; o < to; o++) {
                    if (withOrdinal) {
                        statement.setInt(p++, o);
                    }
                    List<Object> row = rows.get(o).values();
                    for (int c = 0; c < columns.size(); c++) {
                        values.bind(statement, p++, row.get(c), columns.get(c));
                    }
                }
                statement.executeUpdate();
            }
        }
    }

    private static void update(Connection connection, String sql, int round) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, round);
            statement.executeUpdate();
        }
    }

    /**
     * Sets each row's outcome of this round: C (create), U (update), N (unchanged), S (skip). Earlier rounds are
     * written already, so a later occurrence of a key finds the record its first occurrence created.
     */
    private String classifySql() {
        String firstKey = "t." + quote(spec.keyColumns().get(0));
        String matched = switch (mode) {
            case UPSERT, UPDATE_MATCHED -> "CASE WHEN " + changed() + " THEN 'U' ELSE 'N' END";
            default -> WriteMode.matchedIsUnchanged(spec) ? "'N'" : "'S'";
        };
        String unmatched = mode == WriteMode.UPSERT || mode == WriteMode.INSERT_NEW ? "'C'" : "'S'";
        // Matched rows have equal, so non-null, keys: a NULL target key means no match.
        return "UPDATE " + PLAN + " p JOIN " + STAGE + " s ON s." + ordinal + " = p.o LEFT JOIN "
                + table.quotedName() + " t ON " + keyJoin() + " SET p.outcome = CASE WHEN " + firstKey
                + " IS NULL THEN " + unmatched + " ELSE " + matched + " END WHERE p.r = ?";
    }

    private String insertNewSql() {
        return "INSERT INTO " + table.quotedName() + " (" + names() + ") SELECT " + stageNames("s.") + " FROM "
                + STAGE + " s JOIN " + PLAN + " p ON p.o = s." + ordinal + " WHERE p.r = ? AND p.outcome = 'C' "
                + "ORDER BY p.o";
    }

    private String updateChangedSql() {
        String assignments = spec.nonKeyColumns().stream()
                .map(c -> "t." + quote(c) + " = s." + quote(c)).collect(Collectors.joining(", "));
        return "UPDATE " + table.quotedName() + " t JOIN " + STAGE + " s ON " + keyJoin() + " JOIN " + PLAN
                + " p ON p.o = s." + ordinal + " SET " + assignments + " WHERE p.r = ? AND p.outcome = 'U'";
    }

    /**
     * Whether any non-key column would change. Text compares as bytes, since the column's collation may call
     * 'Anna' and 'anna ' equal and the change would never be written.
     */
    private String changed() {
        if (spec.rewriteUnchanged()) {
            return "TRUE"; // a rebuild writes every matched row again
        }
        List<String> equal = new ArrayList<>();
        for (String column : spec.nonKeyColumns()) {
            String binary = table.require(column).isText() ? "BINARY " : "";
            equal.add(binary + "t." + quote(column) + " <=> " + binary + "s." + quote(column));
        }
        return "NOT (" + String.join(" AND ", equal) + ")";
    }

    private List<WriteResult> outcomes(Connection connection, int size) throws SQLException {
        List<WriteResult> results = new ArrayList<>(size);
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT outcome FROM " + PLAN + " ORDER BY o")) {
            while (rs.next()) {
                results.add(switch (rs.getString(1)) {
                    case "C" -> WriteResult.CREATED;
                    case "U" -> WriteResult.UPDATED;
                    case "N" -> WriteResult.UNCHANGED;
                    default -> WriteResult.SKIPPED;
                });
            }
        }
        return results;
    }

    private String keyJoin() {
        return spec.keyColumns().stream().map(k -> "t." + quote(k) + " = s." + quote(k))
                .collect(Collectors.joining(" AND "));
    }

    private String names() {
        return MariaDbTable.NAMES.quoteAll(spec.columns());
    }

    /** The written columns, each prefixed with a table alias such as {@code s.}. */
    private String stageNames(String alias) {
        return spec.columns().stream().map(c -> alias + quote(c)).collect(Collectors.joining(", "));
    }

    private static String quote(String name) {
        return MariaDbTable.NAMES.quote(name);
    }
}
