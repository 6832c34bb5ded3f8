package io.crmsync.worker.connector.postgresql;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorException.Reason;
import io.crmsync.worker.connector.ConnectorSession;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.ObjectDescription;

/** An open connection to a PostgreSQL endpoint; reopened after a connection failure. */
class PgSession implements ConnectorSession {

    protected final EndpointAccess endpoint;
    private final Map<String, Optional<PgTable>> tables = new HashMap<>();
    private Connection connection;
    private boolean suspect;

    PgSession(EndpointAccess endpoint) {
        this.endpoint = endpoint;
        this.connection = PgConnections.open(endpoint);
    }

    @Override
    public String serverVersion() {
        try {
            DatabaseMetaData meta = connection().getMetaData();
            return meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
        } catch (SQLException e) {
            throw failed(e, "reading the server version");
        }
    }

    @Override
    public Optional<ObjectDescription> describe(String objectName) {
        return table(objectName).map(PgTable::toDescription);
    }

    /** The table's catalog description, read once per session. */
    Optional<PgTable> table(String objectName) {
        Optional<PgTable> known = tables.get(objectName);
        if (known != null) {
            return known;
        }
        try {
            Optional<PgTable> table = PgCatalog.find(connection(), objectName);
            tables.put(objectName, table);
            return table;
        } catch (SQLException e) {
            throw failed(e, "describing " + objectName);
        }
    }

    PgTable requireTable(String objectName) {
        return table(objectName).orElseThrow(() -> new ConnectorException(Reason.CONFIGURATION,
                "object '" + objectName + "' does not exist"));
    }

    /** The connection, replaced by a fresh one when the last use failed in a way that may have broken it. */
    Connection connection() {
        if (suspect) {
            if (!isUsable()) {
                closeQuietly();
                connection = PgConnections.open(endpoint); // stays suspect when this fails
            }
            suspect = false;
        }
        return connection;
    }

    /** Classifies a failure and remembers to check the connection before the next use. */
    ConnectorException failed(SQLException e, String doing) {
        ConnectorException failure = PgErrors.operationFailure(e, doing);
        suspect = failure.isTransient();
        return failure;
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
