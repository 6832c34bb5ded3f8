package io.crmsync.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.common.time.Timestamps;
import io.crmsync.proto.config.v1.Direction;
import io.crmsync.proto.scheduler.v1.LeaseTaskRequest;
import io.crmsync.proto.scheduler.v1.ListQueuesRequest;
import io.crmsync.proto.scheduler.v1.Queue;
import io.crmsync.proto.scheduler.v1.RunMode;
import io.crmsync.proto.scheduler.v1.SetQueuePausedRequest;
import io.crmsync.proto.scheduler.v1.Task;
import io.quarkus.test.junit.QuarkusTest;

/** Queues per connection and direction: their depth and oldest wait, and pausing one holds its tasks back. */
@QuarkusTest
class QueueTest extends SchedulerTestBase {

    @BeforeEach
    void onlyThisTestsTasksAreRunnable() {
        testRuns.cancelUnfinished();
    }

    private void triggerOn(String connectionId, String integrationId, Direction... directions) {
        String[] points = new String[directions.length];
        for (int i = 0; i < directions.length; i++) {
            points[i] = integrationId + "-p" + i;
        }
        api().triggerRun(triggerRequest(integrationId, RunMode.RUN_MODE_FULL, points).setConnectionId(connectionId)
                .addAllDirections(List.of(directions)).build());
    }

    private List<Queue> queues(String connectionId) {
        return api().listQueues(ListQueuesRequest.newBuilder().setConnectionId(connectionId).build())
                .getQueuesList();
    }

    private Queue setPaused(String connectionId, Direction direction, boolean paused) {
        return api().setQueuePaused(SetQueuePausedRequest.newBuilder().setConnectionId(connectionId)
                .setDirection(direction).setPaused(paused).build()).getQueue();
    }

    @Test
    void shouldShowDepthAndOldestWaitPerConnectionAndDirection() {
        // given: two integrations of one connection, three inbound tasks and one outbound
        String connection = "conn-" + newIntegrationId();
        triggerOn(connection, newIntegrationId(), Direction.DIRECTION_INBOUND, Direction.DIRECTION_OUTBOUND);
        var firstCreated = clock.instant();
        clock.advance(Duration.ofMinutes(5));
        triggerOn(connection, newIntegrationId(), Direction.DIRECTION_INBOUND, Direction.DIRECTION_INBOUND);
        Task leased = lease("worker-a"); // the oldest task: the first integration's inbound one

        // when
        List<Queue> queues = queues(connection);

        // then
        assertThat(leased.getIntegrationPointId()).endsWith("-p0");
        assertThat(queues).extracting(Queue::getDirection)
                .containsExactly(Direction.DIRECTION_INBOUND, Direction.DIRECTION_OUTBOUND);
        Queue inbound = queues.get(0);
        assertThat(inbound.getPending()).isEqualTo(2);
        assertThat(inbound.getRunning()).isEqualTo(1);
        assertThat(Timestamps.toInstant(inbound.getOldestPendingTime())).isEqualTo(firstCreated.plus(Duration.ofMinutes(5)));
        assertThat(queues.get(1).getPending()).isEqualTo(1);
        assertThat(Timestamps.toInstant(queues.get(1).getOldestPendingTime())).isEqualTo(firstCreated);
        assertThat(queues).noneMatch(Queue::getPaused);
    }

    @Test
    void shouldHoldBackAPausedDirectionUntilResumed() {
        // given
        String connection = "conn-" + newIntegrationId();
        triggerOn(connection, newIntegrationId(), Direction.DIRECTION_INBOUND, Direction.DIRECTION_OUTBOUND);

        // when: inbound is paused (twice: idempotent)
        setPaused(connection, Direction.DIRECTION_INBOUND, true);
        Queue paused = setPaused(connection, Direction.DIRECTION_INBOUND, true);

        // then: only the outbound task is handed out
        assertThat(paused.getPaused()).isTrue();
        assertThat(paused.getPending()).isEqualTo(1);
        Task outbound = lease("worker-a");
        assertThat(outbound.getIntegrationPointId()).endsWith("-p1");
        assertThat(api().leaseTask(LeaseTaskRequest.newBuilder().setWorkerId("worker-b").build()).hasTask())
                .isFalse();

        // when: resumed
        Queue resumed = setPaused(connection, Direction.DIRECTION_INBOUND, false);
        // then
        assertThat(resumed.getPaused()).isFalse();
        assertThat(lease("worker-b").getIntegrationPointId()).endsWith("-p0");
        assertInvalid(() -> setPaused(connection, Direction.DIRECTION_UNSPECIFIED, true), "direction");
    }

    @Test
    void shouldRefuseDirectionsThatDoNotMatchThePoints() {
        assertInvalid(() -> api().triggerRun(triggerRequest(newIntegrationId(), RunMode.RUN_MODE_FULL, "a", "b")
                .setConnectionId("conn-1").addDirections(Direction.DIRECTION_INBOUND).build()), "directions");
    }
}
