package io.crmsync.worker.connector.postgresql;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Optional;

import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.jdbc.JdbcSession;

/** An open connection to a PostgreSQL endpoint; reopened after a connection failure. */
class PgSession extends JdbcSession<PgTable> {

    static final Dialect<PgTable> DIALECT = new Dialect<>() {
        @Override
        public Connection open(EndpointAccess endpoint) {
            return PgConnections.open(endpoint);
        }

        @Override
        public Optional<PgTable> find(Connection connection, String objectName) throws SQLException {
            return PgCatalog.find(connection, objectName);
        }

        @Override
        public ConnectorException operationFailure(SQLException e, String doing) {
            return PgErrors.operationFailure(e, doing);
        }
    };

    PgSession(EndpointAccess endpoint) {
        super(endpoint, DIALECT, PgTable::toDescription);
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
}
