package io.crmsync.worker.transfer;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import io.crmsync.proto.config.v1.Integration;
import io.crmsync.proto.config.v1.IntegrationPoint;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.worker.connector.ConnectorRegistry;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.postgresql.PostgresConnector;
import io.crmsync.worker.task.TaskControl;
import io.crmsync.worker.testing.Db;
import io.crmsync.worker.testing.Fixtures;
import io.crmsync.worker.testing.RecordingReporter;

/**
 * Runs the engine below the gRPC layer against two real PostgreSQL databases; only the remote services are
 * replaced, by a {@link RecordingReporter}.
 */
abstract class EngineTestBase {

    static String sourceUrl;
    static String targetUrl;

    Db source;
    Db target;
    EndpointAccess sourceEndpoint;
    EndpointAccess targetEndpoint;

    @BeforeAll
    static void createDatabases() {
        sourceUrl = Db.recreate(Fixtures.SOURCE_DB);
        targetUrl = Db.recreate(Fixtures.TARGET_DB);
    }

    @BeforeEach
    void createTables() {
        source = Db.connect(sourceUrl);
        target = Db.connect(targetUrl);
        source.exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
        target.exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
        source.exec(Fixtures.SOURCE_TABLE);
        target.exec(Fixtures.TARGET_TABLE);
        sourceEndpoint = Fixtures.endpoint("crm-source", sourceUrl);
        targetEndpoint = Fixtures.endpoint("warehouse", targetUrl);
    }

    @AfterEach
    void closeConnections() {
        source.close();
        target.close();
    }

    /** A runner whose config-service stand-in answers every task with {@code integration} and these endpoints. */
    TransferRunner runner(RecordingReporter reporter, int batchSize, Integration integration) {
        return new TransferRunner(task -> Fixtures.definition(integration, sourceEndpoint, targetEndpoint), reporter,
                ConnectorRegistry.of(new PostgresConnector()),
                new TransferSettings(batchSize, 100, 2, Duration.ofMillis(10)));
    }

    TaskOutcome run(RecordingReporter reporter, int batchSize, Task task, IntegrationPoint point) {
        return run(reporter, batchSize, task, Fixtures.integration(point, true, true));
    }

    TaskOutcome run(RecordingReporter reporter, int batchSize, Task task, Integration integration) {
        return runner(reporter, batchSize, integration).run(task, new TaskControl());
    }

    static final String CONTACT_COLUMNS = "id, email, first_name, last_name, age, updated_at";
}
