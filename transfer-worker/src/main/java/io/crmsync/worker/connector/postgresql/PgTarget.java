package io.crmsync.worker.connector.postgresql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Savepoint;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.crmsync.worker.connector.CommitGuard;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.TargetRow;
import io.crmsync.worker.connector.TargetSession;
import io.crmsync.worker.connector.WriteResult;
import io.crmsync.worker.connector.WriteSpec;

/**
 * Writes batches to one table of a PostgreSQL endpoint, each batch in its own transaction.
 *
 * <p>While a table that was empty when this session first wrote to it receives only new records (an initial
 * load), batches are COPYed straight into it: nothing can match, so every row is created. The first batch that
 * collides with an existing key (a record written meanwhile by someone else, a key repeated in the source) is
 * rolled back to its savepoint and merged through the stage instead, and so are all later batches.
 */
final class PgTarget extends PgSession implements TargetSession {

    private static final String UNIQUE_VIOLATION = "23505";

    private final Map<WriteSpec, PgWriteStatement> statements = new HashMap<>();
    /** Specs still loading an empty table by plain COPY; decided at their first batch. */
    private final Map<WriteSpec, Boolean> appending = new HashMap<>();
    private Connection configured;

    PgTarget(EndpointAccess endpoint) {
        super(endpoint);
    }

    @Override
    public List<WriteResult> write(WriteSpec spec, List<TargetRow> rows, CommitGuard guard) {
        spec.requireOperationIn(PostgresConnector.OPERATIONS, PostgresConnector.TYPE, " yet");
        PgWriteStatement statement = statements.computeIfAbsent(spec,
                s -> new PgWriteStatement(requireTable(s.objectName()), s));
        if (rows.isEmpty() || !statement.needsDatabase()) {
            return statement.skipAll(rows.size());
        }
        Connection connection = connection();
        try {
            configure(connection);
            statement.prepare(connection);
            Boolean append = appending.get(spec);
            if (append == null) {
                append = statement.createsAllInEmptyTarget() && isEmpty(connection, spec.objectName());
                appending.put(spec, append);
            }
            connection.setAutoCommit(false);
            try (Statement s = connection.createStatement()) {
                // Deferred constraints would fail at COMMIT, where savepoints can no longer isolate the row.
                s.execute("SET CONSTRAINTS ALL IMMEDIATE");
            }
            List<WriteResult> results = append ? tryAppend(connection, spec, statement, rows) : null;
            if (results == null) {
                results = SavepointBisector.write(connection, rows, statement::execute);
            }
            commitUnlessRefused(guard, connection);
            return results;
        } catch (SQLException e) {
            rollbackQuietly(connection);
            throw failed(e, "writing to " + spec.objectName());
        }
    }

    /**
     * COPYs the batch straight into the target; null when a row refused it, after rolling back to the savepoint.
     * A duplicate key ends the initial load for good; another refusal (a value the column rejects) leaves the
     * merge to isolate that row in this batch only.
     */
    private List<WriteResult> tryAppend(Connection connection, WriteSpec spec, PgWriteStatement statement,
            List<TargetRow> rows) throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        try {
            List<WriteResult> results = statement.appendToTarget(connection, rows);
            connection.releaseSavepoint(savepoint);
            return results;
        } catch (SQLException e) {
            if (!PgErrors.isRowFailure(e)) {
                throw e;
            }
            connection.rollback(savepoint);
            connection.releaseSavepoint(savepoint);
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                appending.put(spec, false);
            }
            return null;
        }
    }

    private boolean isEmpty(Connection connection, String objectName) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT NOT EXISTS (SELECT 1 FROM "
                        + requireTable(objectName).quotedName() + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /**
     * Plans every write for the table as it is now: a plan cached while the target was empty (a seq scan where an
     * index probe belongs) would otherwise be reused as the table grows, making a large load quadratic.
     */
    private void configure(Connection connection) throws SQLException {
        if (connection != configured) {
            try (Statement s = connection.createStatement()) {
                s.execute("SET plan_cache_mode = force_custom_plan");
            }
            configured = connection;
        }
    }
}
