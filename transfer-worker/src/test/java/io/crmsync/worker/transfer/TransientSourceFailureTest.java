package io.crmsync.worker.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.crmsync.proto.config.v1.Operation;
import io.crmsync.proto.exception.v1.ExceptionKind;
import io.crmsync.proto.scheduler.v1.RunCounts;
import io.crmsync.proto.scheduler.v1.TaskState;
import io.crmsync.testsupport.TestDatabases;
import io.crmsync.worker.connector.ConnectorRegistry;
import io.crmsync.worker.connector.ConnectorSession;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.SourceConnector;
import io.crmsync.worker.connector.SourceSession;
import io.crmsync.worker.connector.TargetConnector;
import io.crmsync.worker.connector.TargetSession;
import io.crmsync.worker.connector.postgresql.PostgresConnector;
import io.crmsync.worker.task.TaskControl;
import io.crmsync.worker.testing.Fixtures;
import io.crmsync.worker.testing.RecordingReporter;

/**
 * The source's real connection is killed by the server between batches; the engine must resume reading after
 * its last checkpoint, or fail cleanly when the source stays away.
 */
class TransientSourceFailureTest extends EngineTestBase {

    @Test
    void shouldResumeAfterTheLastCheckpointWhenTheSourceConnectionIsKilled() {
        // given: rows in groups of 4 sharing a modification time, so the first checkpoint (id 10) splits a tie;
        // the source connection dies once the first batch is checkpointed, when the read-ahead holds at most
        // 40 of the 200 rows
        Fixtures.seedContacts(source, 200, 4);
        CountingConnector connector = new CountingConnector();
        RecordingReporter reporter = new RecordingReporter().afterCheckpoint(n -> {
            if (n == 1) {
                killSourceSessions();
            }
        });

        // when
        TaskOutcome outcome = runReading(reporter, connector, 3);

        // then: the batches read before the kill were written, then a second session read on after the last
        // checkpoint; nothing was read or written twice
        assertThat(outcome).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(connector.sourcesOpened).isEqualTo(2);
        assertThat(reporter.checkpoints).extracting(c -> List.copyOf(c.cursor().getKeyList()))
                .isEqualTo(IntStream.rangeClosed(1, 20).mapToObj(i -> List.of(Integer.toString(i * 10))).toList());
        assertThat(reporter.completion().outcome()).isEqualTo(TaskState.TASK_STATE_SUCCEEDED);
        assertThat(reporter.completion().counts())
                .isEqualTo(RunCounts.newBuilder().setRead(200).setCreated(200).build());
        assertThat(reporter.failures).isEmpty();
        assertThat(target.rows("SELECT count(*)::text, count(DISTINCT id)::text FROM contacts"))
                .containsExactly(List.of("200", "200"));
        assertThat(target.rows("SELECT " + CONTACT_COLUMNS + " FROM contacts ORDER BY id"))
                .isEqualTo(source.rows("SELECT " + CONTACT_COLUMNS + " FROM contacts ORDER BY id"));
    }

    @Test
    void shouldFailTheTaskWhenTheSourceStaysUnreachable() {
        // given: after the first checkpoint the source connection dies and the database stops taking new ones
        // (ALTER DATABASE runs from the target database: PostgreSQL refuses it on the current one)
        Fixtures.seedContacts(source, 200, 1);
        CountingConnector connector = new CountingConnector();
        RecordingReporter reporter = new RecordingReporter().afterCheckpoint(n -> {
            if (n == 1) {
                target.exec("ALTER DATABASE " + TestDatabases.name(Fixtures.SOURCE_DB)
                        + " WITH ALLOW_CONNECTIONS false");
                killSourceSessions();
            }
        });

        // when
        TaskOutcome outcome;
        try {
            outcome = runReading(reporter, connector, 3);
        } finally {
            target.exec("ALTER DATABASE " + TestDatabases.name(Fixtures.SOURCE_DB)
                    + " WITH ALLOW_CONNECTIONS true");
        }

        // then: the batches read ahead before the kill (1 to 4) are written, then three attempts in all (the
        // first session's read, then two reopenings), then the usual failure
        assertThat(outcome).isEqualTo(TaskOutcome.FAILED);
        assertThat(connector.sourcesOpened).isEqualTo(3);
        assertThat(reporter.failures).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(ExceptionKind.EXCEPTION_KIND_RUN_FAILURE);
            assertThat(f.code()).isEqualTo("transfer.source_unreachable");
            assertThat(f.message()).startsWith("source endpoint 'crm-source': could not connect")
                    .doesNotContain("jdbc:");
        });
        assertThat(reporter.completion().outcome()).isEqualTo(TaskState.TASK_STATE_FAILED);
        int written = 10 * reporter.checkpoints.size();
        assertThat(reporter.checkpoints).hasSizeBetween(1, 4);
        assertThat(reporter.completion().counts())
                .isEqualTo(RunCounts.newBuilder().setRead(written).setCreated(written).build());
        assertThat(target.count("contacts")).isEqualTo(written);
    }

    /**
     * Runs contacts with batches of 10 and a fetch size of 10, so the read goes back to the server after every
     * batch, and {@code attempts} attempts per transient failure.
     */
    private TaskOutcome runReading(RecordingReporter reporter, CountingConnector connector, int attempts) {
        TransferRunner runner = new TransferRunner(
                task -> Fixtures.definition(Fixtures.contactsPoint().build(), sourceEndpoint, targetEndpoint),
                reporter, ConnectorRegistry.of(connector),
                new TransferSettings(10, 10, attempts, Duration.ofMillis(5)));
        return runner.run(Fixtures.task().build(), new TaskControl());
    }

    /** Terminates the worker's sessions on the source database, waiting until they are gone. */
    private void killSourceSessions() {
        List<List<String>> killed = source.rows("SELECT pg_terminate_backend(pid, 5000)::text FROM pg_stat_activity "
                + "WHERE datname = ? AND pid <> pg_backend_pid() AND application_name = 'crmsync-transfer-worker'",
                TestDatabases.name(Fixtures.SOURCE_DB));
        assertThat(killed).isNotEmpty().allMatch(row -> row.equals(List.of("true")));
    }

    /** The real PostgreSQL connector, counting the source sessions the engine opens. */
    private static final class CountingConnector implements SourceConnector, TargetConnector {

        private final PostgresConnector postgres = new PostgresConnector();
        int sourcesOpened;

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
            sourcesOpened++;
            return postgres.openSource(endpoint);
        }

        @Override
        public TargetSession openTarget(EndpointAccess endpoint) {
            return postgres.openTarget(endpoint);
        }

        @Override
        public Set<Operation> supportedOperations() {
            return postgres.supportedOperations();
        }
    }
}
