package io.crmsync.worker.testing;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntConsumer;

import io.crmsync.proto.config.v1.Operation;
import io.crmsync.worker.connector.CommitGuard;
import io.crmsync.worker.connector.ConnectorSession;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.ObjectDescription;
import io.crmsync.worker.connector.SourceConnector;
import io.crmsync.worker.connector.SourceSession;
import io.crmsync.worker.connector.TargetConnector;
import io.crmsync.worker.connector.TargetRow;
import io.crmsync.worker.connector.TargetSession;
import io.crmsync.worker.connector.WriteResult;
import io.crmsync.worker.connector.WriteSpec;
import io.crmsync.worker.connector.postgresql.PostgresConnector;

/**
 * The real PostgreSQL connector, with a hook run inside each batch write of its target sessions, before the batch
 * reaches the database; the hook gets the write call's number (1-based, per session).
 */
public final class HookedConnector implements SourceConnector, TargetConnector {

    private final PostgresConnector postgres = new PostgresConnector();
    private final IntConsumer beforeWrite;

    public HookedConnector(IntConsumer beforeWrite) {
        this.beforeWrite = beforeWrite;
    }

    @Override
    public String type() {
        return postgres.type();
    }

    @Override
    public ConnectorSession connect(EndpointAccess endpoint) {
        return postgres.connect(endpoint);
    }

    @Override
    public SourceSession openSource(EndpointAccess endpoint) {
        return postgres.openSource(endpoint);
    }

    @Override
    public Set<Operation> supportedOperations() {
        return postgres.supportedOperations();
    }

    @Override
    public TargetSession openTarget(EndpointAccess endpoint) {
        TargetSession real = postgres.openTarget(endpoint);
        return new TargetSession() {
            private int writes;

            @Override
            public List<WriteResult> write(WriteSpec spec, List<TargetRow> rows, CommitGuard guard) {
                beforeWrite.accept(++writes);
                return real.write(spec, rows, guard);
            }

            @Override
            public String serverVersion() {
                return real.serverVersion();
            }

            @Override
            public Optional<ObjectDescription> describe(String objectName) {
                return real.describe(objectName);
            }

            @Override
            public void close() {
                real.close();
            }
        };
    }
}
