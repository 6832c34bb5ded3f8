package io.crmsync.scheduler;

import static io.crmsync.proto.scheduler.v1.RunMode.RUN_MODE_FULL;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.google.protobuf.Timestamp;

import io.crmsync.proto.scheduler.v1.CompleteTaskRequest;
import io.crmsync.proto.scheduler.v1.Cursor;
import io.crmsync.proto.scheduler.v1.Run;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.proto.scheduler.v1.TaskState;
import io.quarkus.test.junit.QuarkusTest;

/** Cursor times come from workers; any protobuf Timestamp is kept, anything else is refused naming the field. */
@QuarkusTest
class CursorTimestampTest extends SchedulerTestBase {

    @BeforeEach
    void onlyThisTestsTasksAreRunnable() {
        testRuns.cancelUnfinished();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outOfRangeTimes")
    void shouldRefuseCursorTimeOutsideTheTimestampRangeNamingTheField(String name, Timestamp modifiedTime) {
        // given
        Run run = trigger(newIntegrationId(), RUN_MODE_FULL, "accounts");
        Task task = lease("worker-a");
        Cursor cursor = Cursor.newBuilder().setModifiedTime(modifiedTime).addKey("k-1").build();

        // when / then
        assertInvalid(() -> checkpoint(task.getId(), task.getEpoch(), cursor, counts(1, 1, 0, 0)),
                "cursor.modified_time");
        assertInvalid(() -> api().completeTask(CompleteTaskRequest.newBuilder().setTaskId(task.getId())
                .setEpoch(task.getEpoch()).setOutcome(TaskState.TASK_STATE_SUCCEEDED).setCounts(counts(1, 1, 0, 0))
                .setCursor(cursor).build()), "cursor.modified_time");
        Task after = getRun(run.getId()).getTasks(0);
        assertThat(after.getState()).as("the refused completion wrote nothing").isEqualTo(TaskState.TASK_STATE_LEASED);
        assertThat(after.hasCheckpoint()).as("the refused checkpoint wrote nothing").isFalse();
    }

    static Stream<Arguments> outOfRangeTimes() {
        return Stream.of(
                Arguments.of("seconds = Long.MAX_VALUE", Timestamp.newBuilder().setSeconds(Long.MAX_VALUE).build()),
                Arguments.of("seconds = Long.MIN_VALUE", Timestamp.newBuilder().setSeconds(Long.MIN_VALUE).build()),
                Arguments.of("year 300000", at("+300000-01-01T00:00:00Z")),
                Arguments.of("year 10000", at("+10000-01-01T00:00:00Z")),
                Arguments.of("before year 1", at("0000-12-31T23:59:59Z")),
                Arguments.of("negative nanos", Timestamp.newBuilder().setSeconds(0).setNanos(-1).build()),
                Arguments.of("nanos of a whole second", Timestamp.newBuilder().setNanos(1_000_000_000).build()));
    }

    @Test
    void shouldKeepCursorTimesAtBothEndsOfTheTimestampRange() {
        // given
        Run run = trigger(newIntegrationId(), RUN_MODE_FULL, "accounts");
        Task task = lease("worker-a");
        Cursor earliest = cursor(Instant.parse("0001-01-01T00:00:00Z"), "k-1");
        Cursor latest = cursor(Instant.parse("9999-12-31T23:59:59.999999Z"), "k-2");

        // when
        checkpoint(task.getId(), task.getEpoch(), earliest, counts(1, 1, 0, 0));
        Task checkpointed = getRun(run.getId()).getTasks(0);
        Run completed = complete(task, counts(2, 2, 0, 0), latest);

        // then
        assertThat(checkpointed.getCheckpoint()).isEqualTo(earliest);
        assertThat(completed.getTasks(0).getCheckpoint()).isEqualTo(latest);
    }

    private static Timestamp at(String instant) {
        Instant parsed = Instant.parse(instant);
        return Timestamp.newBuilder().setSeconds(parsed.getEpochSecond()).setNanos(parsed.getNano()).build();
    }
}
