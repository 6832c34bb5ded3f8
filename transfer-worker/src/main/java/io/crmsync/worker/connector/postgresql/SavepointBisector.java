package io.crmsync.worker.connector.postgresql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;

import io.crmsync.worker.connector.TargetRow;
import io.crmsync.worker.connector.WriteResult;

/**
 * Writes rows inside a savepoint; when the statement fails because of some rows' values, rolls back to the
 * savepoint and retries each half, down to single rows. A row that still fails alone is rejected with the
 * database's message; all other rows are written. k bad rows among n cost about k·log2(n) extra statements.
 */
final class SavepointBisector {

    /** Executes the write of some rows as one statement. */
    @FunctionalInterface
    interface RowWriter {
        List<WriteResult> write(Connection connection, List<TargetRow> rows) throws SQLException;
    }

    private SavepointBisector() {
    }

    /** Results in row order. Failures that are not about row values are rethrown for the caller to handle. */
    static List<WriteResult> write(Connection connection, List<TargetRow> rows, RowWriter writer)
            throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        try {
            List<WriteResult> results = writer.write(connection, rows);
            connection.releaseSavepoint(savepoint);
            return results;
        } catch (SQLException e) {
            if (!PgErrors.isRowFailure(e)) {
                throw e;
            }
            connection.rollback(savepoint);
            connection.releaseSavepoint(savepoint);
            if (rows.size() == 1) {
                return List.of(WriteResult.rejected(PgErrors.rejectCode(e), PgErrors.serverMessage(e)));
            }
            int middle = rows.size() / 2;
            List<WriteResult> results = new ArrayList<>(write(connection, rows.subList(0, middle), writer));
            results.addAll(write(connection, rows.subList(middle, rows.size()), writer));
            return results;
        }
    }
}
