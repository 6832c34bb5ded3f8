package io.crmsync.worker.connector.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;

import io.crmsync.worker.connector.TargetRow;
import io.crmsync.worker.connector.WriteResult;

/**
 * Writes rows inside a savepoint; when the write fails because of some rows' values, rolls back to the
 * savepoint and retries each half, down to single rows. A row that still fails alone is rejected with the
 * database's message; all other rows are written. k bad rows among n cost about k·log2(n) extra writes.
 */
public final class SavepointBisector {

    /** Executes the write of some rows; an SQLException means none of them was written. */
    @FunctionalInterface
    public interface RowWriter {
        List<WriteResult> write(Connection connection, List<TargetRow> rows) throws SQLException;
    }

    /** How one database tells row failures from the others. */
    public interface RowFailures {

        /** Whether the failure comes from some rows' values, so the other rows may still be written. */
        boolean isRowFailure(SQLException e);

        /** The result of a row that fails on its own. */
        WriteResult reject(SQLException e);
    }

    private SavepointBisector() {
    }

    /** Results in row order. Failures that are not about row values are rethrown for the caller to handle. */
    public static List<WriteResult> write(Connection connection, List<TargetRow> rows, RowWriter writer,
            RowFailures failures) throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        try {
            List<WriteResult> results = writer.write(connection, rows);
            connection.releaseSavepoint(savepoint);
            return results;
        } catch (SQLException e) {
            if (!failures.isRowFailure(e)) {
                throw e;
            }
            connection.rollback(savepoint);
            connection.releaseSavepoint(savepoint);
            if (rows.size() == 1) {
                return List.of(failures.reject(e));
            }
            int middle = rows.size() / 2;
            List<WriteResult> results = new ArrayList<>(write(connection, rows.subList(0, middle), writer, failures));
            results.addAll(write(connection, rows.subList(middle, rows.size()), writer, failures));
            return results;
        }
    }
}
