package io.crmsync.worker.connector.postgresql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import io.crmsync.proto.config.v1.Operation;
import io.crmsync.worker.connector.TargetRow;
import io.crmsync.worker.connector.WriteResult;
import io.crmsync.worker.connector.WriteSpec;

/**
 * One multi-row write statement and how to read a result per row from it. The rows enter as a VALUES list
 * cast to the column types; a data-modifying CTE writes them; the outer SELECT reports, per row, whether it
 * was written ({@code created} from {@code xmax = 0}) and whether a target record matched it before the
 * statement (all parts of one statement see the same snapshot). Matched rows whose values are equal are not
 * rewritten ({@code IS DISTINCT FROM}), so they cost no row version and count as unchanged.
 */
final class PgWriteStatement {

    /** PostgreSQL allows 65535 bind parameters per statement; stay below. */
    private static final int MAX_PARAMETERS = 60_000;

    private final PgTable table;
    private final WriteSpec spec;
    private final PgWriteMode mode;
    private final List<PgColumn> columns;
    private final List<Integer> keyIndexes;

    PgWriteStatement(PgTable table, WriteSpec spec) {
        this.table = table;
        this.spec = spec;
        this.mode = PgWriteMode.of(spec);
        this.columns = spec.columns().stream().map(table::require).toList();
        this.keyIndexes = spec.keyColumns().stream().map(spec.columns()::indexOf).toList();
    }

    /** Whether the database is needed at all; a spec that can only skip is answered without it. */
    boolean needsDatabase() {
        return mode != PgWriteMode.SKIP_ALL;
    }

    int maxRowsPerStatement() {
        return Math.max(1, MAX_PARAMETERS / Math.max(1, columns.size()));
    }

    List<WriteResult> skipAll(int rows) {
        return Collections.nCopies(rows, WriteResult.SKIPPED);
    }

    /** Executes the statement for these rows; an SQLException means none of them was written. */
    List<WriteResult> execute(Connection connection, List<TargetRow> rows) throws SQLException {
        String sql = mode == PgWriteMode.PLAIN_INSERT ? plainInsertSql(rows.size()) : keyedSql(rows.size());
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int p = 1;
            for (TargetRow row : rows) {
                for (Object value : row.values()) {
                    statement.setString(p++, PgValues.toText(value));
                }
            }
            if (mode == PgWriteMode.PLAIN_INSERT) {
                statement.executeUpdate();
                return Collections.nCopies(rows.size(), WriteResult.CREATED);
            }
            return results(statement, rows.size());
        }
    }

    private List<WriteResult> results(PreparedStatement statement, int size) throws SQLException {
        boolean matchedIsUnchanged = spec.operation() == Operation.OPERATION_UPSERT && spec.updateExisting();
        List<WriteResult> results = new ArrayList<>(size);
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                boolean created = rs.getBoolean(2);
                boolean written = !rs.wasNull();
                boolean matched = rs.getBoolean(3);
                results.add(written ? (created ? WriteResult.CREATED : WriteResult.UPDATED)
                        : matched && matchedIsUnchanged ? WriteResult.UNCHANGED : WriteResult.SKIPPED);
            }
        }
        return results;
    }

    private String valuesCte(int rows) {
        String names = IntStream.range(0, columns.size()).mapToObj(i -> ", c" + i).reduce("", String::concat);
        String casts = columns.stream().map(c -> ", CAST(? AS " + c.castType() + ")").reduce("", String::concat);
        List<String> tuples = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            tuples.add("(" + i + casts + ")");
        }
        return "crmsync_in (o" + names + ") AS (VALUES " + String.join(", ", tuples) + ")";
    }

    private String plainInsertSql(int rows) {
        return "WITH " + valuesCte(rows) + " INSERT INTO " + table.quotedName() + " ("
                + SqlNames.quoteAll(spec.columns()) + ") SELECT " + inputColumns(null) + " FROM crmsync_in ORDER BY o";
    }

    private String keyedSql(int rows) {
        String write = writeCte();
        String keyInput = keyIndexes.stream().map(i -> "i.c" + i).reduce((a, b) -> a + ", " + b).orElseThrow();
        String keyTarget = spec.keyColumns().stream().map(k -> "x." + SqlNames.quote(k))
                .reduce((a, b) -> a + ", " + b).orElseThrow();
        String matched = "EXISTS (SELECT 1 FROM " + table.quotedName() + " x WHERE ROW(" + keyTarget + ") = ROW("
                + keyInput + "))";
        if (write == null) {
            return "WITH " + valuesCte(rows) + " SELECT i.o, NULL::boolean, " + matched
                    + " FROM crmsync_in i ORDER BY i.o";
        }
        String keyReturned = IntStream.range(0, keyIndexes.size()).mapToObj(i -> "w.k" + i)
                .reduce((a, b) -> a + ", " + b).orElseThrow();
        String partition = keyIndexes.stream().map(i -> "c" + i).reduce((a, b) -> a + ", " + b).orElseThrow();
        // A key given twice in one batch joins its written row only once, at its first occurrence.
        return "WITH " + valuesCte(rows) + ", crmsync_w AS (" + write + ")"
                + " SELECT i.o, w.created, " + matched
                + " FROM (SELECT crmsync_in.*, row_number() OVER (PARTITION BY " + partition + " ORDER BY o) AS r"
                + " FROM crmsync_in) i LEFT JOIN crmsync_w w ON ROW(" + keyReturned + ") = ROW(" + keyInput
                + ") AND i.r = 1 ORDER BY i.o";
    }

    private String writeCte() {
        String returning = " RETURNING " + IntStream.range(0, keyIndexes.size())
                .mapToObj(i -> "crmsync_t." + SqlNames.quote(spec.keyColumns().get(i)) + " AS k" + i)
                .reduce((a, b) -> a + ", " + b).orElseThrow();
        String insert = "INSERT INTO " + table.quotedName() + " AS crmsync_t (" + SqlNames.quoteAll(spec.columns())
                + ") SELECT " + inputColumns(null) + " FROM crmsync_in ORDER BY o ON CONFLICT ("
                + SqlNames.quoteAll(spec.keyColumns()) + ")";
        return switch (mode) {
            case UPSERT -> insert + " DO UPDATE SET " + assignments("EXCLUDED.") + " WHERE " + changed("EXCLUDED.")
                    + returning + ", (crmsync_t.xmax = 0) AS created";
            case INSERT_NEW -> insert + " DO NOTHING" + returning + ", true AS created";
            case UPDATE_MATCHED -> "UPDATE " + table.quotedName() + " AS crmsync_t SET " + assignments("i.")
                    + " FROM crmsync_in i WHERE ROW(" + targetColumns(spec.keyColumns()) + ") = ROW("
                    + inputColumns(spec.keyColumns()) + ") AND " + changed("i.") + returning + ", false AS created";
            case PROBE -> null;
            case PLAIN_INSERT, SKIP_ALL -> throw new IllegalStateException("no keyed write for " + mode);
        };
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

    private String sourceColumn(String source, String column) {
        return source.equals("EXCLUDED.") ? "EXCLUDED." + SqlNames.quote(column)
                : "i.c" + spec.columns().indexOf(column);
    }

    private String targetColumns(List<String> names) {
        return String.join(", ", names.stream().map(n -> "crmsync_t." + SqlNames.quote(n)).toList());
    }

    /** {@code c0, c1, ...} for all columns (null) or {@code i.cN} for the given ones. */
    private String inputColumns(List<String> names) {
        if (names == null) {
            return String.join(", ", IntStream.range(0, columns.size()).mapToObj(i -> "c" + i).toList());
        }
        return String.join(", ", names.stream().map(n -> "i.c" + spec.columns().indexOf(n)).toList());
    }
}
