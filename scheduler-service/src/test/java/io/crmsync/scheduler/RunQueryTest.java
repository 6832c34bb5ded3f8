package io.crmsync.scheduler;

import static io.crmsync.proto.scheduler.v1.RunMode.RUN_MODE_FULL;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.common.time.Timestamps;
import io.crmsync.proto.scheduler.v1.CancelRunRequest;
import io.crmsync.proto.scheduler.v1.GetRunRequest;
import io.crmsync.proto.scheduler.v1.LeaseTaskRequest;
import io.crmsync.proto.scheduler.v1.ListRunsRequest;
import io.crmsync.proto.scheduler.v1.ListRunsResponse;
import io.crmsync.proto.scheduler.v1.RenewLeaseRequest;
import io.crmsync.proto.scheduler.v1.Run;
import io.crmsync.proto.scheduler.v1.RunState;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.proto.scheduler.v1.TaskState;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class RunQueryTest extends SchedulerTestBase {

    @BeforeEach
    void onlyThisTestsTasksAreRunnable() {
        testRuns.cancelUnfinished();
    }

    @Test
    void shouldListRunsOfAnIntegrationNewestFirstInPages() {
        // given
        String integrationId = newIntegrationId();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            created.add(0, runToCompletion(integrationId).getId());
            clock.advance(Duration.ofMinutes(1));
        }
        trigger(newIntegrationId(), RUN_MODE_FULL, "accounts");

        // when
        ListRunsResponse first = api().listRuns(ListRunsRequest.newBuilder()
                .setIntegrationId(integrationId).setPageSize(2).build());
        ListRunsResponse second = api().listRuns(ListRunsRequest.newBuilder()
                .setIntegrationId(integrationId).setPageSize(2).setPageToken(first.getNextPageToken()).build());

        // then
        assertThat(first.getRunsList()).extracting(Run::getId).containsExactly(created.get(0), created.get(1));
        assertThat(first.getNextPageToken()).isNotEmpty();
        assertThat(second.getRunsList()).extracting(Run::getId).containsExactly(created.get(2));
        assertThat(second.getNextPageToken()).isEmpty();
        assertThat(first.getRunsList()).allSatisfy(run -> {
            assertThat(run.getTasksList()).as("listed without tasks").isEmpty();
            assertThat(run.getTaskCount()).isEqualTo(1);
        });
    }

    @Test
    void shouldListRunsOfEveryIntegrationWithoutFilter() {
        // given
        clock.advance(Duration.ofSeconds(1));
        String one = trigger(newIntegrationId(), RUN_MODE_FULL, "accounts").getId();
        clock.advance(Duration.ofSeconds(1));
        String other = trigger(newIntegrationId(), RUN_MODE_FULL, "accounts").getId();

        // when
        ListRunsResponse page = api().listRuns(ListRunsRequest.newBuilder().setPageSize(2).build());

        // then
        assertThat(page.getRunsList()).extracting(Run::getId).containsExactly(other, one);
    }

    @Test
    void shouldReportUnknownAndMalformedRunIds() {
        // when / then
        assertFails(() -> getRun("00000000-0000-0000-0000-000000000000"), Status.Code.NOT_FOUND,
                "scheduler.run_not_found");
        assertInvalid(() -> getRun("run-1"), "run_id");
        assertInvalid(() -> api().getRun(GetRunRequest.getDefaultInstance()), "run_id");
        assertInvalid(() -> api().listRuns(ListRunsRequest.newBuilder().setPageSize(-1).build()), "page_size");
        assertInvalid(() -> api().listRuns(ListRunsRequest.newBuilder().setPageToken("%%").build()), "page_token");
    }

    @Test
    void shouldFilterRunsByStateAndCreationTime() {
        // given: a succeeded run, then (a minute later) a cancelled one, then a pending one
        String integrationId = newIntegrationId();
        Instant start = clock.instant();
        String succeeded = runToCompletion(integrationId).getId();
        clock.advance(Duration.ofMinutes(1));
        Instant secondMinute = clock.instant();
        String cancelled = trigger(integrationId, RUN_MODE_FULL, "accounts").getId();
        api().cancelRun(CancelRunRequest.newBuilder().setRunId(cancelled).build());
        clock.advance(Duration.ofMinutes(1));
        String pending = trigger(integrationId, RUN_MODE_FULL, "accounts").getId();

        // when / then
        assertThat(ids(ListRunsRequest.newBuilder().setIntegrationId(integrationId)
                .addStates(RunState.RUN_STATE_SUCCEEDED).addStates(RunState.RUN_STATE_PENDING)))
                .containsExactly(pending, succeeded);
        assertThat(ids(ListRunsRequest.newBuilder().setIntegrationId(integrationId)
                .setCreatedAfter(Timestamps.of(secondMinute)))).containsExactly(pending, cancelled);
        assertThat(ids(ListRunsRequest.newBuilder().setIntegrationId(integrationId)
                .setCreatedAfter(Timestamps.of(start)).setCreatedBefore(Timestamps.of(secondMinute))))
                .containsExactly(succeeded);
        assertInvalid(() -> api().listRuns(ListRunsRequest.newBuilder().addStates(RunState.RUN_STATE_UNSPECIFIED)
                .build()), "states");
    }

    @Test
    void shouldCancelAnUnfinishedRunSoItsTasksStopAndTheIntegrationMayRunAgain() {
        // given: a run of two points, one task leased
        String integrationId = newIntegrationId();
        Run run = trigger(integrationId, RUN_MODE_FULL, "accounts", "contacts");
        Task leased = lease("worker-a");

        // when
        Run cancelled = api().cancelRun(CancelRunRequest.newBuilder().setRunId(run.getId()).build()).getRun();

        // then: the pending task never starts, the leased one learns it at its next heartbeat
        assertThat(cancelled.getState()).isEqualTo(RunState.RUN_STATE_CANCELLED);
        assertThat(cancelled.getTasksList()).extracting(Task::getState)
                .containsExactly(TaskState.TASK_STATE_LEASED, TaskState.TASK_STATE_CANCELLED);
        assertThat(api().leaseTask(LeaseTaskRequest.newBuilder().setWorkerId("worker-b").build()).hasTask())
                .isFalse();
        assertThat(api().renewLease(RenewLeaseRequest.newBuilder().setTaskId(leased.getId())
                .setEpoch(leased.getEpoch()).build()).getCancelled()).isTrue();
        assertThat(trigger(integrationId, RUN_MODE_FULL, "accounts").getState()).isEqualTo(RunState.RUN_STATE_PENDING);
        // and an ended run cannot be cancelled
        assertFails(() -> api().cancelRun(CancelRunRequest.newBuilder().setRunId(run.getId()).build()),
                Status.Code.FAILED_PRECONDITION, "scheduler.run_finished");
        assertFails(() -> api().cancelRun(CancelRunRequest.newBuilder()
                .setRunId("00000000-0000-0000-0000-000000000000").build()), Status.Code.NOT_FOUND,
                "scheduler.run_not_found");
    }

    private List<String> ids(ListRunsRequest.Builder request) {
        return api().listRuns(request.build()).getRunsList().stream().map(Run::getId).toList();
    }

    private Run runToCompletion(String integrationId) {
        trigger(integrationId, RUN_MODE_FULL, "accounts");
        Task task = lease("worker-a");
        return complete(task, counts(1, 1, 0, 0), cursor(clock.instant(), "1"));
    }
}
