package io.crmsync.worker.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.crmsync.common.time.Timestamps;
import io.crmsync.proto.scheduler.v1.CheckpointTaskRequest;
import io.crmsync.proto.scheduler.v1.CheckpointTaskResponse;
import io.crmsync.proto.scheduler.v1.Cursor;
import io.crmsync.proto.scheduler.v1.RunCounts;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.worker.task.LeaseDeadline;
import io.crmsync.worker.task.LeaseDeadlines;
import io.crmsync.worker.testing.Fixtures;

class RemoteTaskReporterTest {

    @Test
    void shouldMoveTheLeaseDeadlineToTheExpiryACheckpointGrants() {
        // given: a task whose lease, as granted, already ran out
        Task task = Fixtures.task().setLeaseExpireTime(Timestamps.of(Instant.now().minusSeconds(1))).build();
        LeaseDeadlines deadlines = new LeaseDeadlines(Clock.systemUTC());
        LeaseDeadline deadline = deadlines.track(task, deadlines.now());
        assertThat(deadline.expired()).isTrue();
        RemoteTaskReporter reporter = new RemoteTaskReporter(new SchedulerClient() {
            @Override
            public CheckpointTaskResponse checkpoint(CheckpointTaskRequest request) {
                return CheckpointTaskResponse.newBuilder()
                        .setLeaseExpireTime(Timestamps.of(Instant.now().plusSeconds(60))).build();
            }
        }, null, deadlines);

        // when
        reporter.checkpoint(task, Cursor.getDefaultInstance(), RunCounts.getDefaultInstance());

        // then
        assertThat(deadline.expired()).isFalse();
    }
}
