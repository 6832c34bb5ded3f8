package io.crmsync.worker.connector.mariadb;

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
 * MariaDB over JDBC. Endpoint settings {@code jdbcUrl} ({@code jdbc:mariadb://host:port/database}),
 * {@code username} and optional {@code timeZone} (the zone of DATETIME and DATE values, UTC when not set);
 * credential secret {@code password}, which may be empty.
 */
@Singleton
@Named(MariaDbConnector.TYPE)
public class MariaDbConnector implements SourceConnector, TargetConnector {

    public static final String TYPE = "mariadb";
    static final Set<Operation> OPERATIONS = Set.of(Operation.OPERATION_UPSERT, Operation.OPERATION_INSERT_ONLY,
            Operation.OPERATION_UPDATE_ONLY);

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ConnectorSession connect(EndpointAccess endpoint) {
        return new MariaDbSession(endpoint);
    }

    @Override
    public SourceSession openSource(EndpointAccess endpoint) {
        return new MariaDbSource(endpoint);
    }

    @Override
    public TargetSession openTarget(EndpointAccess endpoint) {
        return new MariaDbTarget(endpoint);
    }

    @Override
    public Set<Operation> supportedOperations() {
        return OPERATIONS;
    }
}
