package io.crmsync.worker.testing;

import java.time.Instant;

import io.crmsync.common.error.ErrorCode;
import io.crmsync.common.error.GrpcErrors;
import io.crmsync.common.time.Timestamps;
import io.crmsync.proto.scheduler.v1.CheckpointTaskRequest;
import io.crmsync.proto.scheduler.v1.CheckpointTaskResponse;
import io.crmsync.proto.scheduler.v1.CompleteTaskRequest;
import io.crmsync.proto.scheduler.v1.CompleteTaskResponse;
import io.crmsync.proto.scheduler.v1.CancelRunRequest;
import io.crmsync.proto.scheduler.v1.CancelRunResponse;
import io.crmsync.proto.scheduler.v1.EnableIntegrationRequest;
import io.crmsync.proto.scheduler.v1.EnableIntegrationResponse;
import io.crmsync.proto.scheduler.v1.GetRunRequest;
import io.crmsync.proto.scheduler.v1.GetRunResponse;
import io.crmsync.proto.scheduler.v1.GetScheduleRequest;
import io.crmsync.proto.scheduler.v1.GetScheduleResponse;
import io.crmsync.proto.scheduler.v1.LeaseTaskRequest;
import io.crmsync.proto.scheduler.v1.LeaseTaskResponse;
import io.crmsync.proto.scheduler.v1.ListRunsRequest;
import io.crmsync.proto.scheduler.v1.ListQueuesRequest;
import io.crmsync.proto.scheduler.v1.ListQueuesResponse;
import io.crmsync.proto.scheduler.v1.ListRunsResponse;
import io.crmsync.proto.scheduler.v1.ListWatermarksRequest;
import io.crmsync.proto.scheduler.v1.ListWatermarksResponse;
import io.crmsync.proto.scheduler.v1.RenewLeaseRequest;
import io.crmsync.proto.scheduler.v1.RenewLeaseResponse;
import io.crmsync.proto.scheduler.v1.SchedulerService;
import io.crmsync.proto.scheduler.v1.SetQueuePausedRequest;
import io.crmsync.proto.scheduler.v1.SetQueuePausedResponse;
import io.crmsync.proto.scheduler.v1.SetWatermarksRequest;
import io.crmsync.proto.scheduler.v1.SetWatermarksResponse;
import io.crmsync.proto.scheduler.v1.SplitTaskRequest;
import io.crmsync.proto.scheduler.v1.SplitTaskResponse;
import io.crmsync.proto.scheduler.v1.SyncIntegrationRequest;
import io.crmsync.proto.scheduler.v1.SyncIntegrationResponse;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.proto.scheduler.v1.TriggerRunRequest;
import io.crmsync.proto.scheduler.v1.TriggerRunResponse;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

/**
 * Stand-in for scheduler-service: leases the tasks queued in {@link FakeRemotes} and records checkpoints and
 * completions. A task with epoch 99 has lost its lease: its checkpoints are refused as stale.
 */
@GrpcService
public class FakeSchedulerService implements SchedulerService {

    public static final long STALE_EPOCH = 99;

    @Override
    public Uni<LeaseTaskResponse> leaseTask(LeaseTaskRequest request) {
        FakeRemotes.LEASING_WORKERS.add(request.getWorkerId());
        Task task = FakeRemotes.PENDING_TASKS.poll();
        LeaseTaskResponse.Builder response = LeaseTaskResponse.newBuilder();
        if (task != null) {
            response.setTask(task.toBuilder().setWorkerId(request.getWorkerId())
                    .setLeaseExpireTime(Timestamps.of(Instant.now().plusSeconds(30))));
        }
        return Uni.createFrom().item(response.build());
    }

    @Override
    public Uni<RenewLeaseResponse> renewLease(RenewLeaseRequest request) {
        return Uni.createFrom().item(RenewLeaseResponse.getDefaultInstance());
    }

    @Override
    public Uni<CheckpointTaskResponse> checkpointTask(CheckpointTaskRequest request) {
        if (request.getEpoch() == STALE_EPOCH) {
            return Uni.createFrom().failure(GrpcErrors.toStatus(
                    new ErrorCode("scheduler.stale_epoch", Status.Code.FAILED_PRECONDITION, 409), "stale epoch"));
        }
        FakeRemotes.CHECKPOINTS.add(request);
        return Uni.createFrom().item(CheckpointTaskResponse.getDefaultInstance());
    }

    @Override
    public Uni<CompleteTaskResponse> completeTask(CompleteTaskRequest request) {
        FakeRemotes.COMPLETIONS.add(request);
        return Uni.createFrom().item(CompleteTaskResponse.getDefaultInstance());
    }

    @Override
    public Uni<SplitTaskResponse> splitTask(SplitTaskRequest request) {
        FakeRemotes.SPLITS.add(request);
        return Uni.createFrom().item(SplitTaskResponse.getDefaultInstance());
    }

    @Override
    public Uni<TriggerRunResponse> triggerRun(TriggerRunRequest request) {
        return Uni.createFrom().failure(Status.UNIMPLEMENTED.asRuntimeException());
    }

    @Override
    public Uni<GetRunResponse> getRun(GetRunRequest request) {
        return Uni.createFrom().failure(Status.UNIMPLEMENTED.asRuntimeException());
    }

    @Override
    public Uni<ListRunsResponse> listRuns(ListRunsRequest request) {
        return Uni.createFrom().failure(Status.UNIMPLEMENTED.asRuntimeException());
    }

    @Override
    public Uni<CancelRunResponse> cancelRun(CancelRunRequest request) {
        return notUsed();
    }

    @Override
    public Uni<ListQueuesResponse> listQueues(ListQueuesRequest request) {
        return notUsed();
    }

    @Override
    public Uni<SetQueuePausedResponse> setQueuePaused(SetQueuePausedRequest request) {
        return notUsed();
    }

    @Override
    public Uni<ListWatermarksResponse> listWatermarks(ListWatermarksRequest request) {
        return notUsed();
    }

    @Override
    public Uni<SetWatermarksResponse> setWatermarks(SetWatermarksRequest request) {
        return notUsed();
    }

    @Override
    public Uni<SyncIntegrationResponse> syncIntegration(SyncIntegrationRequest request) {
        return notUsed();
    }

    @Override
    public Uni<GetScheduleResponse> getSchedule(GetScheduleRequest request) {
        return notUsed();
    }

    @Override
    public Uni<EnableIntegrationResponse> enableIntegration(EnableIntegrationRequest request) {
        return notUsed();
    }

    private static <T> Uni<T> notUsed() {
        return Uni.createFrom().failure(new UnsupportedOperationException("config-service's call, not the worker's"));
    }
}
