package io.crmsync.scheduler;

import static io.crmsync.proto.scheduler.v1.RunMode.RUN_MODE_FULL;
import static io.crmsync.proto.scheduler.v1.RunMode.RUN_MODE_INCREMENTAL;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.common.time.Timestamps;
import io.crmsync.proto.scheduler.v1.ListWatermarksRequest;
import io.crmsync.proto.scheduler.v1.Run;
import io.crmsync.proto.scheduler.v1.SetWatermarksRequest;
import io.crmsync.proto.scheduler.v1.SetWatermarksResponse;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.proto.scheduler.v1.Watermark;
import io.quarkus.test.junit.QuarkusTest;

/** An admin setting watermarks: back starts a run reading from there, forward or into a running one does not. */
@QuarkusTest
class WatermarkResetTest extends SchedulerTestBase {

    @BeforeEach
    void onlyThisTestsTasksAreRunnable() {
        testRuns.cancelUnfinished();
    }

    private SetWatermarksResponse set(String integrationId, Instant time, boolean startRun) {
        return api().setWatermarks(SetWatermarksRequest.newBuilder().setIntegrationId(integrationId)
                .setIntegrationVersion(4).addIntegrationPointIds("accounts").addIntegrationPointIds("contacts")
                .setLastSuccessfulRunTime(Timestamps.of(time)).setStartRun(startRun).build());
    }

    @Test
    void shouldStartAnIncrementalRunFromATimeSetBack() {
        // given: a successful run set both watermarks
        String integrationId = newIntegrationId();
        trigger(integrationId, RUN_MODE_FULL, "accounts", "contacts");
        for (int i = 0; i < 2; i++) {
            Task task = lease("worker-a");
            complete(task, counts(1, 1, 0, 0), cursor(clock.instant(), "1"));
        }
        clock.advance(Duration.ofHours(1));
        Instant back = clock.instant().minus(Duration.ofDays(2));

        // when
        SetWatermarksResponse response = set(integrationId, back, true);

        // then: the watermarks hold the time without a cursor, and a run reads from there (less the lookback)
        assertThat(response.getWatermarksList()).extracting(Watermark::getIntegrationPointId)
                .containsExactly("accounts", "contacts");
        assertThat(response.getWatermarksList()).allSatisfy(w -> {
            assertThat(w.getLastSuccessfulRunTime()).isEqualTo(Timestamps.of(back));
            assertThat(w.hasCursor()).isFalse();
            assertThat(w.getRunId()).isEmpty();
        });
        Run run = response.getRun();
        assertThat(run.getMode()).isEqualTo(RUN_MODE_INCREMENTAL);
        assertThat(run.getIntegrationVersion()).isEqualTo(4);
        assertThat(run.getTasksList()).allSatisfy(task -> assertThat(Timestamps.toInstant(task.getWindowStart()))
                .isEqualTo(back.minus(LOOKBACK)));
        assertThat(api().listWatermarks(ListWatermarksRequest.newBuilder().setIntegrationId(integrationId).build())
                .getWatermarksCount()).isEqualTo(2);

        // when: set again while that run is pending, and then forward
        SetWatermarksResponse again = set(integrationId, back.minus(Duration.ofDays(1)), true);
        testRuns.cancelRun(run.getId());
        SetWatermarksResponse forward = set(integrationId, back.plus(Duration.ofDays(1)), true);

        // then: no second run beside the pending one, and none for a watermark moved forward
        assertThat(again.hasRun()).isFalse();
        assertThat(forward.hasRun()).isFalse();
        assertThat(forward.getWatermarks(0).getLastSuccessfulRunTime())
                .isEqualTo(Timestamps.of(back.plus(Duration.ofDays(1))));
    }

    @Test
    void shouldOnlySetWatermarksOfAnIntegrationThatIsNotRunning() {
        String integrationId = newIntegrationId();
        SetWatermarksResponse response = set(integrationId, clock.instant().minus(Duration.ofDays(1)), false);
        assertThat(response.hasRun()).isFalse();
        assertThat(response.getWatermarksCount()).isEqualTo(2);
    }

    @Test
    void shouldRefuseAFutureTimeOrNoPoints() {
        String integrationId = newIntegrationId();
        assertInvalid(() -> set(integrationId, clock.instant().plus(Duration.ofMinutes(1)), true),
                "last_successful_run_time");
        assertInvalid(() -> api().setWatermarks(SetWatermarksRequest.newBuilder().setIntegrationId(integrationId)
                .setLastSuccessfulRunTime(Timestamps.of(clock.instant())).build()), "integration_point_ids");
        assertInvalid(() -> api().setWatermarks(SetWatermarksRequest.newBuilder().setIntegrationId(integrationId)
                .addIntegrationPointIds("accounts").build()), "last_successful_run_time");
    }
}
