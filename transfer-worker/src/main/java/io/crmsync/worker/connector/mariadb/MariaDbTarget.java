package io.crmsync.worker.connector.mariadb;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.crmsync.worker.connector.CommitGuard;
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
        spec.requireOperationIn(MariaDbConnector.OPERATIONS, "mariadb", " yet");
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
            commitUnlessRefused(guard, connection);
            return results;
        } catch (SQLException e) {
            rollbackQuietly(connection);
            throw failed(e, "writing to " + spec.objectName());
        }
    }
}
