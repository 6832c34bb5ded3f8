package io.crmsync.worker.connector.mariadb;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.Optional;

import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.jdbc.JdbcSession;

/** An open connection to a MariaDB endpoint; reopened after a connection failure. */
class MariaDbSession extends JdbcSession<MariaDbTable> {

    static final Dialect<MariaDbTable> DIALECT = new Dialect<>() {
        @Override
        public Connection open(EndpointAccess endpoint) {
            return MariaDbConnections.open(endpoint);
        }

        @Override
        public Optional<MariaDbTable> find(Connection connection, String objectName) throws SQLException {
            return MariaDbCatalog.find(connection, objectName);
        }

        @Override
        public ConnectorException operationFailure(SQLException e, String doing) {
            return MariaDbErrors.operationFailure(e, doing);
        }
    };

    /** Converts values in the endpoint's wall-clock zone. */
    protected final MariaDbValues values;

    MariaDbSession(EndpointAccess endpoint) {
        this(endpoint, MariaDbConnections.wallClockZone(endpoint));
    }

    /** The zone is checked before connecting, so a bad setting opens no connection. */
    private MariaDbSession(EndpointAccess endpoint, ZoneId zone) {
        super(endpoint, DIALECT, MariaDbTable::toDescription);
        this.values = new MariaDbValues(zone);
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
}
