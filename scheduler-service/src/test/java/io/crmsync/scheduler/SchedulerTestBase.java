package io.crmsync.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import io.crmsync.common.error.GrpcErrors;
import io.crmsync.common.time.Timestamps;
import io.crmsync.proto.scheduler.v1.CheckpointTaskRequest;
import io.crmsync.proto.scheduler.v1.CompleteTaskRequest;
import io.crmsync.proto.scheduler.v1.Cursor;
import io.crmsync.proto.scheduler.v1.GetRunRequest;
import io.crmsync.proto.scheduler.v1.LeaseTaskRequest;
import io.crmsync.proto.scheduler.v1.Run;
import io.crmsync.proto.scheduler.v1.RunCounts;
import io.crmsync.proto.scheduler.v1.RunMode;
import io.crmsync.proto.scheduler.v1.RunTrigger;
import io.crmsync.proto.scheduler.v1.SchedulerServiceGrpc.SchedulerServiceBlockingStub;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.proto.scheduler.v1.TaskState;
import io.crmsync.proto.scheduler.v1.TriggerRunRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.inject.Inject;

/** Calls the service through a real gRPC channel to its own test port, with the helpers its tests share. */
abstract class SchedulerTestBase {

    /** crmsync.scheduler.lease-duration. */
    static final Duration LEASE = Duration.ofSeconds(30);
    /** %test.crmsync.scheduler.watermark-lookback (not the default, so the tests show the key is read). */
    static final Duration LOOKBACK = Duration.ofSeconds(45);
    /** %test.crmsync.scheduler.max-lease-attempts. */
    static final int MAX_LEASE_ATTEMPTS = 2;

    @GrpcClient("scheduler")
    SchedulerServiceBlockingStub stub;
    @Inject
    TestClock clock;
    @Inject
    TestRuns testRuns;

    SchedulerServiceBlockingStub api() {
        return stub.withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    static String newIntegrationId() {
        return "int-" + UUID.randomUUID();
    }

    static TriggerRunRequest.Builder triggerRequest(String integrationId, RunMode mode, String... pointIds) {
        return TriggerRunRequest.newBuilder()
                .setIntegrationId(integrationId)
                .setIntegrationVersion(3)
                .addAllIntegrationPointIds(List.of(pointIds))
                .setMode(mode)
                .setTrigger(RunTrigger.RUN_TRIGGER_MANUAL);
    }

    Run trigger(String integrationId, RunMode mode, String... pointIds) {
        return api().triggerRun(triggerRequest(integrationId, mode, pointIds).build()).getRun();
    }

    Run getRun(String runId) {
        return api().getRun(GetRunRequest.newBuilder().setRunId(runId).build()).getRun();
    }

    /** Leases the next task, which must exist. */
    Task lease(String workerId) {
        Task task = api().leaseTask(LeaseTaskRequest.newBuilder().setWorkerId(workerId).build()).getTask();
        assertThat(task.getId()).as("a leased task").isNotEmpty();
        return task;
    }

    void checkpoint(String taskId, long epoch, Cursor cursor, RunCounts counts) {
        api().checkpointTask(CheckpointTaskRequest.newBuilder()
                .setTaskId(taskId).setEpoch(epoch).setCursor(cursor).setCounts(counts).build());
    }

    Run complete(Task task, RunCounts counts, Cursor cursor) {
        return api().completeTask(CompleteTaskRequest.newBuilder()
                .setTaskId(task.getId()).setEpoch(task.getEpoch())
                .setOutcome(TaskState.TASK_STATE_SUCCEEDED).setCounts(counts).setCursor(cursor)
                .build()).getRun();
    }

    static RunCounts counts(long read, long created, long updated, long rejected) {
        return RunCounts.newBuilder().setRead(read).setCreated(created).setUpdated(updated).setRejected(rejected)
                .build();
    }

    static Cursor cursor(Instant modifiedTime, String... key) {
        return Cursor.newBuilder().setModifiedTime(Timestamps.of(modifiedTime)).addAllKey(List.of(key)).build();
    }

    /** Asserts the call fails with this status code and ErrorInfo reason, and returns the failure. */
    static StatusRuntimeException assertFails(ThrowingCallable call, Status.Code code, String reason) {
        StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, call);
        assertThat(failure).as("the call should fail").isNotNull();
        assertThat(failure.getStatus().getCode()).isEqualTo(code);
        assertThat(GrpcErrors.reasonOf(failure)).contains(reason);
        return failure;
    }

    /** Asserts the call is refused as INVALID_ARGUMENT naming the field. */
    static void assertInvalid(ThrowingCallable call, String field) {
        StatusRuntimeException failure = assertFails(call, Status.Code.INVALID_ARGUMENT, "crmsync.invalid_argument");
        assertThat(failure.getStatus().getDescription()).startsWith(field + ":");
    }
}
