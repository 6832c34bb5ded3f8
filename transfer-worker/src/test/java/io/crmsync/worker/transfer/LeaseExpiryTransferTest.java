package io.crmsync.worker.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

import org.junit.jupiter.api.Test;

import io.crmsync.worker.connector.ConnectorRegistry;
import io.crmsync.worker.task.LeaseDeadline;
import io.crmsync.worker.task.TaskControl;
import io.crmsync.worker.testing.Fixtures;
import io.crmsync.worker.testing.HookedConnector;
import io.crmsync.worker.testing.LogCapture;
import io.crmsync.worker.testing.RecordingReporter;

/**
 * A worker frozen past its lease (SIGSTOP, a long GC pause) wakes up with the task's lease deadline gone: it must
 * commit nothing more at the target and leave the task uncompleted, whatever its heartbeat has heard.
 */
class LeaseExpiryTransferTest extends EngineTestBase {

    /** 30 s granted at 0 on the monotonic clock: the deadline falls at 27 s. */
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final long PAST_DEADLINE = Duration.ofSeconds(28).toNanos();

    private final AtomicLong nanos = new AtomicLong();
    private final RecordingReporter reporter = new RecordingReporter();
    private TaskControl control;

    @Test
    void shouldRollBackABatchWhoseCommitComesAfterTheLeaseDeadline() {
        // given: 30 contacts in batches of 10; the worker freezes inside the second batch's write
        Fixtures.seedContacts(source, 30, 1);

        // when
        TaskOutcome outcome;
        try (LogCapture log = LogCapture.of(BatchWriter.class)) {
            outcome = run(write -> {
                if (write == 2) {
                    nanos.set(PAST_DEADLINE);
                }
            });

            // then
            assertThat(log.messages()).containsExactly(
                    "lease expired before commit, batch rolled back task_id=task-1 epoch=1");
        }
        assertThat(outcome).isEqualTo(TaskOutcome.STOPPED);
        assertThat(control.reason()).isEqualTo("lease expired");
        assertThat(target.count("contacts")).isEqualTo(10);
        assertThat(reporter.checkpoints).hasSize(1);
        assertThat(reporter.completions).isEmpty();
    }

    @Test
    void shouldStartNoBatchAfterTheLeaseDeadline() {
        // given: the worker freezes right after the first checkpoint
        Fixtures.seedContacts(source, 30, 1);
        reporter.afterCheckpoint(n -> nanos.set(PAST_DEADLINE));
        int[] writes = {0};

        // when
        TaskOutcome outcome = run(write -> writes[0] = write);

        // then
        assertThat(outcome).isEqualTo(TaskOutcome.STOPPED);
        assertThat(writes[0]).isEqualTo(1);
        assertThat(target.count("contacts")).isEqualTo(10);
        assertThat(reporter.completions).isEmpty();
    }

    @Test
    void shouldCommitEveryBatchWhileTheLeaseHolds() {
        // given
        Fixtures.seedContacts(source, 30, 1);

        // when: the clock moves, but stays short of the deadline
        TaskOutcome outcome = run(write -> nanos.addAndGet(Duration.ofSeconds(8).toNanos()));

        // then
        assertThat(outcome).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(target.count("contacts")).isEqualTo(30);
    }

    private TaskOutcome run(IntConsumer beforeWrite) {
        Clock wall = Clock.fixed(Fixtures.T0, ZoneOffset.UTC);
        LeaseDeadline deadline = new LeaseDeadline("task-1", 1, nanos::get, wall);
        deadline.extend(0, Fixtures.T0.plus(LEASE));
        control = new TaskControl(deadline);
        TransferRunner runner = new TransferRunner(
                task -> Fixtures.definition(Fixtures.contactsPoint().build(), sourceEndpoint, targetEndpoint),
                reporter, ConnectorRegistry.of(new HookedConnector(beforeWrite)),
                new TransferSettings(10, 100, 2, Duration.ofMillis(5)));
        return runner.run(Fixtures.task().build(), control);
    }
}
