package io.crmsync.scheduler;

import static io.crmsync.proto.scheduler.v1.RunMode.RUN_MODE_FULL;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.common.time.Timestamps;
import io.crmsync.proto.scheduler.v1.LeaseTaskRequest;
import io.crmsync.proto.scheduler.v1.LeaseTaskResponse;
import io.crmsync.proto.scheduler.v1.Run;
import io.crmsync.proto.scheduler.v1.RunState;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.proto.scheduler.v1.TaskState;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;

/** A task whose worker stops answering on every lease is failed after the last allowed attempt. */
@QuarkusTest
class AbandonedTaskTest extends SchedulerTestBase {

    private static final String ABANDONED = "The task was abandoned after " + MAX_LEASE_ATTEMPTS
            + " attempts: its worker stopped answering each time (crashed or lost its connection)";

    @BeforeEach
    void onlyThisTestsTasksAreRunnable() {
        testRuns.cancelUnfinished();
    }

    @Test
    void shouldFailRunWhoseOnlyTaskExpiredOnEveryAttemptAndAcceptTheNextRun() {
        // given
        String integrationId = newIntegrationId();
        Run run = trigger(integrationId, RUN_MODE_FULL, "accounts");
        Task lastAttempt = leaseUntilTheLastAttemptExpires();

        // when
        LeaseTaskResponse response = api().leaseTask(LeaseTaskRequest.newBuilder().setWorkerId("worker-c").build());

        // then
        assertThat(response.hasTask()).as("the abandoned task is not handed out again").isFalse();
        Run failed = getRun(run.getId());
        assertThat(failed.getState()).isEqualTo(RunState.RUN_STATE_FAILED);
        assertThat(failed.getErrorMessage()).isEqualTo(ABANDONED);
        assertThat(failed.getEndTime()).isEqualTo(Timestamps.of(clock.instant()));
        assertThat(failed.getTasksFinished()).isEqualTo(1);
        Task task = failed.getTasks(0);
        assertThat(task.getState()).isEqualTo(TaskState.TASK_STATE_FAILED);
        assertThat(task.getErrorMessage()).isEqualTo(ABANDONED);
        assertThat(task.getEpoch()).isEqualTo(MAX_LEASE_ATTEMPTS);
        assertThat(task.hasLeaseExpireTime()).isFalse();
        assertFails(() -> complete(lastAttempt, counts(1, 1, 0, 0), cursor(clock.instant(), "1")),
                Status.Code.FAILED_PRECONDITION, "scheduler.stale_epoch");
        Run next = trigger(integrationId, RUN_MODE_FULL, "accounts");
        assertThat(next.getState()).as("the integration may run again").isEqualTo(RunState.RUN_STATE_PENDING);
    }

    @Test
    void shouldCloseTheRunAsACompletionWouldAndLeaseTheNextTaskInTheSameCall() {
        // given
        Run crashing = trigger(newIntegrationId(), RUN_MODE_FULL, "accounts", "contacts");
        Task accounts = lease("worker-a");
        Task contacts = lease("worker-b");
        checkpoint(accounts.getId(), accounts.getEpoch(), cursor(clock.instant(), "a-3"), counts(3, 3, 0, 0));
        complete(contacts, counts(5, 5, 0, 0), cursor(clock.instant(), "c-5"));
        clock.advance(LEASE.plusSeconds(1));
        assertThat(lease("worker-c").getEpoch()).isEqualTo(MAX_LEASE_ATTEMPTS);
        clock.advance(LEASE.plusSeconds(1));
        Run waiting = trigger(newIntegrationId(), RUN_MODE_FULL, "deals");

        // when
        Task leased = lease("worker-d");

        // then
        assertThat(leased.getRunId()).isEqualTo(waiting.getId());
        assertThat(leased.getEpoch()).isEqualTo(1);
        Run closed = getRun(crashing.getId());
        assertThat(closed.getState()).as("one task succeeded, one was abandoned")
                .isEqualTo(RunState.RUN_STATE_PARTIAL);
        assertThat(closed.getErrorMessage()).isEqualTo(ABANDONED);
        assertThat(closed.getCounts()).as("the abandoned task's checkpointed counts are kept")
                .isEqualTo(counts(8, 8, 0, 0));
        assertThat(closed.getTasks(0).getState()).isEqualTo(TaskState.TASK_STATE_FAILED);
    }

    /** Leases the run's only task and lets each of its allowed leases expire; returns the last lease. */
    private Task leaseUntilTheLastAttemptExpires() {
        Task task = null;
        for (int attempt = 1; attempt <= MAX_LEASE_ATTEMPTS; attempt++) {
            task = lease("worker-" + attempt);
            assertThat(task.getEpoch()).isEqualTo(attempt);
            clock.advance(LEASE.plusSeconds(1));
        }
        return task;
    }
}
