package io.crmsync.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.common.time.Timestamps;
import io.crmsync.proto.config.v1.Cadence;
import io.crmsync.proto.config.v1.CadenceType;
import io.crmsync.proto.config.v1.Integration;
import io.crmsync.proto.config.v1.IntegrationPoint;
import io.crmsync.proto.exception.v1.ExceptionKind;
import io.crmsync.proto.scheduler.v1.CompleteTaskRequest;
import io.crmsync.proto.scheduler.v1.EnableIntegrationRequest;
import io.crmsync.proto.scheduler.v1.GetScheduleRequest;
import io.crmsync.proto.scheduler.v1.ListRunsRequest;
import io.crmsync.proto.scheduler.v1.Run;
import io.crmsync.proto.scheduler.v1.RunMode;
import io.crmsync.proto.scheduler.v1.RunState;
import io.crmsync.proto.scheduler.v1.RunTrigger;
import io.crmsync.proto.scheduler.v1.Schedule;
import io.crmsync.proto.scheduler.v1.SyncIntegrationRequest;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.proto.scheduler.v1.TaskState;
import io.crmsync.scheduler.peers.FakeConfigService;
import io.crmsync.scheduler.peers.FakeExceptionService;
import io.crmsync.scheduler.report.ExceptionReports;
import io.crmsync.scheduler.schedule.ScheduleFiring;
import io.crmsync.scheduler.schedule.ScheduleStore;
import io.crmsync.scheduler.schedule.ScheduleSync;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * Schedules against the real database and gRPC, with the test clock: cadences fire, missed fires coalesce, full
 * syncs run beside increments, no schedule fires twice, and repeated failures disable an integration once.
 */
@QuarkusTest
class ScheduleTest extends SchedulerTestBase {

    @Inject
    ScheduleFiring firing;
    @Inject
    ScheduleSync sync;
    @Inject
    ExceptionReports reports;
    @Inject
    ScheduleStore store;

    @BeforeEach
    void reset() {
        testRuns.cancelUnfinished();
        FakeConfigService.INTEGRATIONS.clear();
        FakeConfigService.MISSED_BY_LISTS.clear();
        FakeExceptionService.REPORTS.clear();
        FakeExceptionService.DOWN.set(false);
        sync.syncAll(); // forget what earlier tests declared
    }

    private static Integration.Builder integration(String id, Cadence schedule) {
        Integration.Builder integration = Integration.newBuilder().setId(id).setVersion(1).setActive(true)
                .setFailureThreshold(10)
                .addPoints(IntegrationPoint.newBuilder().setId(id + "-p1"))
                .addPoints(IntegrationPoint.newBuilder().setId(id + "-p2"));
        if (schedule != null) {
            integration.setSchedule(schedule);
        }
        return integration;
    }

    private static Cadence everyMinutes(int minutes) {
        return Cadence.newBuilder().setType(CadenceType.CADENCE_TYPE_EVERY_N_MINUTES).setEveryMinutes(minutes).build();
    }

    private Schedule declare(Integration integration) {
        FakeConfigService.INTEGRATIONS.put(integration.getId(), integration);
        return api().syncIntegration(SyncIntegrationRequest.newBuilder().setIntegrationId(integration.getId())
                .build()).getSchedule();
    }

    private Schedule schedule(String id) {
        return api().getSchedule(GetScheduleRequest.newBuilder().setIntegrationId(id).build()).getSchedule();
    }

    private List<Run> runsOf(String id) {
        return api().listRuns(ListRunsRequest.newBuilder().setIntegrationId(id).build()).getRunsList();
    }

    /** Moves the clock to just past the schedule's next incremental fire time. */
    private void advanceTo(Instant instant) {
        Duration gap = Duration.between(clock.instant(), instant);
        if (!gap.isNegative()) {
            clock.advance(gap.plusMillis(1));
        }
    }

    @Test
    void shouldFireOnTheCadenceAndCoalesceMissedFiresIntoOneRun() {
        // given
        String id = newIntegrationId();
        Schedule schedule = declare(integration(id, everyMinutes(15)).build());
        Instant firstFire = Timestamps.toInstant(schedule.getNextRunTime());
        assertThat(firstFire).isAfter(clock.instant()).isBeforeOrEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
        assertThat(firing.fireDue()).as("nothing due yet").isZero();

        // when: the fire time passes
        advanceTo(firstFire);
        firing.fireDue();

        // then: one incremental run of both points, started by the schedule
        List<Run> runs = runsOf(id);
        assertThat(runs).singleElement().satisfies(run -> {
            assertThat(run.getMode()).isEqualTo(RunMode.RUN_MODE_INCREMENTAL);
            assertThat(run.getTrigger()).isEqualTo(RunTrigger.RUN_TRIGGER_SCHEDULE);
            assertThat(run.getTaskCount()).isEqualTo(2);
        });

        // when: three fires pass while that run is still going
        clock.advance(Duration.ofMinutes(46));
        firing.fireDue();
        // then: no second run beside the running one, and the next fire is in the future
        assertThat(runsOf(id)).hasSize(1);
        assertThat(Timestamps.toInstant(schedule(id).getNextRunTime())).isAfter(clock.instant());

        // when: the scheduler was down for three hours after the run ended
        testRuns.cancelRun(runs.get(0).getId());
        clock.advance(Duration.ofHours(3));
        firing.fireDue();
        firing.fireDue();
        // then: one run for all the missed fires
        assertThat(runsOf(id)).hasSize(2);
        assertThat(Timestamps.toInstant(schedule(id).getNextRunTime())).isAfter(clock.instant());
    }

    @Test
    void shouldRunAFullSyncBesideTheIncrementalCadence() {
        // given: hourly increments and a full sync every 6 hours (by cron)
        String id = newIntegrationId();
        Schedule schedule = declare(integration(id, Cadence.newBuilder()
                .setType(CadenceType.CADENCE_TYPE_HOURLY).setMinute(0).build())
                .setFullSyncSchedule(Cadence.newBuilder().setType(CadenceType.CADENCE_TYPE_CRON)
                        .setCron("0 */6 * * *")).build());
        Instant fullSync = Timestamps.toInstant(schedule.getNextFullSyncTime());

        // when: both fall due at the same time
        advanceTo(fullSync);
        firing.fireDue();

        // then: one run, a full one, and both cadences move on
        assertThat(runsOf(id)).singleElement().satisfies(run -> assertThat(run.getMode())
                .isEqualTo(RunMode.RUN_MODE_FULL));
        Schedule after = schedule(id);
        assertThat(Timestamps.toInstant(after.getNextFullSyncTime())).isEqualTo(fullSync.plus(Duration.ofHours(6)));
        assertThat(Timestamps.toInstant(after.getNextRunTime())).isEqualTo(fullSync.plus(Duration.ofHours(1)));
    }

    @Test
    void shouldNeverFireOneScheduleTwiceFromConcurrentTicks() throws Exception {
        // given: ten due schedules
        List<String> ids = new java.util.ArrayList<>();
        Instant latest = clock.instant();
        for (int i = 0; i < 10; i++) {
            String id = newIntegrationId();
            ids.add(id);
            Instant next = Timestamps.toInstant(declare(integration(id, everyMinutes(5)).build()).getNextRunTime());
            latest = next.isAfter(latest) ? next : latest;
        }
        advanceTo(latest);

        // when: four replicas tick at once
        ExecutorService replicas = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> ticks = List.of(firing::fireDue, firing::fireDue, firing::fireDue,
                    firing::fireDue);
            int created = 0;
            for (Future<Integer> tick : replicas.invokeAll(ticks)) {
                created += tick.get();
            }
            // then: each schedule fired exactly once
            assertThat(created).isEqualTo(10);
        } finally {
            replicas.shutdownNow();
        }
        for (String id : ids) {
            assertThat(runsOf(id)).as(id).hasSize(1);
        }
    }

    @Test
    void shouldDisableAfterTheThresholdNotifyOnceAndRunNoMore() {
        // given
        String id = newIntegrationId();
        declare(integration(id, everyMinutes(10)).build());

        // when: ten runs in a row fail, exception-service being down at first
        FakeExceptionService.DOWN.set(true);
        String tenth = null;
        for (int i = 1; i <= 10; i++) {
            tenth = failRun(id);
            assertThat(schedule(id).getConsecutiveFailures()).isEqualTo(i);
        }
        assertThat(reports.reportPending()).isZero();
        FakeExceptionService.DOWN.set(false);
        reports.reportPending();
        reports.reportPending();

        // then: disabled, with exactly one report naming the run that reached the threshold
        Schedule schedule = schedule(id);
        assertThat(schedule.hasDisabledTime()).isTrue();
        assertThat(schedule.getDisabledReason()).isEqualTo("10 runs in a row failed (failure threshold 10)");
        assertThat(schedule.hasNextRunTime()).isFalse();
        String finalTenth = tenth;
        assertThat(FakeExceptionService.REPORTS).singleElement().satisfies(report -> {
            assertThat(report.getIntegrationId()).isEqualTo(id);
            assertThat(report.getKind()).isEqualTo(ExceptionKind.EXCEPTION_KIND_INTEGRATION_DISABLED);
            assertThat(report.getRunId()).isEqualTo(finalTenth);
        });
        // and no more runs: neither scheduled nor by hand
        clock.advance(Duration.ofHours(2));
        assertThat(firing.fireDue()).isZero();
        assertThat(runsOf(id)).hasSize(10);
        assertFails(() -> trigger(id, RunMode.RUN_MODE_FULL, id + "-p1"), Status.Code.FAILED_PRECONDITION,
                "scheduler.integration_disabled");

        // when: an operator re-enables it
        Schedule enabled = api().enableIntegration(EnableIntegrationRequest.newBuilder().setIntegrationId(id).build())
                .getSchedule();
        // then: the count starts again and the cadence fires again
        assertThat(enabled.getConsecutiveFailures()).isZero();
        assertThat(enabled.hasDisabledTime()).isFalse();
        advanceTo(Timestamps.toInstant(enabled.getNextRunTime()));
        assertThat(firing.fireDue()).isEqualTo(1);
    }

    @Test
    void shouldResetTheFailureCountAfterASuccess() {
        // given: nine failures
        String id = newIntegrationId();
        declare(integration(id, null).build());
        for (int i = 0; i < 9; i++) {
            failRun(id);
        }
        assertThat(schedule(id).getConsecutiveFailures()).isEqualTo(9);

        // when: the tenth run succeeds
        Run run = trigger(id, RunMode.RUN_MODE_FULL, id + "-p1");
        Task task = lease("w-1");
        assertThat(task.getRunId()).isEqualTo(run.getId());
        complete(task, counts(1, 1, 0, 0), cursor(clock.instant(), "1"));

        // then
        assertThat(schedule(id).getConsecutiveFailures()).isZero();
        assertThat(schedule(id).hasDisabledTime()).isFalse();
        assertThat(FakeExceptionService.REPORTS).isEmpty();
    }

    @Test
    void shouldFollowConfigServiceChangesAndForgetDeletedIntegrations() {
        // given
        String id = newIntegrationId();
        declare(integration(id, everyMinutes(10)).build());

        // when: deactivated (a new version), seen by the periodic reconciliation
        FakeConfigService.INTEGRATIONS.put(id, integration(id, everyMinutes(10)).setVersion(2).setActive(false)
                .build());
        sync.syncAll();
        // then: nothing fires
        assertThat(schedule(id).hasNextRunTime()).isFalse();
        clock.advance(Duration.ofHours(1));
        assertThat(firing.fireDue()).isZero();

        // when: activated again with another cadence
        FakeConfigService.INTEGRATIONS.put(id, integration(id, Cadence.newBuilder()
                .setType(CadenceType.CADENCE_TYPE_DAILY).setTime("06:00").setTimeZone("Europe/Berlin").build())
                .setVersion(3).build());
        sync.syncAll();
        // then: planned from now on the new cadence
        Schedule schedule = schedule(id);
        assertThat(schedule.getIntegrationVersion()).isEqualTo(3);
        assertThat(Timestamps.toInstant(schedule.getNextRunTime()).atZone(java.time.ZoneId.of("Europe/Berlin"))
                .toLocalTime()).isEqualTo(java.time.LocalTime.of(6, 0));

        // when: deleted
        FakeConfigService.INTEGRATIONS.remove(id);
        sync.syncAll();
        // then
        assertFails(() -> schedule(id), Status.Code.NOT_FOUND, "scheduler.schedule_not_found");
    }

    @Test
    void shouldApplyAnIntegrationFromConcurrentReconciliationsAndNoticesWithoutErrorOrGoingBack() throws Exception {
        // given: integrations no schedule knows yet, each described at version 2
        List<Integration> integrations = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            integrations.add(integration(newIntegrationId(), everyMinutes(5)).setVersion(2).build());
        }

        // when: four replicas or notices apply each at the same time
        ExecutorService appliers = Executors.newFixedThreadPool(4);
        try {
            for (Integration integration : integrations) {
                List<Callable<Object>> applies = java.util.Collections.nCopies(4, () -> store.apply(integration));
                for (Future<Object> applied : appliers.invokeAll(applies)) {
                    applied.get(); // then: none fails (it did on the schedule's primary key)
                }
            }
        } finally {
            appliers.shutdownNow();
        }

        // when: a description read before version 2, inactive, is applied late
        Integration first = integrations.get(0);
        store.apply(first.toBuilder().setVersion(1).setActive(false).build());
        // then: it changes nothing
        Schedule schedule = schedule(first.getId());
        assertThat(schedule.getIntegrationVersion()).isEqualTo(2);
        assertThat(schedule.getActive()).isTrue();
        assertThat(schedule.hasNextRunTime()).isTrue();
    }

    @Test
    void shouldNotForgetAnIntegrationTheListsMissedWhileConfigServiceStillHasIt() {
        // given
        String id = newIntegrationId();
        declare(integration(id, everyMinutes(10)).build());

        // when: the reconciliation's pages miss it (others were created or deleted while it read them)
        FakeConfigService.MISSED_BY_LISTS.add(id);
        sync.syncAll();

        // then: asked on its own, config-service still has it, and so does the scheduler
        assertThat(schedule(id).hasNextRunTime()).isTrue();
    }

    /** Triggers a run of one point and fails its task; returns the run's id. */
    private String failRun(String id) {
        Run run = trigger(id, RunMode.RUN_MODE_FULL, id + "-p1");
        Task task = lease("w-1");
        assertThat(task.getRunId()).isEqualTo(run.getId());
        Run closed = api().completeTask(CompleteTaskRequest.newBuilder().setTaskId(task.getId())
                .setEpoch(task.getEpoch()).setOutcome(TaskState.TASK_STATE_FAILED).setCounts(counts(0, 0, 0, 0))
                .setErrorMessage("endpoint unreachable").build()).getRun();
        assertThat(closed.getState()).isEqualTo(RunState.RUN_STATE_FAILED);
        return run.getId();
    }
}
