package io.crmsync.scheduler;

import static io.crmsync.proto.scheduler.v1.RunMode.RUN_MODE_FULL;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.common.time.Timestamps;
import io.crmsync.proto.scheduler.v1.CompleteTaskRequest;
import io.crmsync.proto.scheduler.v1.KeyRange;
import io.crmsync.proto.scheduler.v1.ListWatermarksRequest;
import io.crmsync.proto.scheduler.v1.Run;
import io.crmsync.proto.scheduler.v1.RunCounts;
import io.crmsync.proto.scheduler.v1.RunState;
import io.crmsync.proto.scheduler.v1.SplitTaskRequest;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.proto.scheduler.v1.TaskState;
import io.crmsync.proto.scheduler.v1.Watermark;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;

/** A large full sync split into key-range tasks that several workers lease in parallel. */
@QuarkusTest
class SplitTaskTest extends SchedulerTestBase {

    @BeforeEach
    void onlyThisTestsTasksAreRunnable() {
        testRuns.cancelUnfinished();
    }

    @Test
    void shouldReplaceALeasedTaskByItsRangeTasksAndCloseTheRunWhenTheLastRangeFinishes() {
        // given: a full run of one point, leased
        String integrationId = newIntegrationId();
        Run run = trigger(integrationId, RUN_MODE_FULL, "contacts");
        Task whole = lease("worker-a");

        // when: the worker splits it into three ranges of the id
        Run split = split(whole, ranges("id", "1000", "2000"));

        // then: the task is SPLIT, three range tasks wait with the point, mode and window of the run
        assertThat(split.getTaskCount()).isEqualTo(4);
        assertThat(split.getTasksFinished()).isEqualTo(1);
        assertThat(split.getState()).isEqualTo(RunState.RUN_STATE_RUNNING);
        assertThat(split.getTasks(0).getState()).isEqualTo(TaskState.TASK_STATE_SPLIT);
        assertThat(split.getTasks(0).hasLeaseExpireTime()).isFalse();
        List<Task> parts = split.getTasksList().subList(1, 4);
        assertThat(parts).allSatisfy(part -> {
            assertThat(part.getState()).isEqualTo(TaskState.TASK_STATE_PENDING);
            assertThat(part.getIntegrationPointId()).isEqualTo("contacts");
            assertThat(part.getMode()).isEqualTo(RUN_MODE_FULL);
            assertThat(part.getWindowEnd()).isEqualTo(run.getWindowEnd());
        });
        assertThat(parts).extracting(Task::getKeyRange).containsExactlyElementsOf(ranges("id", "1000", "2000"));

        // when: three workers lease one range each, and finish
        List<Task> leased = new ArrayList<>();
        for (String worker : List.of("worker-a", "worker-b", "worker-c")) {
            leased.add(lease(worker));
        }
        Set<String> ids = new HashSet<>();
        leased.forEach(task -> ids.add(task.getId()));
        assertThat(ids).as("each range leased once").hasSize(3);
        assertThat(leased).allSatisfy(task -> assertThat(task.hasKeyRange()).isTrue());
        Instant t = Instant.parse("2030-01-01T00:00:00Z");
        complete(leased.get(0), counts(1000, 1000, 0, 0), cursor(t.plusSeconds(30), "999"));
        complete(leased.get(1), counts(1000, 990, 10, 0), cursor(t.plusSeconds(90), "1500"));
        Run closed = complete(leased.get(2), counts(7, 7, 0, 0), cursor(t.plusSeconds(60), "2006"));

        // then: the run sums its range tasks only, and the watermark takes the latest cursor
        assertThat(closed.getState()).isEqualTo(RunState.RUN_STATE_SUCCEEDED);
        assertThat(closed.getTasksFinished()).isEqualTo(4);
        assertThat(closed.getCounts()).isEqualTo(RunCounts.newBuilder().setRead(2007).setCreated(1997)
                .setUpdated(10).build());
        List<Watermark> watermarks = api().listWatermarks(ListWatermarksRequest.newBuilder()
                .setIntegrationId(integrationId).build()).getWatermarksList();
        assertThat(watermarks).hasSize(1);
        assertThat(watermarks.get(0).getLastSuccessfulRunTime()).isEqualTo(run.getWindowEnd());
        assertThat(Timestamps.toInstant(watermarks.get(0).getCursor().getModifiedTime()))
                .isEqualTo(t.plusSeconds(90));
    }

    @Test
    void shouldMakeTheRunPartialWhenOneRangeFails() {
        // given
        trigger(newIntegrationId(), RUN_MODE_FULL, "contacts");
        split(lease("worker-a"), ranges("id", "50"));
        Task low = lease("worker-a");
        Task high = lease("worker-b");

        // when
        complete(low, counts(50, 50, 0, 0), cursor(Instant.parse("2030-01-01T00:00:00Z"), "49"));
        Run closed = api().completeTask(CompleteTaskRequest.newBuilder()
                .setTaskId(high.getId()).setEpoch(high.getEpoch()).setOutcome(TaskState.TASK_STATE_FAILED)
                .setCounts(counts(3, 3, 0, 0)).setErrorMessage("target unreachable").build()).getRun();

        // then: one of two counted tasks failed, not every one
        assertThat(closed.getState()).isEqualTo(RunState.RUN_STATE_PARTIAL);
        assertThat(closed.getErrorMessage()).isEqualTo("target unreachable");
        assertThat(closed.getCounts().getRead()).isEqualTo(53);
    }

    @Test
    void shouldRefuseToSplitATaskThatLostItsLeaseHasCommittedOrIsARangeAlready() {
        // given
        trigger(newIntegrationId(), RUN_MODE_FULL, "contacts");
        Task task = lease("worker-a");

        // when / then: a stale epoch
        assertFails(() -> api().splitTask(request(task.getId(), task.getEpoch() + 1, ranges("id", "5"))),
                Status.Code.FAILED_PRECONDITION, "scheduler.stale_epoch");

        // when / then: a task that committed records already
        checkpoint(task.getId(), task.getEpoch(), cursor(Instant.parse("2030-01-01T00:00:00Z"), "3"),
                counts(3, 3, 0, 0));
        assertFails(() -> split(task, ranges("id", "5")), Status.Code.FAILED_PRECONDITION,
                "scheduler.task_not_splittable");

        // when / then: a range task
        trigger(newIntegrationId(), RUN_MODE_FULL, "accounts");
        Task other = lease("worker-b");
        split(other, ranges("id", "5"));
        Task range = lease("worker-b");
        assertFails(() -> split(range, ranges("id", "2")), Status.Code.FAILED_PRECONDITION,
                "scheduler.task_not_splittable");
        assertThat(getRun(range.getRunId()).getTaskCount()).as("nothing stored changed").isEqualTo(3);
    }

    @Test
    void shouldRefuseRangesThatLeaveAGapOrOverlap() {
        // given
        trigger(newIntegrationId(), RUN_MODE_FULL, "contacts");
        Task task = lease("worker-a");
        KeyRange first = KeyRange.newBuilder().setField("id").setUpper("10").build();
        KeyRange last = KeyRange.newBuilder().setField("id").setLower("10").build();

        // when / then
        assertInvalid(() -> api().splitTask(request(task.getId(), task.getEpoch(), List.of(first))), "ranges");
        assertInvalid(() -> api().splitTask(request(task.getId(), task.getEpoch(),
                List.of(first, last.toBuilder().setLower("11").build()))), "ranges[1].lower");
        assertInvalid(() -> api().splitTask(request(task.getId(), task.getEpoch(),
                List.of(first.toBuilder().setLower("0").build(), last))), "ranges[0].lower");
        assertInvalid(() -> api().splitTask(request(task.getId(), task.getEpoch(),
                List.of(first, last.toBuilder().setUpper("20").build()))), "ranges[1].upper");
        assertInvalid(() -> api().splitTask(request(task.getId(), task.getEpoch(),
                List.of(first, last.toBuilder().setField("email").build()))), "ranges[1].field");
        assertThat(getRun(task.getRunId()).getTaskCount()).as("nothing stored changed").isEqualTo(1);
        assertThat(getRun(task.getRunId()).getTasks(0).getState()).isEqualTo(TaskState.TASK_STATE_LEASED);
    }

    private Run split(Task task, List<KeyRange> ranges) {
        return api().splitTask(request(task.getId(), task.getEpoch(), ranges)).getRun();
    }

    private static SplitTaskRequest request(String taskId, long epoch, List<KeyRange> ranges) {
        return SplitTaskRequest.newBuilder().setTaskId(taskId).setEpoch(epoch).addAllRanges(ranges).build();
    }

    /** Contiguous ranges of {@code field} cut at the given bounds. */
    private static List<KeyRange> ranges(String field, String... bounds) {
        List<KeyRange> ranges = new ArrayList<>();
        String lower = null;
        for (int i = 0; i <= bounds.length; i++) {
            KeyRange.Builder range = KeyRange.newBuilder().setField(field);
            if (lower != null) {
                range.setLower(lower);
            }
            if (i < bounds.length) {
                range.setUpper(bounds[i]);
                lower = bounds[i];
            }
            ranges.add(range.build());
        }
        return ranges;
    }
}
