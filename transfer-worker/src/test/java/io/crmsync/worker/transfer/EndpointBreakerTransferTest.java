package io.crmsync.worker.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import org.junit.jupiter.api.Test;

import io.crmsync.proto.config.v1.Operation;
import io.crmsync.proto.scheduler.v1.RunCounts;
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
import io.crmsync.worker.testing.Db;
import io.crmsync.worker.testing.Fixtures;
import io.crmsync.worker.testing.LogCapture;
import io.crmsync.worker.testing.RecordingReporter;

/**
 * The source goes down mid-read: once its circuit breaker opens, the engine leaves it alone for the cool-down even
 * though the source is back meanwhile, then one probe reopens it and the task completes.
 */
class EndpointBreakerTransferTest extends EngineTestBase {

    private static final Duration COOL_DOWN = Duration.ofMillis(600);

    @Test
    void shouldNotConnectToTheSourceWhileItsBreakerIsOpen() {
        // given: after the first checkpoint the source connection dies and the database refuses new ones; it
        // takes them again 100 ms after the first reopening failed, long before the cool-down ends
        Fixtures.seedContacts(source, 200, 1);
        TimedConnector connector = new TimedConnector(opened -> {
            if (opened == 2) {
                CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS).execute(this::allowSourceConnections);
            }
        });
        RecordingReporter reporter = new RecordingReporter().afterCheckpoint(n -> {
            if (n == 1) {
                target.exec("ALTER DATABASE " + TestDatabases.name(Fixtures.SOURCE_DB)
                        + " WITH ALLOW_CONNECTIONS false");
                killSourceSessions();
            }
        });

        // when: the read fails once, the reopening fails once, which opens the breaker (2 failures in a row)
        TaskOutcome outcome;
        try (LogCapture log = LogCapture.of(EndpointBreakers.class)) {
            try {
                outcome = runner(reporter, connector).run(Fixtures.task().build(), new TaskControl());
            } finally {
                allowSourceConnections();
            }

            // then: no connection attempt during the cool-down, then one probe that succeeds and closes it
            assertThat(outcome).isEqualTo(TaskOutcome.SUCCEEDED);
            assertThat(connector.opens).hasSize(3);
            assertThat(connector.opens.get(2) - connector.opens.get(1)).isGreaterThanOrEqualTo(COOL_DOWN.toNanos());
            assertThat(log.messages()).containsExactly(
                    "circuit breaker opened, leaving the endpoint alone endpoint_id=" + sourceEndpoint.id()
                            + " failures=2 cool_down_ms=600",
                    "circuit breaker closed, the endpoint answers again endpoint_id=" + sourceEndpoint.id());
        }
        assertThat(reporter.failures).isEmpty();
        assertThat(reporter.completion().counts()).isEqualTo(RunCounts.newBuilder().setRead(200).setCreated(200).build());
        assertThat(target.count("contacts")).isEqualTo(200);
    }

    /** Batches and fetches of 10, 6 attempts 5 ms apart, a breaker opening after 2 failures in a row. */
    private TransferRunner runner(RecordingReporter reporter, TimedConnector connector) {
        return new TransferRunner(
                task -> Fixtures.definition(Fixtures.contactsPoint().build(), sourceEndpoint, targetEndpoint),
                reporter, ConnectorRegistry.of(connector),
                new TransferSettings(10, 10, 6, Duration.ofMillis(5), 0, 2, 2, COOL_DOWN));
    }

    private void allowSourceConnections() {
        try (Db admin = Db.connect(targetUrl)) {
            admin.exec("ALTER DATABASE " + TestDatabases.name(Fixtures.SOURCE_DB) + " WITH ALLOW_CONNECTIONS true");
        }
    }

    private void killSourceSessions() {
        source.rows("SELECT pg_terminate_backend(pid, 5000)::text FROM pg_stat_activity WHERE datname = ? "
                + "AND pid <> pg_backend_pid() AND application_name = 'crmsync-transfer-worker'",
                TestDatabases.name(Fixtures.SOURCE_DB));
    }

    /** The real PostgreSQL connector, noting when the engine tries to open a source session (1-based count). */
    private static final class TimedConnector implements SourceConnector, TargetConnector {

        private final PostgresConnector postgres = new PostgresConnector();
        private final IntConsumer onOpen;
        final List<Long> opens = new CopyOnWriteArrayList<>();

        TimedConnector(IntConsumer onOpen) {
            this.onOpen = onOpen;
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
            opens.add(System.nanoTime());
            onOpen.accept(opens.size());
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
