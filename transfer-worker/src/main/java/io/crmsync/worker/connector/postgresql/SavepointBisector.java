package io.crmsync.worker.connector.postgresql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import io.crmsync.worker.connector.TargetRow;
import io.crmsync.worker.connector.WriteResult;
import io.crmsync.worker.connector.jdbc.SavepointBisector.RowFailures;

/** The shared {@link io.crmsync.worker.connector.jdbc.SavepointBisector} with PostgreSQL's row failures. */
final class SavepointBisector {

    private static final RowFailures PG_ROW_FAILURES = new RowFailures() {
        @Override
        public boolean isRowFailure(SQLException e) {
            return PgErrors.isRowFailure(e);
        }

        @Override
        public WriteResult reject(SQLException e) {
            return WriteResult.rejected(PgErrors.rejectCode(e), PgErrors.serverMessage(e));
        }
    };

    private SavepointBisector() {
    }

    /** Results in row order. Failures that are not about row values are rethrown for the caller to handle. */
    static List<WriteResult> write(Connection connection, List<TargetRow> rows,
            io.crmsync.worker.connector.jdbc.SavepointBisector.RowWriter writer) throws SQLException {
        return io.crmsync.worker.connector.jdbc.SavepointBisector.write(connection, rows, writer, PG_ROW_FAILURES);
    }
}
