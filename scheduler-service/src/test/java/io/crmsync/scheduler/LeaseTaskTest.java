package io.crmsync.scheduler;

import static io.crmsync.proto.scheduler.v1.RunMode.RUN_MODE_FULL;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.common.time.Timestamps;
import io.crmsync.proto.scheduler.v1.CompleteTaskRequest;
import io.crmsync.proto.scheduler.v1.Cursor;
import io.crmsync.proto.scheduler.v1.LeaseTaskRequest;
import io.crmsync.proto.scheduler.v1.RenewLeaseRequest;
import io.crmsync.proto.scheduler.v1.RenewLeaseResponse;
import io.crmsync.proto.scheduler.v1.Run;
import io.crmsync.proto.scheduler.v1.RunCounts;
import io.crmsync.proto.scheduler.v1.RunState;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.proto.scheduler.v1.TaskState;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class LeaseTaskTest extends SchedulerTestBase {

    @BeforeEach
    void onlyThisTestsTasksAreRunnable() {
        testRuns.cancelUnfinished();
    }

    @Test
    void shouldLeaseOldestTaskWithEpochOneAndStartItsRun() {
        // given
        Run run = trigger(newIntegrationId(), RUN_MODE_FULL, "accounts", "contacts");
        Instant now = clock.instant();

        // when
        Task task = lease("worker-a");

        // then
        assertThat(task.getId()).isEqualTo(run.getTasks(0).getId());
        assertThat(task.getState()).isEqualTo(TaskState.TASK_STATE_LEASED);
        assertThat(task.getEpoch()).isEqualTo(1);
        assertThat(task.getWorkerId()).isEqualTo("worker-a");
        assertThat(task.getLeaseExpireTime()).isEqualTo(Timestamps.of(now.plus(LEASE)));
        assertThat(task.getIntegrationVersion()).isEqualTo(3);
        Run started = getRun(run.getId());
        assertThat(started.getState()).isEqualTo(RunState.RUN_STATE_RUNNING);
        assertThat(started.getStartTime()).isEqualTo(Timestamps.of(now));
        assertThat(started.getTasks(1).getState()).isEqualTo(TaskState.TASK_STATE_PENDING);
    }

    @Test
    void shouldReturnNoTaskWhenNothingIsRunnable() {
        // given
        trigger(newIntegrationId(), RUN_MODE_FULL, "accounts");
        lease("worker-a");

        // when
        var response = api().leaseTask(LeaseTaskRequest.newBuilder().setWorkerId("worker-b").build());

        // then
        assertThat(response.hasTask()).isFalse();
    }

    @Test
    void shouldRefuseCheckpointWithStaleEpoch() {
        // given
        trigger(newIntegrationId(), RUN_MODE_FULL, "accounts");
        Task task = lease("worker-a");

        // when / then
        assertFails(() -> checkpoint(task.getId(), task.getEpoch() + 1, cursor(clock.instant(), "7"),
                counts(5, 5, 0, 0)), Status.Code.FAILED_PRECONDITION, "scheduler.stale_epoch");
        assertThat(getRun(task.getRunId()).getTasks(0).hasCheckpoint()).as("the refused checkpoint wrote nothing")
                .isFalse();
    }

    @Test
    void shouldReleaseExpiredLeaseWithNextEpochFromItsCheckpoint() {
        // given
        trigger(newIntegrationId(), RUN_MODE_FULL, "accounts");
        Task first = lease("worker-a");
        Cursor position = cursor(Instant.parse("2029-12-31T10:00:00Z"), "acme", "42");
        RunCounts soFar = counts(100, 60, 40, 0);
        checkpoint(first.getId(), first.getEpoch(), position, soFar);
        clock.advance(LEASE.plusSeconds(1));

        // when
        Task second = lease("worker-b");

        // then
        assertThat(second.getId()).isEqualTo(first.getId());
        assertThat(second.getEpoch()).isEqualTo(2);
        assertThat(second.getWorkerId()).isEqualTo("worker-b");
        assertThat(second.getCheckpoint()).isEqualTo(position);
        assertThat(second.getCounts()).isEqualTo(soFar);
        assertFails(() -> checkpoint(first.getId(), first.getEpoch(), position, counts(200, 0, 0, 0)),
                Status.Code.FAILED_PRECONDITION, "scheduler.stale_epoch");
        assertFails(() -> complete(first, counts(200, 0, 0, 0), position),
                Status.Code.FAILED_PRECONDITION, "scheduler.stale_epoch");
        assertFails(() -> renew(first), Status.Code.FAILED_PRECONDITION, "scheduler.stale_epoch");
        assertThat(getRun(second.getRunId()).getTasks(0).getCounts()).as("the old epoch wrote nothing")
                .isEqualTo(soFar);
    }

    @Test
    void shouldKeepLeaseWhileRenewed() {
        // given
        trigger(newIntegrationId(), RUN_MODE_FULL, "accounts");
        Task task = lease("worker-a");
        clock.advance(Duration.ofSeconds(20));

        // when
        RenewLeaseResponse renewal = renew(task);
        clock.advance(Duration.ofSeconds(20));

        // then
        assertThat(renewal.getCancelled()).isFalse();
        assertThat(renewal.getLeaseExpireTime()).isEqualTo(Timestamps.of(clock.instant().plusSeconds(10)));
        assertThat(api().leaseTask(LeaseTaskRequest.newBuilder().setWorkerId("worker-b").build()).hasTask())
                .as("40s after the lease but 20s after the renewal").isFalse();
    }

    @Test
    void shouldTellWorkerToStopWhenItsRunWasCancelled() {
        // given
        Run run = trigger(newIntegrationId(), RUN_MODE_FULL, "accounts", "contacts");
        Task task = lease("worker-a");
        testRuns.cancelRun(run.getId());

        // when
        RenewLeaseResponse renewal = renew(task);

        // then
        assertThat(renewal.getCancelled()).isTrue();
        assertThat(api().leaseTask(LeaseTaskRequest.newBuilder().setWorkerId("worker-b").build()).hasTask())
                .as("the cancelled run's pending task is not handed out").isFalse();
    }

    @Test
    void shouldNeverHandTheSameTaskToTwoConcurrentWorkers() throws Exception {
        // given
        String[] points = IntStream.range(0, 20).mapToObj(i -> "point-" + i).toArray(String[]::new);
        Run run = trigger(newIntegrationId(), RUN_MODE_FULL, points);
        int workers = 8;
        Queue<String> leased = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(workers);

        // when
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                String workerId = "worker-" + w;
                done.add(pool.submit(() -> {
                    start.await();
                    while (true) {
                        Task task = api().leaseTask(LeaseTaskRequest.newBuilder().setWorkerId(workerId).build())
                                .getTask();
                        if (task.getId().isEmpty()) {
                            return null;
                        }
                        leased.add(task.getId());
                    }
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        // then
        assertThat(leased).hasSize(20).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(run.getTasksList().stream().map(Task::getId).toList());
        assertThat(getRun(run.getId()).getTasksList()).allSatisfy(task -> {
            assertThat(task.getState()).isEqualTo(TaskState.TASK_STATE_LEASED);
            assertThat(task.getEpoch()).isEqualTo(1);
        });
    }

    @Test
    void shouldRefuseInvalidLeaseCallsNamingTheField() {
        // given
        trigger(newIntegrationId(), RUN_MODE_FULL, "accounts");
        Task task = lease("worker-a");

        // when / then
        assertInvalid(() -> api().leaseTask(LeaseTaskRequest.newBuilder().build()), "worker_id");
        assertInvalid(() -> checkpoint("not-a-uuid", 1, cursor(clock.instant(), "1"), counts(1, 1, 0, 0)),
                "task_id");
        assertInvalid(() -> checkpoint(task.getId(), task.getEpoch(), cursor(clock.instant(), "1"),
                counts(-1, 0, 0, 0)), "counts.read");
        assertInvalid(() -> api().completeTask(CompleteTaskRequest.newBuilder().setTaskId(task.getId())
                .setEpoch(task.getEpoch()).setOutcome(TaskState.TASK_STATE_LEASED).build()), "outcome");
        assertFails(() -> checkpoint("00000000-0000-0000-0000-000000000000", 1, cursor(clock.instant(), "1"),
                counts(1, 1, 0, 0)), Status.Code.NOT_FOUND, "scheduler.task_not_found");
    }

    private RenewLeaseResponse renew(Task task) {
        return api().renewLease(RenewLeaseRequest.newBuilder().setTaskId(task.getId()).setEpoch(task.getEpoch())
                .build());
    }
}
