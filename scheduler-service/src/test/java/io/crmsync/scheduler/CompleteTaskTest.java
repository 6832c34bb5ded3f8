package io.crmsync.scheduler;

import static io.crmsync.proto.scheduler.v1.RunMode.RUN_MODE_FULL;
import static io.crmsync.proto.scheduler.v1.RunMode.RUN_MODE_INCREMENTAL;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;

import io.crmsync.common.time.Timestamps;
import io.crmsync.proto.scheduler.v1.CompleteTaskRequest;
import io.crmsync.proto.scheduler.v1.Cursor;
import io.crmsync.proto.scheduler.v1.Run;
import io.crmsync.proto.scheduler.v1.RunMode;
import io.crmsync.proto.scheduler.v1.RunState;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.proto.scheduler.v1.TaskState;
import io.crmsync.scheduler.watermark.WatermarkEntity;
import io.crmsync.scheduler.watermark.WatermarkStore;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

@QuarkusTest
class CompleteTaskTest extends SchedulerTestBase {

    @Inject
    WatermarkStore watermarks;

    @BeforeEach
    void onlyThisTestsTasksAreRunnable() {
        testRuns.cancelUnfinished();
    }

    @Test
    void shouldSucceedRunSumCountsAndAdvanceWatermarks() {
        // given
        String integrationId = newIntegrationId();
        Run run = trigger(integrationId, RUN_MODE_INCREMENTAL, "accounts", "contacts");
        Task accounts = lease("worker-a");
        Task contacts = lease("worker-b");
        Cursor lastAccount = cursor(Instant.parse("2029-12-31T23:59:00Z"), "acc-9");
        clock.advance(Duration.ofSeconds(5));

        // when
        Run afterFirst = complete(accounts, counts(10, 4, 6, 0), lastAccount);
        Run closed = complete(contacts, counts(3, 3, 0, 0), cursor(Instant.parse("2029-12-31T23:58:00Z"), "c-1"));

        // then
        assertThat(afterFirst.getState()).isEqualTo(RunState.RUN_STATE_RUNNING);
        assertThat(afterFirst.getTasksFinished()).isEqualTo(1);
        assertThat(closed.getState()).isEqualTo(RunState.RUN_STATE_SUCCEEDED);
        assertThat(closed.getTasksFinished()).isEqualTo(2);
        assertThat(closed.getCounts()).isEqualTo(counts(13, 7, 6, 0));
        assertThat(closed.getEndTime()).isEqualTo(Timestamps.of(clock.instant()));
        assertThat(closed.getErrorMessage()).isEmpty();
        WatermarkEntity watermark = watermarks.find(integrationId, "accounts").orElseThrow();
        assertThat(watermark.lastSuccessfulRunTime).isEqualTo(Timestamps.toInstant(run.getWindowEnd()));
        assertThat(watermark.cursor.modifiedTime).isEqualTo(Instant.parse("2029-12-31T23:59:00Z"));
        assertThat(watermark.cursor.key).containsExactly("acc-9");

        // and the next incremental run reads from where this one ended, less the lookback
        clock.advance(Duration.ofMinutes(10));
        Run next = trigger(integrationId, RUN_MODE_INCREMENTAL, "accounts", "contacts", "deals");
        assertThat(next.getTasks(0).getWindowStart()).isEqualTo(lookbackBefore(run.getWindowEnd()));
        assertThat(next.getTasks(1).getWindowStart()).isEqualTo(lookbackBefore(run.getWindowEnd()));
        assertThat(next.getTasks(2).hasWindowStart()).as("deals never ran").isFalse();
    }

    @Test
    void shouldStartIncrementalWindowsOneLookbackBeforeTheWatermarkWithoutMovingIt() {
        // given
        String integrationId = newIntegrationId();
        Run first = runOneTask(integrationId, RUN_MODE_INCREMENTAL, 0);
        clock.advance(Duration.ofMinutes(10));

        // when
        Run second = trigger(integrationId, RUN_MODE_INCREMENTAL, "accounts");
        Task task = lease("worker-a");
        Run secondClosed = complete(task, counts(2, 0, 0, 0), cursor(clock.instant(), "k-2"));

        // then
        Instant firstEnd = Timestamps.toInstant(first.getWindowEnd());
        assertThat(Timestamps.toInstant(second.getTasks(0).getWindowStart()))
                .as("the window overlaps the previous one by the lookback").isEqualTo(firstEnd.minus(LOOKBACK));
        assertThat(task.getWindowStart()).as("the leased task carries it").isEqualTo(second.getTasks(0)
                .getWindowStart());
        assertThat(secondClosed.getState()).isEqualTo(RunState.RUN_STATE_SUCCEEDED);
        assertThat(watermarks.find(integrationId, "accounts").orElseThrow().lastSuccessfulRunTime)
                .as("the stored watermark is the window end, not the window end less the lookback")
                .isEqualTo(Timestamps.toInstant(second.getWindowEnd()));
        clock.advance(Duration.ofMinutes(10));
        assertThat(trigger(integrationId, RUN_MODE_INCREMENTAL, "accounts").getTasks(0).getWindowStart())
                .as("the lookback does not add up run after run").isEqualTo(lookbackBefore(second.getWindowEnd()));
    }

    @Test
    void shouldEndPartialAndKeepWatermarkWhenRecordsWereRejected() {
        // given
        String integrationId = newIntegrationId();
        Run succeeded = runOneTask(integrationId, RUN_MODE_INCREMENTAL, 0);
        clock.advance(Duration.ofMinutes(10));

        // when
        Run partial = runOneTask(integrationId, RUN_MODE_INCREMENTAL, 2);

        // then
        assertThat(partial.getState()).isEqualTo(RunState.RUN_STATE_PARTIAL);
        assertThat(partial.getCounts().getRejected()).isEqualTo(2);
        clock.advance(Duration.ofMinutes(10));
        Run next = trigger(integrationId, RUN_MODE_INCREMENTAL, "accounts");
        assertThat(next.getTasks(0).getWindowStart()).as("the partial run did not move the watermark")
                .isEqualTo(lookbackBefore(succeeded.getWindowEnd()));
    }

    @Test
    void shouldFailRunWithTaskErrorWhenEveryTaskFailed() {
        // given
        String integrationId = newIntegrationId();
        trigger(integrationId, RUN_MODE_INCREMENTAL, "accounts");
        Task task = lease("worker-a");

        // when
        Run failed = fail(task, "Target refused the login");

        // then
        assertThat(failed.getState()).isEqualTo(RunState.RUN_STATE_FAILED);
        assertThat(failed.getErrorMessage()).isEqualTo("Target refused the login");
        assertThat(failed.getTasks(0).getState()).isEqualTo(TaskState.TASK_STATE_FAILED);
        assertThat(failed.getTasks(0).getErrorMessage()).isEqualTo("Target refused the login");
        assertThat(watermarks.find(integrationId, "accounts")).isEmpty();
    }

    @Test
    void shouldEndPartialWithFailedTasksMessageWhenSomeTasksFailed() {
        // given
        String integrationId = newIntegrationId();
        trigger(integrationId, RUN_MODE_FULL, "accounts", "contacts");
        Task accounts = lease("worker-a");
        Task contacts = lease("worker-b");

        // when
        complete(accounts, counts(5, 5, 0, 0), cursor(clock.instant(), "a-5"));
        Run closed = fail(contacts, "Object contacts no longer exists");

        // then
        assertThat(closed.getState()).isEqualTo(RunState.RUN_STATE_PARTIAL);
        assertThat(closed.getErrorMessage()).isEqualTo("Object contacts no longer exists");
        assertThat(closed.getCounts().getRead()).isEqualTo(5);
        assertThat(watermarks.find(integrationId, "accounts")).isEmpty();
    }

    @Test
    void shouldStartFullRunFromTheBeginningDespiteWatermark() {
        // given
        String integrationId = newIntegrationId();
        Run first = runOneTask(integrationId, RUN_MODE_FULL, 0);
        clock.advance(Duration.ofMinutes(1));

        // when
        Run full = trigger(integrationId, RUN_MODE_FULL, "accounts");

        // then
        assertThat(first.getState()).isEqualTo(RunState.RUN_STATE_SUCCEEDED);
        assertThat(watermarks.find(integrationId, "accounts")).isPresent();
        assertThat(full.getTasks(0).hasWindowStart()).isFalse();
    }

    @Test
    void shouldDropTheWatermarkWhenARebuildStartsAndSetItAgainWhenItSucceeds() {
        // given: a point with a watermark and cursor from a full run
        String integrationId = newIntegrationId();
        runOneTask(integrationId, RUN_MODE_FULL, 0);
        clock.advance(Duration.ofMinutes(1));

        // when: a rebuild is triggered
        Run rebuild = trigger(integrationId, RunMode.RUN_MODE_REBUILD, "accounts");

        // then: the stored matching state is gone at once, and the rebuild reads from the beginning
        assertThat(rebuild.getMode()).isEqualTo(RunMode.RUN_MODE_REBUILD);
        assertThat(watermarks.find(integrationId, "accounts")).isEmpty();
        assertThat(rebuild.getTasks(0).hasWindowStart()).isFalse();

        // when: it succeeds
        Task task = lease("worker-a");
        Run closed = complete(task, counts(5, 0, 5, 0), cursor(Instant.parse("2030-01-01T00:00:00Z"), "5"));

        // then: the watermark is the rebuild's
        assertThat(closed.getState()).isEqualTo(RunState.RUN_STATE_SUCCEEDED);
        WatermarkEntity watermark = watermarks.find(integrationId, "accounts").orElseThrow();
        assertThat(watermark.runId.toString()).isEqualTo(rebuild.getId());
        assertThat(watermark.lastSuccessfulRunTime).isEqualTo(Timestamps.toInstant(rebuild.getWindowEnd()));
    }

    @Test
    void shouldRefuseCompletingATaskTwice() {
        // given
        trigger(newIntegrationId(), RUN_MODE_FULL, "accounts");
        Task task = lease("worker-a");
        complete(task, counts(1, 1, 0, 0), cursor(clock.instant(), "1"));

        // when / then
        assertFails(() -> complete(task, counts(1, 1, 0, 0), cursor(clock.instant(), "1")),
                Status.Code.FAILED_PRECONDITION, "scheduler.stale_epoch");
    }

    @Test
    void shouldKeepCancelledRunCancelledWhenItsLastTaskCompletes() {
        // given
        String integrationId = newIntegrationId();
        Run run = trigger(integrationId, RUN_MODE_INCREMENTAL, "accounts");
        Task task = lease("worker-a");
        testRuns.cancelRun(run.getId());

        // when
        Run after = complete(task, counts(4, 4, 0, 0), cursor(clock.instant(), "4"));

        // then
        assertThat(after.getState()).isEqualTo(RunState.RUN_STATE_CANCELLED);
        assertThat(after.getTasks(0).getState()).isEqualTo(TaskState.TASK_STATE_SUCCEEDED);
        assertThat(watermarks.find(integrationId, "accounts")).isEmpty();
    }

    /** Triggers a one-point run, leases and completes its task with this many rejects, and returns it closed. */
    private Run runOneTask(String integrationId, RunMode mode, long rejected) {
        trigger(integrationId, mode, "accounts");
        Task task = lease("worker-a");
        return complete(task, counts(10, 10 - rejected, 0, rejected), cursor(clock.instant(), "k-10"));
    }

    private static Timestamp lookbackBefore(Timestamp windowEnd) {
        return Timestamps.of(Timestamps.toInstant(windowEnd).minus(LOOKBACK));
    }

    private Run fail(Task task, String message) {
        return api().completeTask(CompleteTaskRequest.newBuilder()
                .setTaskId(task.getId()).setEpoch(task.getEpoch())
                .setOutcome(TaskState.TASK_STATE_FAILED).setErrorMessage(message).build()).getRun();
    }
}
