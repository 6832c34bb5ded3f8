package io.crmsync.worker.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.error.ErrorCode;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.proto.scheduler.v1.TaskState;
import io.crmsync.worker.WorkerConfig;
import io.crmsync.worker.connector.ConnectorRegistry;
import io.crmsync.worker.remote.SchedulerClient;
import io.crmsync.worker.task.LeaseDeadlines;
import io.crmsync.worker.task.TaskDefinitions;
import io.crmsync.worker.task.TaskStoppedException;
import io.crmsync.worker.testing.Fixtures;
import io.crmsync.worker.testing.LogCapture;
import io.crmsync.worker.testing.RecordingReporter;
import io.crmsync.worker.transfer.TransferFailure;
import io.crmsync.worker.transfer.TransferRunner;
import io.crmsync.worker.transfer.TransferSettings;

class TaskPollerTest {

    private static final TaskDefinitions POINT_GONE = task -> {
        throw TransferFailure.configuration("integration point point-1 does not exist any more");
    };

    private final RecordingReporter reporter = new RecordingReporter();

    @Test
    void shouldKeepPollingWhileTheSchedulerIsUnreachableAndRunTheTaskItLeasesLater() {
        // given
        Deque<Supplier<Optional<Task>>> answers = new ArrayDeque<>();
        answers.add(() -> {
            throw new CrmsyncException(ErrorCode.UNAVAILABLE, "scheduler-service is not reachable (UNAVAILABLE)");
        });
        answers.add(() -> {
            throw new CrmsyncException(ErrorCode.UNAVAILABLE, "scheduler-service is not reachable (UNAVAILABLE)");
        });
        answers.add(Optional::empty);
        answers.add(() -> Optional.of(Fixtures.task().build()));
        TaskPoller poller = poller(new TestConfig(1, Duration.ofSeconds(5)), () -> answers.removeFirst().get(),
                POINT_GONE);
        List<Boolean> ran = new ArrayList<>();

        // when
        try (LogCapture log = LogCapture.of(TaskPoller.class)) {
            for (int i = 0; i < 4; i++) {
                ran.add(poller.pollOnce());
            }

            // then: the outage of two failed polls is logged once, and its end once
            assertThat(log.messages()).filteredOn(m -> m.startsWith("scheduler-service")).satisfiesExactly(
                    m -> assertThat(m).startsWith("scheduler-service unreachable, will keep polling"),
                    m -> assertThat(m).startsWith("scheduler-service reachable again"));
        }
        assertThat(ran).containsExactly(false, false, false, true);
        assertThat(reporter.completion().outcome()).isEqualTo(TaskState.TASK_STATE_FAILED);
        assertThat(reporter.completion().errorMessage()).isEqualTo("integration point point-1 does not exist any more");
    }

    @Test
    void shouldWaitForAllLoopsUntilOneSharedDeadlineAndNameTheTasksStillRunning() throws InterruptedException {
        // given: two loops, each running a task stuck in a call that ignores the stop
        ConcurrentLinkedQueue<Task> tasks = new ConcurrentLinkedQueue<>(List.of(
                Fixtures.task().setId("task-a").build(), Fixtures.task().setId("task-b").build()));
        CountDownLatch started = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        TaskDefinitions stuck = task -> {
            started.countDown();
            awaitQuietly(release);
            throw new TaskStoppedException("released");
        };
        TaskPoller poller = poller(new TestConfig(2, Duration.ofSeconds(1)), () -> Optional.ofNullable(tasks.poll()),
                stuck);
        poller.onStart(null);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        // when
        try (LogCapture log = LogCapture.of(TaskPoller.class)) {
            long begin = System.nanoTime();
            poller.onStop(null);
            Duration took = Duration.ofNanos(System.nanoTime() - begin);

            // then: one deadline for both loops (a deadline per loop would take 2 s or more)
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(1)).isLessThan(Duration.ofMillis(1900));
            assertThat(log.messages()).filteredOn(m -> m.contains("task_id=")).hasSize(2)
                    .allMatch(m -> m.startsWith("task still running at the shutdown deadline"))
                    .anyMatch(m -> m.contains("task_id=task-a "))
                    .anyMatch(m -> m.contains("task_id=task-b "));
            assertThat(log.messages()).noneMatch(m -> m.startsWith("lease loops stopped"));
        } finally {
            release.countDown();
        }
    }

    @Test
    void shouldStopIdleLoopsWithoutWaitingForTheDeadline() {
        // given
        TaskPoller poller = poller(new TestConfig(2, Duration.ofSeconds(10)), Optional::empty, POINT_GONE);
        poller.onStart(null);

        // when
        try (LogCapture log = LogCapture.of(TaskPoller.class)) {
            long begin = System.nanoTime();
            poller.onStop(null);
            Duration took = Duration.ofNanos(System.nanoTime() - begin);

            // then
            assertThat(took).isLessThan(Duration.ofSeconds(2));
            assertThat(log.messages()).anyMatch(m -> m.startsWith("lease loops stopped"))
                    .noneMatch(m -> m.contains("task_id="));
        }
    }

    private TaskPoller poller(WorkerConfig config, Supplier<Optional<Task>> leases, TaskDefinitions definitions) {
        SchedulerClient scheduler = new SchedulerClient() {
            @Override
            public Optional<Task> leaseTask(String workerId) {
                assertThat(workerId).matches(".+-\\d+-[0-9a-f]{8}");
                return leases.get();
            }
        };
        TransferRunner runner = new TransferRunner(definitions, reporter, ConnectorRegistry.of(),
                new TransferSettings(10, 10, 1, Duration.ZERO));
        return new TaskPoller(config, scheduler, runner, new LeaseHeartbeat(scheduler, Clock.systemUTC()),
                new LeaseDeadlines(Clock.systemUTC()));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lease loops on, polling every 10 ms, with the given concurrency and shutdown timeout. */
    private record TestConfig(int concurrency, Duration shutdownTimeout) implements WorkerConfig {

        @Override
        public boolean enabled() {
            return true;
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
        public int retryAttempts() {
            return 1;
        }

        @Override
        public Duration retryDelay() {
            return Duration.ZERO;
        }

        @Override
        public int breakerFailures() {
            return 5;
        }

        @Override
        public Duration breakerCoolDown() {
            return Duration.ofSeconds(30);
        }

        @Override
        public String csvRoot() {
            return "/var/lib/crmsync/files";
        }

        @Override
        public long rangeRows() {
            return 0;
        }

        @Override
        public int maxRanges() {
            return 2;
        }
    }
}
