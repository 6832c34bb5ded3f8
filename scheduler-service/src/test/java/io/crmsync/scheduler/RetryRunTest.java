package io.crmsync.scheduler;

import static io.crmsync.proto.scheduler.v1.RunMode.RUN_MODE_INCREMENTAL;
import static io.crmsync.proto.scheduler.v1.RunMode.RUN_MODE_REBUILD;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.common.time.Timestamps;
import io.crmsync.proto.config.v1.Integration;
import io.crmsync.proto.config.v1.IntegrationPoint;
import io.crmsync.proto.exception.v1.RunFinishedRequest;
import io.crmsync.proto.scheduler.v1.CancelRunRequest;
import io.crmsync.proto.scheduler.v1.CompleteTaskRequest;
import io.crmsync.proto.scheduler.v1.GetScheduleRequest;
import io.crmsync.proto.scheduler.v1.KeyRange;
import io.crmsync.proto.scheduler.v1.ListRunsRequest;
import io.crmsync.proto.scheduler.v1.RecordKey;
import io.crmsync.proto.scheduler.v1.RetryRecords;
import io.crmsync.proto.scheduler.v1.Run;
import io.crmsync.proto.scheduler.v1.RunMode;
import io.crmsync.proto.scheduler.v1.RunState;
import io.crmsync.proto.scheduler.v1.RunTrigger;
import io.crmsync.proto.scheduler.v1.SplitTaskRequest;
import io.crmsync.proto.scheduler.v1.SyncIntegrationRequest;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.proto.scheduler.v1.TaskState;
import io.crmsync.proto.scheduler.v1.TriggerRunRequest;
import io.crmsync.proto.scheduler.v1.TriggerRunResponse;
import io.crmsync.scheduler.peers.FakeConfigService;
import io.crmsync.scheduler.peers.FakeExceptionService;
import io.crmsync.scheduler.report.ExceptionReports;
import io.crmsync.scheduler.watermark.WatermarkEntity;
import io.crmsync.scheduler.watermark.WatermarkStore;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * Retry runs that re-read failed records by key (real database, real gRPC): their key tasks, the watermarks and
 * failure count they leave alone, and the RunFinished reports every final run sends to exception-service.
 */
@QuarkusTest
class RetryRunTest extends SchedulerTestBase {

    /** crmsync.scheduler.retry-keys-per-task (the default). */
    static final int KEYS_PER_TASK = 500;

    @Inject
    WatermarkStore watermarks;
    @Inject
    ExceptionReports reports;

    @BeforeEach
    void reset() {
        testRuns.cancelUnfinished();
        FakeExceptionService.DOWN.set(false);
        FakeExceptionService.LOSE_RUN_FINISHED_REPLY.clear();
    }

    /** n keys of two values each (a compound match key), in order: ("acc-00000", "EU"), ("acc-00001", "EU"), … */
    private static List<RecordKey> keys(int n) {
        return IntStream.range(0, n).mapToObj(i -> RecordKey.newBuilder().addValues(String.format("acc-%05d", i))
                .addValues("EU").build()).toList();
    }

    private static TriggerRunRequest.Builder retryRequest(String integrationId, RunMode mode, List<RecordKey> keys,
            String keyPoint, String... pointIds) {
        return triggerRequest(integrationId, mode, pointIds).setTrigger(RunTrigger.RUN_TRIGGER_RETRY)
                .addRetryRecords(RetryRecords.newBuilder().setIntegrationPointId(keyPoint).addAllKeys(keys));
    }

    private Run completeFailed(Task task) {
        return api().completeTask(CompleteTaskRequest.newBuilder().setTaskId(task.getId()).setEpoch(task.getEpoch())
                .setOutcome(TaskState.TASK_STATE_FAILED).setCounts(counts(0, 0, 0, 0))
                .setErrorMessage("target unreachable").build()).getRun();
    }

    /** The RunFinished reports exception-service received about one run. */
    private static List<RunFinishedRequest> finishedReportsOf(String runId) {
        return FakeExceptionService.RUNS_FINISHED.stream().filter(r -> r.getRunId().equals(runId)).toList();
    }

    @Test
    void shouldSplitRetryKeysIntoTasksOfAtMostTheConfiguredSizeAndLeaseThemWithTheirKeys() {
        // given: 1,200 failed accounts to retry, contacts read as a normal incremental run
        String integrationId = newIntegrationId();
        List<RecordKey> keys = keys(1200);

        // when
        Run run = api().triggerRun(retryRequest(integrationId, RUN_MODE_INCREMENTAL, keys, "accounts", "accounts",
                "contacts").build()).getRun();

        // then: 500 + 500 + 200 keys, in order, then one window task
        assertThat(run.getTrigger()).isEqualTo(RunTrigger.RUN_TRIGGER_RETRY);
        assertThat(run.getTaskCount()).isEqualTo(4);
        assertThat(run.getTasksList()).extracting(Task::getIntegrationPointId)
                .containsExactly("accounts", "accounts", "accounts", "contacts");
        assertThat(run.getTasks(0).getRecordKeysList()).isEqualTo(keys.subList(0, 500));
        assertThat(run.getTasks(1).getRecordKeysList()).isEqualTo(keys.subList(500, 1000));
        assertThat(run.getTasks(2).getRecordKeysList()).isEqualTo(keys.subList(1000, 1200));
        assertThat(run.getTasks(3).getRecordKeysList()).isEmpty();
        assertThat(run.getTasksList().subList(0, 3)).allSatisfy(task -> {
            assertThat(task.hasWindowStart()).as("reads by key: no window start").isFalse();
            assertThat(task.getWindowEnd()).isEqualTo(run.getWindowEnd());
            assertThat(task.hasKeyRange()).isFalse();
        });
        // and the keys are stored: a fresh read and each lease carry them
        assertThat(getRun(run.getId()).getTasksList()).extracting(Task::getRecordKeysCount)
                .containsExactly(500, 500, 200, 0);
        Task first = lease("w-1");
        assertThat(first.getId()).isEqualTo(run.getTasks(0).getId());
        assertThat(first.getRecordKeysList()).isEqualTo(keys.subList(0, 500));
        assertThat(first.getRecordKeys(7).getValuesList()).containsExactly("acc-00007", "EU");
        assertThat(lease("w-2").getRecordKeysList()).isEqualTo(keys.subList(500, 1000));
        assertThat(lease("w-3").getRecordKeysList()).isEqualTo(keys.subList(1000, 1200));
        assertThat(lease("w-4").getRecordKeysList()).isEmpty();
    }

    @Test
    void shouldNeverMoveTheWatermarkOfPointsReadByKeyWhileOtherPointsAdvance() {
        // given: both points have a watermark from an incremental run
        String integrationId = newIntegrationId();
        Run first = trigger(integrationId, RUN_MODE_INCREMENTAL, "accounts", "contacts");
        complete(lease("w-1"), counts(5, 5, 0, 0), cursor(Instant.parse("2029-12-31T23:00:00Z"), "acc-4"));
        complete(lease("w-2"), counts(2, 2, 0, 0), cursor(Instant.parse("2029-12-31T23:01:00Z"), "c-1"));
        WatermarkEntity accountsBefore = watermarks.find(integrationId, "accounts").orElseThrow();
        assertThat(accountsBefore.runId.toString()).isEqualTo(first.getId());
        clock.advance(Duration.ofMinutes(30));

        // when: a retry re-reads 3 accounts by key and reads contacts incrementally, and everything succeeds
        Run retry = api().triggerRun(retryRequest(integrationId, RUN_MODE_INCREMENTAL, keys(3), "accounts",
                "accounts", "contacts").build()).getRun();
        assertThat(retry.getTasks(1).getWindowStart()).as("contacts behaves as a normal incremental task")
                .isEqualTo(Timestamps.of(Timestamps.toInstant(first.getWindowEnd()).minus(LOOKBACK)));
        complete(lease("w-1"), counts(3, 0, 3, 0), cursor(Instant.parse("2030-01-01T00:10:00Z"), "acc-00002"));
        Run closed = complete(lease("w-2"), counts(1, 1, 0, 0), cursor(Instant.parse("2030-01-01T00:20:00Z"), "c-2"));

        // then: the run succeeded, accounts kept its watermark, contacts moved to the retry's window end
        assertThat(closed.getState()).isEqualTo(RunState.RUN_STATE_SUCCEEDED);
        WatermarkEntity accounts = watermarks.find(integrationId, "accounts").orElseThrow();
        assertThat(accounts.runId).isEqualTo(accountsBefore.runId);
        assertThat(accounts.lastSuccessfulRunTime).isEqualTo(accountsBefore.lastSuccessfulRunTime);
        assertThat(accounts.cursor.key).containsExactly("acc-4");
        WatermarkEntity contacts = watermarks.find(integrationId, "contacts").orElseThrow();
        assertThat(contacts.runId.toString()).isEqualTo(retry.getId());
        assertThat(contacts.lastSuccessfulRunTime).isEqualTo(Timestamps.toInstant(retry.getWindowEnd()));
        assertThat(contacts.cursor.key).containsExactly("c-2");
    }

    @Test
    void shouldKeepTheWatermarkOfAPointReadByKeyEvenInARebuildRetry() {
        // given
        String integrationId = newIntegrationId();
        trigger(integrationId, RUN_MODE_INCREMENTAL, "accounts", "contacts");
        complete(lease("w-1"), counts(1, 1, 0, 0), cursor(Instant.parse("2029-12-31T23:00:00Z"), "acc-1"));
        complete(lease("w-2"), counts(1, 1, 0, 0), cursor(Instant.parse("2029-12-31T23:00:00Z"), "c-1"));
        clock.advance(Duration.ofMinutes(5));

        // when
        api().triggerRun(retryRequest(integrationId, RUN_MODE_REBUILD, keys(2), "accounts", "accounts", "contacts")
                .build());

        // then: the rebuild dropped only the window point's state
        assertThat(watermarks.find(integrationId, "accounts")).isPresent();
        assertThat(watermarks.find(integrationId, "contacts")).isEmpty();
    }

    @Test
    void shouldNeitherCountNorResetFailuresWithRetryRuns() {
        // given: an integration the scheduler knows, with two failed runs
        String id = newIntegrationId();
        FakeConfigService.INTEGRATIONS.put(id, Integration.newBuilder().setId(id).setVersion(1).setActive(true)
                .setFailureThreshold(3).addPoints(IntegrationPoint.newBuilder().setId("accounts")).build());
        api().syncIntegration(SyncIntegrationRequest.newBuilder().setIntegrationId(id).build());
        for (int i = 0; i < 2; i++) {
            trigger(id, RunMode.RUN_MODE_FULL, "accounts");
            completeFailed(lease("w-1"));
        }
        assertThat(consecutiveFailures(id)).isEqualTo(2);

        // when: a retry run fails
        api().triggerRun(retryRequest(id, RunMode.RUN_MODE_FULL, keys(1), "accounts", "accounts").build());
        Run failed = completeFailed(lease("w-1"));

        // then: not a third failure (the threshold is 3: it would have disabled the integration)
        assertThat(failed.getState()).isEqualTo(RunState.RUN_STATE_FAILED);
        assertThat(consecutiveFailures(id)).isEqualTo(2);

        // when: a retry run succeeds
        api().triggerRun(retryRequest(id, RunMode.RUN_MODE_FULL, keys(1), "accounts", "accounts").build());
        Run succeeded = complete(lease("w-1"), counts(1, 0, 1, 0), cursor(clock.instant(), "acc-00000"));

        // then: the scheduled runs' failures still count
        assertThat(succeeded.getState()).isEqualTo(RunState.RUN_STATE_SUCCEEDED);
        assertThat(consecutiveFailures(id)).isEqualTo(2);
        // and a normal run's failure still disables at the threshold
        trigger(id, RunMode.RUN_MODE_FULL, "accounts");
        completeFailed(lease("w-1"));
        assertThat(api().getSchedule(GetScheduleRequest.newBuilder().setIntegrationId(id).build()).getSchedule()
                .hasDisabledTime()).isTrue();
    }

    private int consecutiveFailures(String id) {
        return api().getSchedule(GetScheduleRequest.newBuilder().setIntegrationId(id).build()).getSchedule()
                .getConsecutiveFailures();
    }

    @Test
    void shouldRefuseBadRetryRecordsNamingTheField() {
        String id = newIntegrationId();
        RecordKey noValues = RecordKey.getDefaultInstance();
        RecordKey emptyValue = RecordKey.newBuilder().addValues("acc-1").addValues("").build();
        List<RecordKey> fourth = List.of(keys(3).get(0), keys(3).get(1), keys(3).get(2));

        assertInvalid(() -> api().triggerRun(retryRequest(id, RUN_MODE_INCREMENTAL, keys(1), "accounts", "accounts")
                .setTrigger(RunTrigger.RUN_TRIGGER_MANUAL).build()), "retry_records");
        assertInvalid(() -> api().triggerRun(retryRequest(id, RUN_MODE_INCREMENTAL, keys(1), "deals", "accounts")
                .build()), "retry_records[0].integration_point_id");
        assertInvalid(() -> api().triggerRun(retryRequest(id, RUN_MODE_INCREMENTAL, keys(1), "accounts", "accounts")
                .addRetryRecords(RetryRecords.newBuilder().setIntegrationPointId("accounts").addAllKeys(keys(1)))
                .build()), "retry_records[1].integration_point_id");
        assertInvalid(() -> api().triggerRun(retryRequest(id, RUN_MODE_INCREMENTAL, List.of(), "accounts", "accounts")
                .build()), "retry_records[0].keys");
        assertInvalid(() -> api().triggerRun(retryRequest(id, RUN_MODE_INCREMENTAL, append(fourth, noValues),
                "accounts", "accounts").build()), "retry_records[0].keys[3]");
        assertInvalid(() -> api().triggerRun(retryRequest(id, RUN_MODE_INCREMENTAL, append(fourth, emptyValue),
                "accounts", "accounts").build()), "retry_records[0].keys[3].values[1]");
        assertInvalid(() -> api().triggerRun(retryRequest(id, RUN_MODE_INCREMENTAL, keys(50_001), "accounts",
                "accounts").build()), "retry_records[0].keys");
        // nothing was created by the refused triggers
        assertThat(api().listRuns(ListRunsRequest.newBuilder().setIntegrationId(id)
                .build()).getRunsList()).isEmpty();

        // and the limit itself is allowed: 50,000 keys in 100 tasks
        Run run = api().triggerRun(retryRequest(id, RUN_MODE_INCREMENTAL, keys(50_000), "accounts", "accounts")
                .build()).getRun();
        assertThat(run.getTaskCount()).isEqualTo(50_000 / KEYS_PER_TASK);
    }

    private static List<RecordKey> append(List<RecordKey> keys, RecordKey key) {
        return Stream.concat(keys.stream(), Stream.of(key)).toList();
    }

    @Test
    void shouldRefuseToSplitATaskThatReadsByKey() {
        // given
        String id = newIntegrationId();
        api().triggerRun(retryRequest(id, RUN_MODE_INCREMENTAL, keys(10), "accounts", "accounts").build());
        Task task = lease("w-1");

        // when / then
        assertFails(() -> api().splitTask(SplitTaskRequest.newBuilder().setTaskId(task.getId())
                .setEpoch(task.getEpoch())
                .addRanges(KeyRange.newBuilder().setField("id").setUpper("m"))
                .addRanges(KeyRange.newBuilder().setField("id").setLower("m")).build()),
                Status.Code.FAILED_PRECONDITION, "scheduler.task_not_splittable");
        assertThat(getRun(task.getRunId()).getTaskCount()).isEqualTo(1);
    }

    @Test
    void shouldReturnTheSameRetryRunForARepeatedIdempotencyKey() {
        // given
        String id = newIntegrationId();
        TriggerRunRequest request = retryRequest(id, RUN_MODE_INCREMENTAL, keys(700), "accounts", "accounts",
                "contacts").setIdempotencyKey("retry:message-1").build();
        TriggerRunResponse created = api().triggerRun(request);

        // when
        TriggerRunResponse repeated = api().triggerRun(request);

        // then
        assertThat(created.getExisting()).isFalse();
        assertThat(repeated.getExisting()).isTrue();
        assertThat(repeated.getRun().getId()).isEqualTo(created.getRun().getId());
        assertThat(repeated.getRun().getTasksList()).isEqualTo(created.getRun().getTasksList());
        assertThat(repeated.getRun().getTaskCount()).isEqualTo(3);
    }

    @Test
    void shouldReportAFinishedRunUntilExceptionServiceAcknowledgesAndThenNoMore() {
        // given: a retry whose second key task fails while the window point succeeds
        String id = newIntegrationId();
        Run run = api().triggerRun(retryRequest(id, RUN_MODE_INCREMENTAL, keys(600), "accounts", "accounts",
                "contacts").build()).getRun();
        complete(lease("w-1"), counts(500, 0, 500, 0), cursor(clock.instant(), "acc-00499"));
        completeFailed(lease("w-2"));
        Run closed = complete(lease("w-3"), counts(4, 4, 0, 0), cursor(clock.instant(), "c-4"));
        assertThat(closed.getState()).isEqualTo(RunState.RUN_STATE_PARTIAL);

        // when: exception-service is down
        FakeExceptionService.DOWN.set(true);
        assertThat(reports.reportPending()).isZero();
        assertThat(finishedReportsOf(run.getId())).isEmpty();

        // when: it is back but the reply to the first report is lost
        FakeExceptionService.DOWN.set(false);
        FakeExceptionService.LOSE_RUN_FINISHED_REPLY.add(run.getId());
        reports.reportPending();
        assertThat(finishedReportsOf(run.getId())).hasSize(1);

        // then: the report is repeated, and once acknowledged, never sent again
        reports.reportPending();
        reports.reportPending();
        assertThat(finishedReportsOf(run.getId())).hasSize(2).allSatisfy(report -> {
            assertThat(report.getIntegrationId()).isEqualTo(id);
            assertThat(report.getState()).isEqualTo(RunState.RUN_STATE_PARTIAL);
            assertThat(report.getTrigger()).isEqualTo(RunTrigger.RUN_TRIGGER_RETRY);
            assertThat(report.getSucceededPointIdsList()).containsExactly("contacts");
            assertThat(report.getAllTasksSucceeded()).isFalse();
        });
    }

    @Test
    void shouldReportSucceededAndCancelledRunsOnce() {
        // given: a run whose tasks all succeed
        String id = newIntegrationId();
        Run succeeded = api().triggerRun(retryRequest(id, RUN_MODE_INCREMENTAL, keys(501), "accounts", "accounts",
                "contacts").build()).getRun();
        for (int i = 1; i <= 3; i++) {
            complete(lease("w-" + i), counts(1, 0, 1, 0), cursor(clock.instant(), "k"));
        }
        // and a run cancelled after one of its points finished
        Run cancelled = trigger(id, RUN_MODE_INCREMENTAL, "accounts", "contacts");
        complete(lease("w-1"), counts(1, 1, 0, 0), cursor(clock.instant(), "acc-1"));
        lease("w-2");
        api().cancelRun(CancelRunRequest.newBuilder().setRunId(cancelled.getId()).build());

        // when
        reports.reportPending();
        reports.reportPending();

        // then
        assertThat(finishedReportsOf(succeeded.getId())).singleElement().satisfies(report -> {
            assertThat(report.getState()).isEqualTo(RunState.RUN_STATE_SUCCEEDED);
            assertThat(report.getTrigger()).isEqualTo(RunTrigger.RUN_TRIGGER_RETRY);
            assertThat(report.getSucceededPointIdsList()).containsExactly("accounts", "contacts");
            assertThat(report.getAllTasksSucceeded()).isTrue();
            assertThat(report.getRunCreateTime()).isEqualTo(succeeded.getCreateTime());
        });
        assertThat(finishedReportsOf(cancelled.getId())).singleElement().satisfies(report -> {
            assertThat(report.getIntegrationId()).isEqualTo(id);
            assertThat(report.getState()).isEqualTo(RunState.RUN_STATE_CANCELLED);
            assertThat(report.getTrigger()).isEqualTo(RunTrigger.RUN_TRIGGER_MANUAL);
            assertThat(report.getSucceededPointIdsList()).containsExactly("accounts");
            assertThat(report.getAllTasksSucceeded()).isFalse();
            assertThat(report.getRunCreateTime()).isEqualTo(cancelled.getCreateTime());
        });
    }
}
