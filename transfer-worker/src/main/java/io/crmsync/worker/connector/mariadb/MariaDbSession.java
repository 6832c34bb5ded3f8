package io.crmsync.worker.connector.mariadb;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorException.Reason;
import io.crmsync.worker.connector.ConnectorSession;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.ObjectDescription;

/** An open connection to a MariaDB endpoint; reopened after a connection failure. */
class MariaDbSession implements ConnectorSession {

    protected final EndpointAccess endpoint;
    protected final MariaDbValues values;
    private final Map<String, Optional<MariaDbTable>> tables = new HashMap<>();
    private Connection connection;
    private boolean suspect;

    MariaDbSession(EndpointAccess endpoint) {
        this.endpoint = endpoint;
        ZoneId zone = MariaDbConnections.wallClockZone(endpoint);
        this.values = new MariaDbValues(zone);
        this.connection = MariaDbConnections.open(endpoint);
    }

    @Override
    public String serverVersion() {
        try {
            DatabaseMetaData meta = connection().getMetaData();
            return "MariaDB " + meta.getDatabaseProductVersion();
        } catch (SQLException e) {
            throw failed(e, "reading the server version");
        }
    }

    @Override
    public Optional<ObjectDescription> describe(String objectName) {
        return table(objectName).map(MariaDbTable::toDescription);
    }

    /** The table's description, read once per session. */
    Optional<MariaDbTable> table(String objectName) {
        Optional<MariaDbTable> known = tables.get(objectName);
        if (known != null) {
            return known;
        }
        try {
            Optional<MariaDbTable> table = MariaDbCatalog.find(connection(), objectName);
            tables.put(objectName, table);
            return table;
        } catch (SQLException e) {
            throw failed(e, "describing " + objectName);
        }
    }

    MariaDbTable requireTable(String objectName) {
        return table(objectName).orElseThrow(() -> new ConnectorException(Reason.CONFIGURATION,
                "object '" + objectName + "' does not exist"));
    }

    /** The connection, replaced by a fresh one when the last use failed in a way that may have broken it. */
    Connection connection() {
        if (suspect) {
            if (!isUsable()) {
                closeQuietly();
                connection = MariaDbConnections.open(endpoint); // stays suspect when this fails
            }
            suspect = false;
        }
        return connection;
    }

    /** Classifies a failure and remembers to check the connection before the next use. */
    ConnectorException failed(SQLException e, String doing) {
        ConnectorException failure = MariaDbErrors.operationFailure(e, doing);
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
