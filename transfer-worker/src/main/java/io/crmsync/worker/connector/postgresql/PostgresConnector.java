package io.crmsync.worker.connector.postgresql;

import java.util.Set;

import io.crmsync.proto.config.v1.Operation;
import io.crmsync.worker.connector.ConnectorSession;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.SourceConnector;
import io.crmsync.worker.connector.SourceSession;
import io.crmsync.worker.connector.TargetConnector;
import io.crmsync.worker.connector.TargetSession;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * PostgreSQL over JDBC. Endpoint settings {@code jdbcUrl} and {@code username}, credential secret
 * {@code password}.
 */
@Singleton
@Named(PostgresConnector.TYPE)
public class PostgresConnector implements SourceConnector, TargetConnector {

    public static final String TYPE = "postgresql";
    static final Set<Operation> OPERATIONS = Set.of(Operation.OPERATION_UPSERT, Operation.OPERATION_INSERT_ONLY,
            Operation.OPERATION_UPDATE_ONLY, Operation.OPERATION_DELETE);

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ConnectorSession connect(EndpointAccess endpoint) {
        return new PgSession(endpoint);
    }

    @Override
    public SourceSession openSource(EndpointAccess endpoint) {
        return new PgSource(endpoint);
    }

    @Override
    public TargetSession openTarget(EndpointAccess endpoint) {
        return new PgTarget(endpoint);
    }

    @Override
    public Set<Operation> supportedOperations() {
        return OPERATIONS;
    }

    @Override
    public boolean keepsNewerRecords() {
        return true;
    }
}
