package io.crmsync.config.run;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.crmsync.common.error.GrpcErrors;
import io.crmsync.proto.scheduler.v1.CancelRunRequest;
import io.crmsync.proto.scheduler.v1.EnableIntegrationRequest;
import io.crmsync.proto.scheduler.v1.GetRunRequest;
import io.crmsync.proto.config.v1.Direction;
import io.crmsync.proto.scheduler.v1.ListQueuesRequest;
import io.crmsync.proto.scheduler.v1.ListQueuesResponse;
import io.crmsync.proto.scheduler.v1.ListRunsRequest;
import io.crmsync.proto.scheduler.v1.ListRunsResponse;
import io.crmsync.proto.scheduler.v1.ListWatermarksRequest;
import io.crmsync.proto.scheduler.v1.ListWatermarksResponse;
import io.crmsync.proto.scheduler.v1.Queue;
import io.crmsync.proto.scheduler.v1.Run;
import io.crmsync.proto.scheduler.v1.Schedule;
import io.crmsync.proto.scheduler.v1.SchedulerServiceGrpc;
import io.crmsync.proto.scheduler.v1.SetQueuePausedRequest;
import io.crmsync.proto.scheduler.v1.SetWatermarksRequest;
import io.crmsync.proto.scheduler.v1.SetWatermarksResponse;
import io.crmsync.proto.scheduler.v1.SyncIntegrationRequest;
import io.crmsync.proto.scheduler.v1.TriggerRunRequest;
import io.crmsync.proto.scheduler.v1.TriggerRunResponse;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * scheduler-service, the owner of runs. Calls carry a deadline; failures keep the scheduler's reason, and a
 * scheduler that cannot be reached becomes crmsync.dependency_unavailable (503).
 */
@ApplicationScoped
public class SchedulerClient {

    @GrpcClient("scheduler")
    SchedulerServiceGrpc.SchedulerServiceBlockingStub scheduler;

    private final Duration deadline;

    SchedulerClient(@ConfigProperty(name = "crmsync.grpc.deadline") Duration deadline) {
        this.deadline = deadline;
    }

    TriggerRunResponse trigger(TriggerRunRequest request) {
        return call(stub -> stub.triggerRun(request));
    }

    Run get(String runId) {
        return call(stub -> stub.getRun(GetRunRequest.newBuilder().setRunId(runId).build())).getRun();
    }

    ListRunsResponse list(ListRunsRequest.Builder filter, int pageSize, String pageToken) {
        return call(stub -> stub.listRuns(filter.setPageSize(pageSize)
                .setPageToken(pageToken == null ? "" : pageToken).build()));
    }

    ListWatermarksResponse watermarks(String integrationId) {
        return call(stub -> stub.listWatermarks(ListWatermarksRequest.newBuilder().setIntegrationId(integrationId)
                .build()));
    }

    SetWatermarksResponse setWatermarks(SetWatermarksRequest request) {
        return call(stub -> stub.setWatermarks(request));
    }

    ListQueuesResponse queues(String connectionId) {
        return call(stub -> stub.listQueues(ListQueuesRequest.newBuilder()
                .setConnectionId(connectionId == null ? "" : connectionId).build()));
    }

    Queue setQueuePaused(String connectionId, Direction direction, boolean paused) {
        return call(stub -> stub.setQueuePaused(SetQueuePausedRequest.newBuilder().setConnectionId(connectionId)
                .setDirection(direction).setPaused(paused).build())).getQueue();
    }

    Run cancel(String runId) {
        return call(stub -> stub.cancelRun(CancelRunRequest.newBuilder().setRunId(runId).build())).getRun();
    }

    /** Asks the scheduler to read the integration now; returns its schedule, unset when it was deleted. */
    Schedule sync(String integrationId) {
        return call(stub -> stub.syncIntegration(SyncIntegrationRequest.newBuilder().setIntegrationId(integrationId)
                .build())).getSchedule();
    }

    Schedule enable(String integrationId) {
        return call(stub -> stub.enableIntegration(EnableIntegrationRequest.newBuilder()
                .setIntegrationId(integrationId).build())).getSchedule();
    }

    private <T> T call(Function<SchedulerServiceGrpc.SchedulerServiceBlockingStub, T> body) {
        try {
            return body.apply(scheduler.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS));
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.fromCall("scheduler-service", e);
        }
    }
}
