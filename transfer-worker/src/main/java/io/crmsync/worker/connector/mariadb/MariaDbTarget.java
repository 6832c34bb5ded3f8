package io.crmsync.worker.connector.mariadb;

import java.sql.Connection;
import java.sql.SQLException;
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
import io.crmsync.worker.connector.jdbc.SavepointBisector;

/** Writes batches to one table of a MariaDB endpoint, each batch in its own transaction. */
final class MariaDbTarget extends MariaDbSession implements TargetSession {

    private final Map<WriteSpec, MariaDbMerge> merges = new HashMap<>();
    /** The connection and merge the temporary stage tables were last made for; a reconnect loses them. */
    private Connection stagedOn;
    private MariaDbMerge stagedFor;

    MariaDbTarget(EndpointAccess endpoint) {
        super(endpoint);
    }

    @Override
    public List<WriteResult> write(WriteSpec spec, List<TargetRow> rows, CommitGuard guard) {
        if (!MariaDbConnector.OPERATIONS.contains(spec.operation())) {
            throw new ConnectorException(Reason.CONFIGURATION, "operation "
                    + spec.operation().name().replaceFirst("^OPERATION_", "")
                    + " is not supported by the mariadb connector yet");
        }
        MariaDbMerge merge = merges.computeIfAbsent(spec,
                s -> new MariaDbMerge(requireTable(s.objectName()), s, values));
        if (rows.isEmpty() || !merge.needsDatabase()) {
            return merge.skipAll(rows.size());
        }
        Connection connection = connection();
        try {
            if (merge.needsStage() && (connection != stagedOn || merge != stagedFor)) {
                stagedOn = null;
                merge.createStage(connection);
                stagedOn = connection;
                stagedFor = merge;
            }
            connection.setAutoCommit(false);
            List<WriteResult> results = SavepointBisector.write(connection, rows, merge::execute,
                    MariaDbErrors.ROW_FAILURES);
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
