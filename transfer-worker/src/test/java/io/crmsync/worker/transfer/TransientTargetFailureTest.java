package io.crmsync.worker.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntConsumer;

import org.junit.jupiter.api.Test;

import io.crmsync.proto.config.v1.Operation;
import io.crmsync.proto.scheduler.v1.RunCounts;
import io.crmsync.testsupport.TestDatabases;
import io.crmsync.worker.connector.ConnectorRegistry;
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
import io.crmsync.worker.task.TaskControl;
import io.crmsync.worker.testing.Fixtures;
import io.crmsync.worker.testing.RecordingReporter;

/** The target's real connection is killed by the server before a write; the engine must ride it out or fail cleanly. */
class TransientTargetFailureTest extends EngineTestBase {

    @Test
    void shouldRetryABatchAfterTheTargetConnectionWasKilled() {
        // given: the connection dies before the second batch
        Fixtures.seedContacts(source, 30, 1);
        RecordingReporter reporter = new RecordingReporter();

        // when
        TaskOutcome outcome = runWithKills(reporter, write -> {
            if (write == 2) {
                killTargetSessions();
            }
        });

        // then
        assertThat(outcome).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(reporter.completion().counts()).isEqualTo(RunCounts.newBuilder().setRead(30).setCreated(30).build());
        assertThat(target.rows("SELECT " + CONTACT_COLUMNS + " FROM contacts ORDER BY id"))
                .isEqualTo(source.rows("SELECT " + CONTACT_COLUMNS + " FROM contacts ORDER BY id"));
    }

    @Test
    void shouldFailTheTaskWhenTheTargetKeepsDropping() {
        // given: before the second batch the connection dies and the database stops taking new ones
        Fixtures.seedContacts(source, 30, 1);
        RecordingReporter reporter = new RecordingReporter();

        // when (ALTER DATABASE runs from the source database: PostgreSQL refuses it on the current one)
        TaskOutcome outcome;
        try {
            outcome = runWithKills(reporter, write -> {
                if (write == 2) {
                    source.exec("ALTER DATABASE " + TestDatabases.name(Fixtures.TARGET_DB)
                            + " WITH ALLOW_CONNECTIONS false");
                    killTargetSessions();
                }
            });
        } finally {
            source.exec("ALTER DATABASE " + TestDatabases.name(Fixtures.TARGET_DB)
                    + " WITH ALLOW_CONNECTIONS true");
        }

        // then
        assertThat(outcome).isEqualTo(TaskOutcome.FAILED);
        assertThat(reporter.failures.get(0).code()).isEqualTo("transfer.target_unreachable");
        assertThat(reporter.failures.get(0).message()).startsWith("target endpoint 'warehouse': could not connect");
        assertThat(reporter.checkpoints).hasSize(1);
        assertThat(target.count("contacts")).isEqualTo(10);
    }

    /** Runs with batches of 10 and 2 attempts; {@code beforeWrite} gets each write call's number (1-based). */
    private TaskOutcome runWithKills(RecordingReporter reporter, IntConsumer beforeWrite) {
        TransferRunner runner = new TransferRunner(
                task -> Fixtures.definition(Fixtures.contactsPoint().build(), sourceEndpoint, targetEndpoint),
                reporter, ConnectorRegistry.of(new KillingConnector(beforeWrite)),
                new TransferSettings(10, 100, 2, Duration.ofMillis(5)));
        return runner.run(Fixtures.task().build(), new TaskControl());
    }

    private void killTargetSessions() {
        target.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? "
                + "AND application_name = 'crmsync-transfer-worker'", TestDatabases.name(Fixtures.TARGET_DB));
    }

    /** The real PostgreSQL connector, with a hook before each write of its target sessions. */
    private static final class KillingConnector implements SourceConnector, TargetConnector {

        private final PostgresConnector postgres = new PostgresConnector();
        private final IntConsumer beforeWrite;

        KillingConnector(IntConsumer beforeWrite) {
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
                public List<WriteResult> write(WriteSpec spec, List<TargetRow> rows) {
                    beforeWrite.accept(++writes);
                    return real.write(spec, rows);
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
}
