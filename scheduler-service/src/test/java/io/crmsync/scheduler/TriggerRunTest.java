package io.crmsync.scheduler;

import static io.crmsync.proto.scheduler.v1.RunMode.RUN_MODE_FULL;
import static io.crmsync.proto.scheduler.v1.RunMode.RUN_MODE_INCREMENTAL;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.crmsync.common.time.Timestamps;
import io.crmsync.proto.scheduler.v1.GetRunRequest;
import io.crmsync.proto.scheduler.v1.ListRunsRequest;
import io.crmsync.proto.scheduler.v1.Run;
import io.crmsync.proto.scheduler.v1.RunMode;
import io.crmsync.proto.scheduler.v1.RunState;
import io.crmsync.proto.scheduler.v1.RunTrigger;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.proto.scheduler.v1.TaskState;
import io.crmsync.proto.scheduler.v1.TriggerRunRequest;
import io.crmsync.proto.scheduler.v1.TriggerRunResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class TriggerRunTest extends SchedulerTestBase {

    @Test
    void shouldCreatePendingRunWithOneTaskPerPointInOrder() {
        // given
        String integrationId = newIntegrationId();

        // when
        TriggerRunResponse response = api().triggerRun(
                triggerRequest(integrationId, RUN_MODE_INCREMENTAL, "accounts", "contacts", "deals").build());

        // then
        Run run = response.getRun();
        assertThat(response.getExisting()).isFalse();
        assertThat(run.getState()).isEqualTo(RunState.RUN_STATE_PENDING);
        assertThat(run.getIntegrationId()).isEqualTo(integrationId);
        assertThat(run.getIntegrationVersion()).isEqualTo(3);
        assertThat(run.getTrigger()).isEqualTo(RunTrigger.RUN_TRIGGER_MANUAL);
        assertThat(run.getWindowEnd()).isEqualTo(Timestamps.of(clock.instant()));
        assertThat(run.getTaskCount()).isEqualTo(3);
        assertThat(run.hasStartTime()).isFalse();
        assertThat(run.getTasksList()).extracting(Task::getIntegrationPointId)
                .containsExactly("accounts", "contacts", "deals");
        assertThat(run.getTasksList()).allSatisfy(task -> {
            assertThat(task.getState()).isEqualTo(TaskState.TASK_STATE_PENDING);
            assertThat(task.getRunId()).isEqualTo(run.getId());
            assertThat(task.getEpoch()).isZero();
            assertThat(task.getMode()).isEqualTo(RUN_MODE_INCREMENTAL);
            assertThat(task.hasWindowStart()).as("no watermark yet: read from the beginning").isFalse();
            assertThat(task.getWindowEnd()).isEqualTo(run.getWindowEnd());
        });
        assertThat(api().getRun(GetRunRequest.newBuilder().setRunId(run.getId()).build()).getRun()).isEqualTo(run);
    }

    @Test
    void shouldStartPointsWithoutWatermarkAtTheInitialWindowStartAndOnlyIncrementally() {
        // given: the integration was activated an hour ago (config-service sends that as the initial start)
        String integrationId = newIntegrationId();
        Instant activated = clock.instant().minus(Duration.ofHours(1));

        // when
        Run incremental = api().triggerRun(triggerRequest(integrationId, RUN_MODE_INCREMENTAL, "accounts")
                .setInitialWindowStart(Timestamps.of(activated)).build()).getRun();
        testRuns.cancelRun(incremental.getId());
        Run full = api().triggerRun(triggerRequest(integrationId, RUN_MODE_FULL, "accounts")
                .setInitialWindowStart(Timestamps.of(activated)).build()).getRun();

        // then: no backfill before the activation for increments; a full run reads everything
        assertThat(incremental.getTasks(0).getWindowStart()).isEqualTo(Timestamps.of(activated));
        assertThat(full.getTasks(0).hasWindowStart()).isFalse();
    }

    @Test
    void shouldReturnEarlierRunForSameIdempotencyKey() {
        // given
        String integrationId = newIntegrationId();
        TriggerRunRequest request = triggerRequest(integrationId, RUN_MODE_FULL, "accounts")
                .setIdempotencyKey("nightly-2030-01-01").build();
        Run first = api().triggerRun(request).getRun();

        // when
        TriggerRunResponse second = api().triggerRun(request);

        // then
        assertThat(second.getExisting()).isTrue();
        assertThat(second.getRun().getId()).isEqualTo(first.getId());
        assertThat(api().listRuns(ListRunsRequest.newBuilder().setIntegrationId(integrationId).build())
                .getRunsList()).hasSize(1);
    }

    @Test
    void shouldRefuseSecondRunWhileOneIsInProgress() {
        // given
        String integrationId = newIntegrationId();
        Run running = trigger(integrationId, RUN_MODE_INCREMENTAL, "accounts");

        // when
        StatusRuntimeException failure = assertFails(
                () -> api().triggerRun(triggerRequest(integrationId, RUN_MODE_FULL, "accounts")
                        .setIdempotencyKey("another-key").build()),
                Status.Code.FAILED_PRECONDITION, "scheduler.run_in_progress");

        // then
        assertThat(failure.getStatus().getDescription()).contains(running.getId());
    }

    @Test
    void shouldLetOnlyOneOfConcurrentTriggersCreateARun() throws Exception {
        // given
        String integrationId = newIntegrationId();
        int callers = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Boolean>> triggers = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            TriggerRunRequest request = triggerRequest(integrationId, RUN_MODE_FULL, "accounts")
                    .setIdempotencyKey("key-" + i).build();
            triggers.add(() -> {
                start.await();
                try {
                    api().triggerRun(request);
                    return true;
                } catch (StatusRuntimeException e) {
                    assertFails(() -> {
                        throw e;
                    }, Status.Code.FAILED_PRECONDITION, "scheduler.run_in_progress");
                    return false;
                }
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(callers);

        // when
        List<Future<Boolean>> outcomes = new ArrayList<>();
        try {
            triggers.forEach(trigger -> outcomes.add(pool.submit(trigger)));
            start.countDown();
            List<Boolean> created = new ArrayList<>();
            for (Future<Boolean> outcome : outcomes) {
                created.add(outcome.get());
            }

            // then
            assertThat(created).containsOnlyOnce(true);
        } finally {
            pool.shutdownNow();
        }
        assertThat(api().listRuns(ListRunsRequest.newBuilder().setIntegrationId(integrationId).build())
                .getRunsList()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidTriggers")
    void shouldRefuseInvalidTriggerNamingTheField(String field, UnaryOperator<TriggerRunRequest.Builder> breakIt) {
        // given
        TriggerRunRequest request = breakIt.apply(triggerRequest(newIntegrationId(), RUN_MODE_FULL, "a", "b"))
                .build();

        // when / then
        assertInvalid(() -> api().triggerRun(request), field);
    }

    static Stream<Arguments> invalidTriggers() {
        return Stream.of(
                Arguments.of("integration_id", op(b -> b.setIntegrationId(""))),
                Arguments.of("integration_version", op(b -> b.setIntegrationVersion(0))),
                Arguments.of("integration_point_ids", op(b -> b.clearIntegrationPointIds())),
                Arguments.of("integration_point_ids[1]", op(b -> b.setIntegrationPointIds(1, " "))),
                Arguments.of("integration_point_ids[1]", op(b -> b.setIntegrationPointIds(1, "a"))),
                Arguments.of("mode", op(b -> b.setMode(RunMode.RUN_MODE_UNSPECIFIED))),
                Arguments.of("trigger", op(b -> b.setTrigger(RunTrigger.RUN_TRIGGER_UNSPECIFIED))),
                Arguments.of("idempotency_key", op(b -> b.setIdempotencyKey("k".repeat(201)))));
    }

    private static UnaryOperator<TriggerRunRequest.Builder> op(UnaryOperator<TriggerRunRequest.Builder> op) {
        return op;
    }
}
