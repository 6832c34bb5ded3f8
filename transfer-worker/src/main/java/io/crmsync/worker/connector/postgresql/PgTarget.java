package io.crmsync.worker.connector.postgresql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.crmsync.worker.connector.CommitGuard;
import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorException.Reason;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.TargetRow;
import io.crmsync.worker.connector.TargetSession;
import io.crmsync.worker.connector.WriteResult;
import io.crmsync.worker.connector.WriteSpec;

/** Writes batches to one table of a PostgreSQL endpoint, each batch in its own transaction. */
final class PgTarget extends PgSession implements TargetSession {

    private final Map<WriteSpec, PgWriteStatement> statements = new HashMap<>();

    PgTarget(EndpointAccess endpoint) {
        super(endpoint);
    }

    @Override
    public List<WriteResult> write(WriteSpec spec, List<TargetRow> rows, CommitGuard guard) {
        if (!PostgresConnector.OPERATIONS.contains(spec.operation())) {
            throw new ConnectorException(Reason.CONFIGURATION, "operation "
                    + spec.operation().name().replaceFirst("^OPERATION_", "")
                    + " is not supported by the postgresql connector yet");
        }
        PgWriteStatement statement = statements.computeIfAbsent(spec,
                s -> new PgWriteStatement(requireTable(s.objectName()), s));
        if (rows.isEmpty() || !statement.needsDatabase()) {
            return statement.skipAll(rows.size());
        }
        Connection connection = connection();
        try {
            connection.setAutoCommit(false);
            try (Statement s = connection.createStatement()) {
                // Deferred constraints would fail at COMMIT, where savepoints can no longer isolate the row.
                s.execute("SET CONSTRAINTS ALL IMMEDIATE");
            }
            List<WriteResult> results = new ArrayList<>(rows.size());
            int chunk = statement.maxRowsPerStatement();
            for (int from = 0; from < rows.size(); from += chunk) {
                List<TargetRow> part = rows.subList(from, Math.min(rows.size(), from + chunk));
                results.addAll(SavepointBisector.write(connection, part, statement::execute));
            }
            refuseUnless(guard, connection);
            connection.commit();
            connection.setAutoCommit(true);
            return results;
        } catch (SQLException e) {
            rollbackQuietly(connection);
            throw failed(e, "writing to " + spec.objectName());
        }
    }

    /** Asks the guard at the last moment before COMMIT; a refusal rolls the batch back and propagates. */
    private static void refuseUnless(CommitGuard guard, Connection connection) {
        try {
            guard.beforeCommit();
        } catch (RuntimeException refused) {
            rollbackQuietly(connection);
            throw refused;
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
            connection.setAutoCommit(true);
        } catch (SQLException ignored) {
            // The connection is broken; the next write opens a new one.
        }
    }
}
