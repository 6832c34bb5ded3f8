package io.crmsync.worker.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.IntConsumer;

import org.junit.jupiter.api.Test;

import io.crmsync.proto.exception.v1.ExceptionSide;
import io.crmsync.proto.scheduler.v1.RunCounts;
import io.crmsync.testsupport.TestDatabases;
import io.crmsync.worker.connector.ConnectorRegistry;
import io.crmsync.worker.task.TaskControl;
import io.crmsync.worker.testing.Fixtures;
import io.crmsync.worker.testing.HookedConnector;
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
        assertThat(reporter.failures.get(0).side()).isEqualTo(ExceptionSide.EXCEPTION_SIDE_TARGET);
        assertThat(reporter.failures.get(0).message()).startsWith("target endpoint 'warehouse': could not connect");
        assertThat(reporter.checkpoints).hasSize(1);
        assertThat(target.count("contacts")).isEqualTo(10);
    }

    /** Runs with batches of 10 and 2 attempts; {@code beforeWrite} gets each write call's number (1-based). */
    private TaskOutcome runWithKills(RecordingReporter reporter, IntConsumer beforeWrite) {
        TransferRunner runner = new TransferRunner(
                task -> Fixtures.definition(Fixtures.contactsPoint().build(), sourceEndpoint, targetEndpoint),
                reporter, ConnectorRegistry.of(new HookedConnector(beforeWrite)),
                new TransferSettings(10, 100, 2, Duration.ofMillis(5)));
        return runner.run(Fixtures.task().build(), new TaskControl());
    }

    private void killTargetSessions() {
        target.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? "
                + "AND application_name = 'crmsync-transfer-worker'", TestDatabases.name(Fixtures.TARGET_DB));
    }
}
