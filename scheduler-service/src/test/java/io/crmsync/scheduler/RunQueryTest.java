package io.crmsync.scheduler;

import static io.crmsync.proto.scheduler.v1.RunMode.RUN_MODE_FULL;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.proto.scheduler.v1.GetRunRequest;
import io.crmsync.proto.scheduler.v1.ListRunsRequest;
import io.crmsync.proto.scheduler.v1.ListRunsResponse;
import io.crmsync.proto.scheduler.v1.Run;
import io.crmsync.proto.scheduler.v1.Task;
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

    private Run runToCompletion(String integrationId) {
        trigger(integrationId, RUN_MODE_FULL, "accounts");
        Task task = lease("worker-a");
        return complete(task, counts(1, 1, 0, 0), cursor(clock.instant(), "1"));
    }
}
