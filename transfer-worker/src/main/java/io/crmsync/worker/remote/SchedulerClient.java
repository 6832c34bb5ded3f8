package io.crmsync.worker.remote;

import java.util.Optional;
import java.util.function.Supplier;

import org.eclipse.microprofile.faulttolerance.Retry;

import io.crmsync.proto.scheduler.v1.CheckpointTaskRequest;
import io.crmsync.proto.scheduler.v1.CheckpointTaskResponse;
import io.crmsync.proto.scheduler.v1.CompleteTaskRequest;
import io.crmsync.proto.scheduler.v1.LeaseTaskRequest;
import io.crmsync.proto.scheduler.v1.LeaseTaskResponse;
import io.crmsync.proto.scheduler.v1.RenewLeaseRequest;
import io.crmsync.proto.scheduler.v1.RenewLeaseResponse;
import io.crmsync.proto.scheduler.v1.SchedulerServiceGrpc.SchedulerServiceBlockingStub;
import io.crmsync.proto.scheduler.v1.SplitTaskRequest;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.worker.task.LeaseLostException;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;

/** Calls scheduler-service: leases, heartbeats, checkpoints, splits and completions. */
@ApplicationScoped
public class SchedulerClient {

    static final String PEER = "scheduler-service";
    static final String STALE_EPOCH = "scheduler.stale_epoch";

    @GrpcClient("scheduler")
    SchedulerServiceBlockingStub scheduler;

    /** The oldest runnable task, leased to this worker, if any. Not retried: the lease loop polls again. */
    public Optional<Task> leaseTask(String workerId) {
        LeaseTaskResponse response = RemoteCalls.call(PEER, () -> stub()
                .leaseTask(LeaseTaskRequest.newBuilder().setWorkerId(workerId).build()));
        return response.hasTask() ? Optional.of(response.getTask()) : Optional.empty();
    }

    /** Extends the lease. Not retried: the heartbeat renews again well before the lease expires. */
    public RenewLeaseResponse renewLease(String taskId, long epoch) {
        return epochCall(taskId, () -> stub()
                .renewLease(RenewLeaseRequest.newBuilder().setTaskId(taskId).setEpoch(epoch).build()));
    }

    @Retry(maxRetries = 4, delay = 300, jitter = 150, maxDuration = 90_000,
            retryOn = RemoteUnavailableException.class, abortOn = LeaseLostException.class)
    public CheckpointTaskResponse checkpoint(CheckpointTaskRequest request) {
        return epochCall(request.getTaskId(), () -> stub().checkpointTask(request));
    }

    /** Retrying is safe: when a lost answer hid a split that happened, the retry is refused as stale. */
    @Retry(maxRetries = 4, delay = 300, jitter = 150, maxDuration = 90_000,
            retryOn = RemoteUnavailableException.class, abortOn = LeaseLostException.class)
    public void split(SplitTaskRequest request) {
        epochCall(request.getTaskId(), () -> stub().splitTask(request));
    }

    @Retry(maxRetries = 4, delay = 300, jitter = 150, maxDuration = 90_000,
            retryOn = RemoteUnavailableException.class, abortOn = LeaseLostException.class)
    public void complete(CompleteTaskRequest request) {
        epochCall(request.getTaskId(), () -> stub().completeTask(request));
    }

    private <T> T epochCall(String taskId, Supplier<T> call) {
        try {
            return call.get();
        } catch (StatusRuntimeException e) {
            if (RemoteCalls.hasReason(e, STALE_EPOCH)) {
                throw new LeaseLostException(taskId, e);
            }
            throw RemoteCalls.translate(PEER, e);
        }
    }

    private SchedulerServiceBlockingStub stub() {
        return scheduler.withDeadlineAfter(RemoteCalls.DEADLINE_SECONDS, RemoteCalls.DEADLINE_UNIT);
    }
}
