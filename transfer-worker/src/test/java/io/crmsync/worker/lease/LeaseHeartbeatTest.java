package io.crmsync.worker.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.error.ErrorCode;
import io.crmsync.common.time.Timestamps;
import io.crmsync.proto.scheduler.v1.RenewLeaseResponse;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.worker.remote.SchedulerClient;
import io.crmsync.worker.task.LeaseDeadline;
import io.crmsync.worker.task.LeaseLostException;
import io.crmsync.worker.task.TaskControl;
import io.crmsync.worker.testing.Fixtures;

class LeaseHeartbeatTest {

    private static final Clock CLOCK = Clock.fixed(Fixtures.T0, ZoneOffset.UTC);
    private static final Task TASK = Fixtures.task().setLeaseExpireTime(Timestamps.of(Fixtures.T0.plusSeconds(30)))
            .build();

    @Test
    void shouldRenewEveryThirdOfTheLease() {
        assertThat(heartbeat(RenewLeaseResponse::getDefaultInstance).period(TASK)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void shouldMoveTheLeaseDeadlineToTheRenewedExpiry() {
        // given: a task whose lease deadline has not been set yet, on a monotonic clock at 0
        AtomicLong nanos = new AtomicLong();
        TaskControl control = new TaskControl(new LeaseDeadline(TASK.getId(), TASK.getEpoch(), nanos::get, CLOCK));

        // when: the renewal grants 30 s from now
        heartbeat(() -> RenewLeaseResponse.newBuilder()
                .setLeaseExpireTime(Timestamps.of(Fixtures.T0.plusSeconds(30))).build()).renew(TASK, control);

        // then: the deadline is 27 s after the renewal was sent
        nanos.set(Duration.ofSeconds(27).minusNanos(1).toNanos());
        assertThat(control.lease().expired()).isFalse();
        nanos.set(Duration.ofSeconds(27).toNanos());
        assertThat(control.lease().expired()).isTrue();
    }

    @Test
    void shouldStopTheTaskWhenTheRunWasCancelled() {
        // given
        TaskControl control = new TaskControl();

        // when
        heartbeat(() -> RenewLeaseResponse.newBuilder().setCancelled(true).build()).renew(TASK, control);

        // then
        assertThat(control.isStopped()).isTrue();
        assertThat(control.reason()).isEqualTo("run cancelled");
    }

    @Test
    void shouldStopTheTaskWhenTheLeaseIsLost() {
        // given
        TaskControl control = new TaskControl();

        // when
        heartbeat(() -> {
            throw new LeaseLostException("task-1", null);
        }).renew(TASK, control);

        // then
        assertThat(control.reason()).isEqualTo("lease lost");
    }

    @Test
    void shouldKeepTheTaskRunningWhenTheSchedulerDoesNotAnswer() {
        // given
        TaskControl control = new TaskControl();

        // when
        heartbeat(() -> {
            throw new CrmsyncException(ErrorCode.UNAVAILABLE, "scheduler-service is not reachable");
        }).renew(TASK, control);

        // then
        assertThat(control.isStopped()).isFalse();
    }

    private static LeaseHeartbeat heartbeat(Supplier<RenewLeaseResponse> answer) {
        return new LeaseHeartbeat(new SchedulerClient() {
            @Override
            public RenewLeaseResponse renewLease(String taskId, long epoch) {
                return answer.get();
            }
        }, CLOCK);
    }
}
