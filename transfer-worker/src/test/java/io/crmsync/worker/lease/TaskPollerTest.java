package io.crmsync.worker.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.error.ErrorCode;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.proto.scheduler.v1.TaskState;
import io.crmsync.worker.WorkerConfig;
import io.crmsync.worker.connector.ConnectorRegistry;
import io.crmsync.worker.remote.SchedulerClient;
import io.crmsync.worker.testing.Fixtures;
import io.crmsync.worker.testing.RecordingReporter;
import io.crmsync.worker.transfer.TransferFailure;
import io.crmsync.worker.transfer.TransferRunner;
import io.crmsync.worker.transfer.TransferSettings;

class TaskPollerTest {

    private final Deque<Supplier<Optional<Task>>> answers = new ArrayDeque<>();
    private final RecordingReporter reporter = new RecordingReporter();

    @Test
    void shouldKeepPollingWhileTheSchedulerIsUnreachableAndRunTheTaskItLeasesLater() {
        // given
        answers.add(() -> {
            throw new CrmsyncException(ErrorCode.UNAVAILABLE, "scheduler-service is not reachable (UNAVAILABLE)");
        });
        answers.add(() -> {
            throw new CrmsyncException(ErrorCode.UNAVAILABLE, "scheduler-service is not reachable (UNAVAILABLE)");
        });
        answers.add(Optional::empty);
        answers.add(() -> Optional.of(Fixtures.task().build()));
        TaskPoller poller = poller();

        // when / then
        assertThat(poller.pollOnce()).isFalse();
        assertThat(poller.schedulerReachable()).isFalse();
        assertThat(poller.pollOnce()).isFalse();
        assertThat(poller.pollOnce()).isFalse();
        assertThat(poller.schedulerReachable()).isTrue();
        assertThat(poller.pollOnce()).isTrue();
        assertThat(reporter.completion().outcome()).isEqualTo(TaskState.TASK_STATE_FAILED);
        assertThat(reporter.completion().errorMessage()).isEqualTo("integration point point-1 does not exist any more");
    }

    private TaskPoller poller() {
        SchedulerClient scheduler = new SchedulerClient() {
            @Override
            public Optional<Task> leaseTask(String workerId) {
                assertThat(workerId).matches(".+-\\d+-[0-9a-f]{8}");
                return answers.removeFirst().get();
            }
        };
        TransferRunner runner = new TransferRunner(task -> {
            throw TransferFailure.configuration("integration point point-1 does not exist any more");
        }, reporter, ConnectorRegistry.of(), new TransferSettings(10, 10, 1, Duration.ZERO));
        return new TaskPoller(config(), scheduler, runner, new LeaseHeartbeat(scheduler, Clock.systemUTC()));
    }

    private static WorkerConfig config() {
        return new WorkerConfig() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public int concurrency() {
                return 1;
            }

            @Override
            public Duration pollInterval() {
                return Duration.ofMillis(10);
            }

            @Override
            public int batchSize() {
                return 10;
            }

            @Override
            public int fetchSize() {
                return 10;
            }

            @Override
            public int writeAttempts() {
                return 1;
            }

            @Override
            public Duration writeRetryDelay() {
                return Duration.ZERO;
            }
        };
    }
}
