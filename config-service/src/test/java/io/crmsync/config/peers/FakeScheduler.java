package io.crmsync.config.peers;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.google.protobuf.Timestamp;

import io.crmsync.common.error.ErrorCode;
import io.crmsync.common.error.GrpcErrors;
import io.crmsync.proto.scheduler.v1.GetRunRequest;
import io.crmsync.proto.scheduler.v1.GetRunResponse;
import io.crmsync.proto.scheduler.v1.ListRunsRequest;
import io.crmsync.proto.scheduler.v1.ListRunsResponse;
import io.crmsync.proto.scheduler.v1.MutinySchedulerServiceGrpc;
import io.crmsync.proto.scheduler.v1.Run;
import io.crmsync.proto.scheduler.v1.RunCounts;
import io.crmsync.proto.scheduler.v1.RunState;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.proto.scheduler.v1.TaskState;
import io.crmsync.proto.scheduler.v1.TriggerRunRequest;
import io.crmsync.proto.scheduler.v1.TriggerRunResponse;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

/**
 * Stands in for scheduler-service: records triggers, refuses the idempotency key {@link #BUSY_KEY} as a
 * run in progress, and reports every run it created as finished PARTIAL (one task succeeded, one failed).
 */
@GrpcService
public class FakeScheduler extends MutinySchedulerServiceGrpc.SchedulerServiceImplBase {

    public static final String BUSY_KEY = "busy";
    public static final List<TriggerRunRequest> TRIGGERS = new CopyOnWriteArrayList<>();
    public static final List<ListRunsRequest> LISTS = new CopyOnWriteArrayList<>();
    private static final Map<String, Run> RUNS = new ConcurrentHashMap<>();
    private static final Timestamp T0 = Timestamp.newBuilder().setSeconds(1_800_000_000L).build();
    private static final Timestamp T1 = Timestamp.newBuilder().setSeconds(1_800_000_060L).build();

    @Override
    public Uni<TriggerRunResponse> triggerRun(TriggerRunRequest request) {
        TRIGGERS.add(request);
        if (request.getIdempotencyKey().equals(BUSY_KEY)) {
            return Uni.createFrom().failure(GrpcErrors.toStatus(
                    ErrorCode.failedPrecondition("scheduler.run_in_progress"),
                    "integration " + request.getIntegrationId() + " has a run in progress"));
        }
        Run.Builder run = Run.newBuilder().setId(UUID.randomUUID().toString())
                .setIntegrationId(request.getIntegrationId()).setIntegrationVersion(request.getIntegrationVersion())
                .setTrigger(request.getTrigger()).setMode(request.getMode()).setState(RunState.RUN_STATE_PENDING)
                .setWindowEnd(T1).setTaskCount(request.getIntegrationPointIdsCount()).setCreateTime(T0);
        for (String pointId : request.getIntegrationPointIdsList()) {
            run.addTasks(Task.newBuilder().setId(UUID.randomUUID().toString()).setIntegrationPointId(pointId)
                    .setState(TaskState.TASK_STATE_PENDING).setWindowEnd(T1));
        }
        RUNS.put(run.getId(), finished(run.build()));
        return Uni.createFrom().item(TriggerRunResponse.newBuilder().setRun(run).build());
    }

    @Override
    public Uni<GetRunResponse> getRun(GetRunRequest request) {
        Run run = RUNS.get(request.getRunId());
        if (run == null) {
            return Uni.createFrom().failure(GrpcErrors.toStatus(ErrorCode.notFound("scheduler.run_not_found"),
                    "run " + request.getRunId() + " not found"));
        }
        return Uni.createFrom().item(GetRunResponse.newBuilder().setRun(run).build());
    }

    /** Answers every run of the integration on the first page and nothing on the page after "p2". */
    @Override
    public Uni<ListRunsResponse> listRuns(ListRunsRequest request) {
        LISTS.add(request);
        ListRunsResponse.Builder page = ListRunsResponse.newBuilder();
        if (request.getPageToken().isEmpty()) {
            RUNS.values().stream().filter(r -> r.getIntegrationId().equals(request.getIntegrationId()))
                    .forEach(r -> page.addRuns(r.toBuilder().clearTasks()));
            page.setNextPageToken("p2");
        }
        return Uni.createFrom().item(page.build());
    }

    private static Run finished(Run run) {
        Run.Builder done = run.toBuilder().setState(RunState.RUN_STATE_PARTIAL).setTasksFinished(run.getTaskCount())
                .setStartTime(T0).setEndTime(T1).setErrorMessage("1 of 2 tasks failed")
                .setCounts(counts(10, 1));
        for (int i = 0; i < done.getTasksCount(); i++) {
            boolean ok = i == 0;
            done.setTasks(i, done.getTasks(i).toBuilder().setState(ok ? TaskState.TASK_STATE_SUCCEEDED
                    : TaskState.TASK_STATE_FAILED).setEpoch(i + 1).setWorkerId("worker-" + i).setWindowStart(T0)
                    .setCounts(counts(ok ? 10 : 0, ok ? 1 : 0)).setErrorMessage(ok ? "" : "source unreachable"));
        }
        return done.build();
    }

    private static RunCounts counts(long read, long rejected) {
        long changed = read == 0 ? 0 : 1;
        return RunCounts.newBuilder().setRead(read).setCreated(read - rejected - 2 * changed).setUpdated(changed)
                .setUnchanged(changed).setRejected(rejected).build();
    }
}
