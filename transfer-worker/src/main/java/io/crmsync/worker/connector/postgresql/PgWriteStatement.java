package io.crmsync.worker.connector.postgresql;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import io.crmsync.worker.connector.TargetRow;
import io.crmsync.worker.connector.WriteResult;
import io.crmsync.worker.connector.WriteSpec;
import io.crmsync.worker.connector.jdbc.WriteMode;

/**
 * One set-based write and how to read a result per row from it. The rows are COPYed into a temporary stage
 * table typed like the target columns (so PostgreSQL's own input rules decide what is valid); one statement then
 * merges the stage into the target and reports, per row, whether it was created, updated, or matched a target
 * record it left alone. Matched rows whose values are equal are not written at all ({@code IS DISTINCT FROM}),
 * so they cost no row version, no lock and no WAL, and count as unchanged. A plain insert (no key) COPYs straight
 * into the target.
 */
final class PgWriteStatement {

    private static final AtomicInteger STAGES = new AtomicInteger();

    private final PgTable table;
    private final WriteSpec spec;
    private final WriteMode mode;
    private final List<PgColumn> columns;
    private final List<Integer> keyIndexes;
    /** The stage's name in the session's temporary schema; one per statement, so specs never share rows. */
    private final String stage = "crmsync_stage_" + STAGES.incrementAndGet();
    private Connection stagedOn;

    PgWriteStatement(PgTable table, WriteSpec spec) {
        this.table = table;
        this.spec = spec;
        this.mode = WriteMode.of(spec);
        this.columns = spec.columns().stream().map(table::require).toList();
        this.keyIndexes = spec.keyColumns().stream().map(spec.columns()::indexOf).toList();
    }

    /** Whether the database is needed at all; a spec that can only skip is answered without it. */
    boolean needsDatabase() {
        return mode != WriteMode.SKIP_ALL;
    }

    /** Whether every row is created when the target holds no record yet, so a batch may be COPYed straight in. */
    boolean createsAllInEmptyTarget() {
        return mode == WriteMode.UPSERT || mode == WriteMode.INSERT_NEW;
    }

    List<WriteResult> skipAll(int rows) {
        return Collections.nCopies(rows, WriteResult.SKIPPED);
    }

    /**
     * Creates the stage on this connection unless it exists there; outside the batch transaction, so that a
     * rolled-back batch does not take the stage with it.
     */
    void prepare(Connection connection) throws SQLException {
        if (connection == stagedOn || mode == WriteMode.PLAIN_INSERT) {
            return;
        }
        String typed = IntStream.range(0, columns.size()).mapToObj(i -> ", c" + i + " " + columns.get(i).castType())
                .reduce("", String::concat);
        try (Statement statement = connection.createStatement()) {
            // Unique keys: a batch repeating a key fails to stage, and the bisector writes its rows in turn.
            String key = keyIndexes.isEmpty() ? "" : ", UNIQUE (" + String.join(", ",
                    keyIndexes.stream().map(i -> "c" + i).toList()) + ")";
            statement.execute("CREATE TEMPORARY TABLE IF NOT EXISTS " + stage + " (o int4" + typed + key
                    + ") ON COMMIT DELETE ROWS");
        }
        stagedOn = connection;
    }

    /** Executes the write of these rows; an SQLException means none of them was written. */
    List<WriteResult> execute(Connection connection, List<TargetRow> rows) throws SQLException {
        if (mode == WriteMode.PLAIN_INSERT) {
            return appendToTarget(connection, rows);
        }
        try (Statement statement = connection.createStatement()) {
            // Empty at a batch's start (ON COMMIT DELETE ROWS truncates in place); holds rows only when the
            // bisector retries part of a batch. TRUNCATE would allocate a new relation file every time.
            statement.execute("DELETE FROM " + stage);
        }
        copy(connection, stage + " (o, " + inputColumns() + ")", PgCopyText.of(rows, true));
        try (Statement statement = connection.createStatement()) {
            return results(statement.executeQuery(keyedSql()), rows.size());
        }
    }

    /** COPYs the rows straight into the target: every row is created, or the COPY fails as a whole. */
    List<WriteResult> appendToTarget(Connection connection, List<TargetRow> rows) throws SQLException {
        copy(connection, table.quotedName() + " (" + SqlNames.quoteAll(spec.columns()) + ")",
                PgCopyText.of(rows, false));
        return Collections.nCopies(rows.size(), WriteResult.CREATED);
    }

    private static void copy(Connection connection, String into, String text) throws SQLException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + into + " FROM STDIN");
        try {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private List<WriteResult> results(ResultSet rs, int size) throws SQLException {
        boolean matchedIsUnchanged = WriteMode.matchedIsUnchanged(spec);
        List<WriteResult> results = new ArrayList<>(size);
        try (rs) {
            while (rs.next()) {
                boolean created = rs.getBoolean(2);
                boolean written = !rs.wasNull();
                boolean matched = rs.getBoolean(3);
                if (mode == WriteMode.DELETE_MATCHED) {
                    results.add(matched ? WriteResult.DELETED : WriteResult.SKIPPED);
                    continue;
                }
                results.add(written ? (created ? WriteResult.CREATED : WriteResult.UPDATED)
                        : matched && matchedIsUnchanged ? WriteResult.UNCHANGED : WriteResult.SKIPPED);
            }
        }
        return results;
    }

    /**
     * The merge and its per-row report. Changed matches are UPDATEd and unmatched rows INSERTed by two
     * data-modifying CTEs over one snapshot, so a matched row that did not change is only read: an
     * {@code ON CONFLICT DO UPDATE} would lock, and so dirty, every matched row. The INSERT keeps its
     * {@code ON CONFLICT} for a record someone else inserts meanwhile. The stage's keys are unique (a batch that
     * repeats a key fails to stage and is split by the bisector), so every row is either updated, inserted, or
     * matched; only the modes that do not insert need an index probe to tell matched from new.
     */
    private String keyedSql() {
        String keyInput = keyIndexes.stream().map(i -> "i.c" + i).reduce((a, b) -> a + ", " + b).orElseThrow();
        String keyTarget = spec.keyColumns().stream().map(k -> "x." + SqlNames.quote(k))
                .reduce((a, b) -> a + ", " + b).orElseThrow();
        String probe = "EXISTS (SELECT 1 FROM " + table.quotedName() + " x WHERE ROW(" + keyTarget + ") = ROW("
                + keyInput + "))";
        if (mode == WriteMode.PROBE) {
            return "SELECT i.o, NULL::boolean, " + probe + " FROM " + stage + " i ORDER BY i.o";
        }
        if (mode == WriteMode.DELETE_MATCHED) {
            return "WITH crmsync_d AS (DELETE FROM " + table.quotedName() + " AS crmsync_t USING " + stage
                    + " i WHERE ROW(" + targetColumns(spec.keyColumns()) + ") = ROW(" + keyInput
                    + ") RETURNING i.o) SELECT i.o, NULL::boolean, d.o IS NOT NULL FROM " + stage
                    + " i LEFT JOIN crmsync_d d ON d.o = i.o ORDER BY i.o";
        }
        List<String> writes = new ArrayList<>();
        List<String> joins = new ArrayList<>();
        List<String> created = new ArrayList<>();
        if (mode == WriteMode.UPSERT || mode == WriteMode.UPDATE_MATCHED) {
            writes.add("crmsync_u AS (UPDATE " + table.quotedName() + " AS crmsync_t SET " + assignments("i.")
                    + " FROM " + stage + " i WHERE ROW(" + targetColumns(spec.keyColumns()) + ") = ROW("
                    + keyInput + ") AND " + changed("i.") + notNewer("i.") + " RETURNING i.o, false AS created)");
            joins.add(" LEFT JOIN crmsync_u u ON u.o = i.o");
            created.add("u.created");
        }
        if (mode == WriteMode.UPSERT || mode == WriteMode.INSERT_NEW) {
            String returning = IntStream.range(0, keyIndexes.size())
                    .mapToObj(i -> "crmsync_t." + SqlNames.quote(spec.keyColumns().get(i)) + " AS k" + i)
                    .reduce((a, b) -> a + ", " + b).orElseThrow();
            String onConflict = mode == WriteMode.UPSERT
                    ? "DO UPDATE SET " + assignments("EXCLUDED.") + " WHERE " + changed("EXCLUDED.") + notNewer("EXCLUDED.")
                            + " RETURNING " + returning + ", (crmsync_t.xmax = 0) AS created"
                    : "DO NOTHING RETURNING " + returning + ", true AS created";
            writes.add("crmsync_n AS (INSERT INTO " + table.quotedName() + " AS crmsync_t ("
                    + SqlNames.quoteAll(spec.columns()) + ") SELECT " + inputColumns() + " FROM " + stage
                    + " i WHERE NOT " + probe + " ORDER BY i.o ON CONFLICT (" + SqlNames.quoteAll(spec.keyColumns())
                    + ") " + onConflict + ")");
            String keyReturned = IntStream.range(0, keyIndexes.size()).mapToObj(i -> "n.k" + i)
                    .reduce((a, b) -> a + ", " + b).orElseThrow();
            joins.add(" LEFT JOIN crmsync_n n ON ROW(" + keyReturned + ") = ROW(" + keyInput + ")");
            created.add("n.created");
        }
        // Most recent wins: a row older than its target record is not written, and is skipped, not unchanged.
        String fresh = spec.modifiedColumn() == null ? "TRUE" : "NOT EXISTS (SELECT 1 FROM " + table.quotedName()
                + " x WHERE ROW(" + keyTarget + ") = ROW(" + keyInput + ") AND x." + SqlNames.quote(spec.modifiedColumn())
                + " > " + incoming(spec.modifiedColumn()) + ")";
        String matched = mode == WriteMode.UPDATE_MATCHED ? probe + " AND " + fresh : fresh;
        return "WITH " + String.join(", ", writes) + " SELECT i.o, COALESCE(" + String.join(", ", created) + "), "
                + matched + " FROM " + stage + " i" + String.join("", joins) + " ORDER BY i.o";
    }

    /** {@code "a" = EXCLUDED."a"} for EXCLUDED, {@code "a" = i.c1} for the input. */
    private String assignments(String source) {
        List<String> parts = new ArrayList<>();
        for (String column : spec.nonKeyColumns()) {
            parts.add(SqlNames.quote(column) + " = " + sourceColumn(source, column));
        }
        return String.join(", ", parts);
    }

    /** Whether any non-key column would change; types without equality are compared as text. */
    private String changed(String source) {
        if (spec.rewriteUnchanged()) {
            return "TRUE"; // a rebuild writes every matched row again
        }
        List<String> current = new ArrayList<>();
        List<String> incoming = new ArrayList<>();
        for (String column : spec.nonKeyColumns()) {
            PgColumn c = table.require(column);
            String target = "crmsync_t." + SqlNames.quote(column);
            // Input values carry the base type; the declared type applies the same rounding the column does.
            String value = source.equals("i.") ? "CAST(" + sourceColumn(source, column) + " AS " + c.displayType()
                    + ")" : sourceColumn(source, column);
            current.add(c.hasEquality() ? target : "CAST(" + target + " AS text)");
            incoming.add(c.hasEquality() ? value : "CAST(" + value + " AS text)");
        }
        return "ROW(" + String.join(", ", current) + ") IS DISTINCT FROM ROW(" + String.join(", ", incoming) + ")";
    }

    /**
     * {@code AND} the target record is not newer than the row, when most recent wins; a record without a
     * modification time is older than any row, and equal times let the row win.
     */
    private String notNewer(String source) {
        if (spec.modifiedColumn() == null) {
            return "";
        }
        String target = "crmsync_t." + SqlNames.quote(spec.modifiedColumn());
        String row = source.equals("i.") ? incoming(spec.modifiedColumn()) : sourceColumn(source, spec.modifiedColumn());
        return " AND (" + target + " IS NULL OR " + target + " <= " + row + ")";
    }

    /** The stage's value of a column as the column's declared type, as it would be stored. */
    private String incoming(String column) {
        return "CAST(i.c" + spec.columns().indexOf(column) + " AS " + table.require(column).displayType() + ")";
    }

    private String sourceColumn(String source, String column) {
        return source.equals("EXCLUDED.") ? "EXCLUDED." + SqlNames.quote(column)
                : "i.c" + spec.columns().indexOf(column);
    }

    private String targetColumns(List<String> names) {
        return String.join(", ", names.stream().map(n -> "crmsync_t." + SqlNames.quote(n)).toList());
    }

    /** {@code c0, c1, ...}: the stage's columns in row order. */
    private String inputColumns() {
        return String.join(", ", IntStream.range(0, columns.size()).mapToObj(i -> "c" + i).toList());
    }
}
