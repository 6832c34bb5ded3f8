package io.crmsync.worker.connector.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.crmsync.worker.connector.CommitGuard;
import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorException.Reason;
import io.crmsync.worker.connector.ConnectorSession;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.ObjectDescription;

/**
 * An open connection to a SQL endpoint, reopened after a failure that may have broken it, with each table's
 * catalog description read once per session. The database's own parts come as a {@link Dialect}.
 *
 * @param <T> the dialect's description of a table
 */
public abstract class JdbcSession<T> implements ConnectorSession {

    /** How one database opens connections, finds tables and classifies failures. */
    public interface Dialect<T> {

        /** Opens an authenticated connection; fails with an admin-safe {@link ConnectorException}. */
        Connection open(EndpointAccess endpoint);

        /** The table's description, or empty when there is no such table. */
        Optional<T> find(Connection connection, String objectName) throws SQLException;

        /** Classifies a failure of work on an open connection. */
        ConnectorException operationFailure(SQLException e, String doing);
    }

    protected final EndpointAccess endpoint;
    private final Dialect<T> dialect;
    private final Function<T, ObjectDescription> describer;
    private final Map<String, Optional<T>> tables = new HashMap<>();
    private Connection connection;
    private boolean suspect;

    protected JdbcSession(EndpointAccess endpoint, Dialect<T> dialect, Function<T, ObjectDescription> describer) {
        this.endpoint = endpoint;
        this.dialect = dialect;
        this.describer = describer;
        this.connection = dialect.open(endpoint);
    }

    @Override
    public Optional<ObjectDescription> describe(String objectName) {
        return table(objectName).map(describer);
    }

    /** The table's description, read once per session. */
    public Optional<T> table(String objectName) {
        Optional<T> known = tables.get(objectName);
        if (known != null) {
            return known;
        }
        try {
            Optional<T> table = dialect.find(connection(), objectName);
            tables.put(objectName, table);
            return table;
        } catch (SQLException e) {
            throw failed(e, "describing " + objectName);
        }
    }

    public T requireTable(String objectName) {
        return table(objectName).orElseThrow(() -> new ConnectorException(Reason.CONFIGURATION,
                "object '" + objectName + "' does not exist"));
    }

    /** The connection, replaced by a fresh one when the last use failed in a way that may have broken it. */
    protected Connection connection() {
        if (suspect) {
            if (!isUsable()) {
                closeQuietly();
                connection = dialect.open(endpoint); // stays suspect when this fails
            }
            suspect = false;
        }
        return connection;
    }

    /**
     * Classifies a failure and remembers to check the connection before the next use. Public for the connector's
     * own streams and statements, which share the session's connection.
     */
    public ConnectorException failed(SQLException e, String doing) {
        ConnectorException failure = dialect.operationFailure(e, doing);
        suspect = failure.isTransient();
        return failure;
    }

    /**
     * Asks the guard at the last moment before COMMIT, then commits and returns to autocommit; a refusal rolls the
     * batch back and propagates.
     */
    protected static void commitUnlessRefused(CommitGuard guard, Connection connection) throws SQLException {
        try {
            guard.beforeCommit();
        } catch (RuntimeException refused) {
            rollbackQuietly(connection);
            throw refused;
        }
        connection.commit();
        connection.setAutoCommit(true);
    }

    /** Ends a failed batch's transaction; a broken connection is left for the next use to replace. */
    protected static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
            connection.setAutoCommit(true);
        } catch (SQLException ignored) {
            // The connection is broken; the next write opens a new one.
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private boolean isUsable() {
        try {
            return !connection.isClosed() && connection.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    private void closeQuietly() {
        try {
            connection.close();
        } catch (SQLException | RuntimeException ignored) {
            // Closing a broken connection may fail; there is nothing left to release.
        }
    }
}
