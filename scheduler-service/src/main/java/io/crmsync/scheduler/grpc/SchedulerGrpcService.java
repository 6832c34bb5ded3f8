package io.crmsync.scheduler.grpc;

import java.util.List;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.error.GrpcCalls;
import io.crmsync.common.paging.PageRequest;
import io.crmsync.common.time.Timestamps;
import io.crmsync.proto.scheduler.v1.CancelRunRequest;
import io.crmsync.proto.scheduler.v1.CancelRunResponse;
import io.crmsync.proto.scheduler.v1.CheckpointTaskRequest;
import io.crmsync.proto.scheduler.v1.CheckpointTaskResponse;
import io.crmsync.proto.scheduler.v1.CompleteTaskRequest;
import io.crmsync.proto.scheduler.v1.CompleteTaskResponse;
import io.crmsync.proto.scheduler.v1.SplitTaskRequest;
import io.crmsync.proto.scheduler.v1.SplitTaskResponse;
import io.crmsync.proto.scheduler.v1.EnableIntegrationRequest;
import io.crmsync.proto.scheduler.v1.EnableIntegrationResponse;
import io.crmsync.proto.scheduler.v1.GetRunRequest;
import io.crmsync.proto.scheduler.v1.GetRunResponse;
import io.crmsync.proto.scheduler.v1.GetScheduleRequest;
import io.crmsync.proto.scheduler.v1.GetScheduleResponse;
import io.crmsync.proto.scheduler.v1.LeaseTaskRequest;
import io.crmsync.proto.scheduler.v1.LeaseTaskResponse;
import io.crmsync.proto.scheduler.v1.ListQueuesRequest;
import io.crmsync.proto.scheduler.v1.ListQueuesResponse;
import io.crmsync.proto.scheduler.v1.ListRunsRequest;
import io.crmsync.proto.scheduler.v1.ListRunsResponse;
import io.crmsync.proto.scheduler.v1.ListWatermarksRequest;
import io.crmsync.proto.scheduler.v1.ListWatermarksResponse;
import io.crmsync.proto.scheduler.v1.Queue;
import io.crmsync.proto.scheduler.v1.RecordKey;
import io.crmsync.proto.scheduler.v1.RenewLeaseRequest;
import io.crmsync.proto.scheduler.v1.RenewLeaseResponse;
import io.crmsync.proto.scheduler.v1.SchedulerService;
import io.crmsync.proto.scheduler.v1.SetQueuePausedRequest;
import io.crmsync.proto.scheduler.v1.SetQueuePausedResponse;
import io.crmsync.proto.scheduler.v1.SetWatermarksRequest;
import io.crmsync.proto.scheduler.v1.SetWatermarksResponse;
import io.crmsync.proto.scheduler.v1.SyncIntegrationRequest;
import io.crmsync.proto.scheduler.v1.SyncIntegrationResponse;
import io.crmsync.proto.scheduler.v1.TriggerRunRequest;
import io.crmsync.proto.scheduler.v1.TriggerRunResponse;
import io.crmsync.scheduler.lease.LeaseManager;
import io.crmsync.scheduler.queue.QueueBoard;
import io.crmsync.scheduler.queue.QueueDirections;
import io.crmsync.scheduler.run.RunEntity;
import io.crmsync.scheduler.run.RunLedger;
import io.crmsync.scheduler.run.RunMapper;
import io.crmsync.scheduler.run.RunRequest;
import io.crmsync.scheduler.run.TaskKeyRange;
import io.crmsync.scheduler.run.WatermarkReset;
import io.crmsync.scheduler.schedule.ScheduleMapper;
import io.crmsync.scheduler.schedule.ScheduleStore;
import io.crmsync.scheduler.schedule.ScheduleSync;
import io.crmsync.scheduler.watermark.WatermarkStore;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/** gRPC adapter of {@link RunLedger}, {@link LeaseManager} and the schedules: maps requests and replies, and delegates. */
@GrpcService
public class SchedulerGrpcService implements SchedulerService {

    private final RunLedger ledger;
    private final LeaseManager leases;
    private final ScheduleSync sync;
    private final ScheduleStore schedules;
    private final WatermarkReset watermarkReset;
    private final WatermarkStore watermarks;
    private final QueueBoard queues;

    SchedulerGrpcService(RunLedger ledger, LeaseManager leases, ScheduleSync sync, ScheduleStore schedules,
            WatermarkReset watermarkReset, WatermarkStore watermarks, QueueBoard queues) {
        this.ledger = ledger;
        this.leases = leases;
        this.sync = sync;
        this.schedules = schedules;
        this.watermarkReset = watermarkReset;
        this.watermarks = watermarks;
        this.queues = queues;
    }

    @Override
    @Blocking
    public Uni<ListQueuesResponse> listQueues(ListQueuesRequest request) {
        return GrpcCalls.respond(() -> ListQueuesResponse.newBuilder()
                .addAllQueues(queues.list(request.getConnectionId()).stream().map(SchedulerGrpcService::toProto)
                        .toList())
                .build());
    }

    @Override
    @Blocking
    public Uni<SetQueuePausedResponse> setQueuePaused(SetQueuePausedRequest request) {
        return GrpcCalls.respond(() -> SetQueuePausedResponse.newBuilder()
                .setQueue(toProto(queues.setPaused(request.getConnectionId(),
                        QueueDirections.name(request.getDirection()), request.getPaused())))
                .build());
    }

    private static Queue toProto(QueueBoard.QueueView q) {
        Queue.Builder queue = Queue.newBuilder().setConnectionId(q.connectionId())
                .setDirection(QueueDirections.of(q.direction())).setPending(q.pending()).setRunning(q.running())
                .setPaused(q.paused());
        if (q.oldestPending() != null) {
            queue.setOldestPendingTime(Timestamps.of(q.oldestPending()));
        }
        if (q.pausedTime() != null) {
            queue.setPausedTime(Timestamps.of(q.pausedTime()));
        }
        return queue.build();
    }

    @Override
    @Blocking
    public Uni<ListWatermarksResponse> listWatermarks(ListWatermarksRequest request) {
        return GrpcCalls.respond(() -> ListWatermarksResponse.newBuilder()
                .addAllWatermarks(watermarks.list(require(request.getIntegrationId())).stream()
                        .map(RunMapper::toProto).toList())
                .build());
    }

    @Override
    @Blocking
    public Uni<SetWatermarksResponse> setWatermarks(SetWatermarksRequest request) {
        return GrpcCalls.respond(() -> {
            WatermarkReset.Reset reset = watermarkReset.set(request.getIntegrationId(),
                    request.getIntegrationVersion(), request.getIntegrationPointIdsList(),
                    request.hasLastSuccessfulRunTime() ? Timestamps.toInstant(request.getLastSuccessfulRunTime())
                            : null,
                    request.getStartRun(), RunRequest.QueuePlacement.of(request.getConnectionId(),
                            QueueDirections.names(request.getDirectionsList())));
            SetWatermarksResponse.Builder response = SetWatermarksResponse.newBuilder()
                    .addAllWatermarks(reset.watermarks().stream().map(RunMapper::toProto).toList());
            reset.run().ifPresent(run -> response.setRun(RunMapper.toProto(run)));
            return response.build();
        });
    }

    @Override
    @Blocking
    public Uni<CancelRunResponse> cancelRun(CancelRunRequest request) {
        return GrpcCalls.respond(() -> CancelRunResponse.newBuilder()
                .setRun(RunMapper.toProto(ledger.cancel(request.getRunId()))).build());
    }

    @Override
    @Blocking
    public Uni<SyncIntegrationResponse> syncIntegration(SyncIntegrationRequest request) {
        return GrpcCalls.respond(() -> {
            SyncIntegrationResponse.Builder response = SyncIntegrationResponse.newBuilder();
            sync.sync(require(request.getIntegrationId())).map(ScheduleMapper::toProto)
                    .ifPresent(response::setSchedule);
            return response.build();
        });
    }

    @Override
    @Blocking
    public Uni<GetScheduleResponse> getSchedule(GetScheduleRequest request) {
        return GrpcCalls.respond(() -> GetScheduleResponse.newBuilder()
                .setSchedule(ScheduleMapper.toProto(schedules.get(require(request.getIntegrationId())))).build());
    }

    @Override
    @Blocking
    public Uni<EnableIntegrationResponse> enableIntegration(EnableIntegrationRequest request) {
        return GrpcCalls.respond(() -> EnableIntegrationResponse.newBuilder()
                .setSchedule(ScheduleMapper.toProto(schedules.enable(require(request.getIntegrationId())))).build());
    }

    private static String require(String integrationId) {
        if (integrationId == null || integrationId.isBlank()) {
            throw CrmsyncException.invalidField("integration_id", "is required");
        }
        return integrationId;
    }

    @Override
    @Blocking
    public Uni<TriggerRunResponse> triggerRun(TriggerRunRequest request) {
        return GrpcCalls.respond(() -> {
            RunLedger.Triggered triggered = ledger.trigger(new RunRequest(request.getIntegrationId(),
                    request.getIntegrationVersion(), request.getIntegrationPointIdsList(), request.getMode(),
                    request.getTrigger(), request.getIdempotencyKey(),
                    request.hasInitialWindowStart() ? Timestamps.toInstant(request.getInitialWindowStart()) : null,
                    RunRequest.QueuePlacement.of(request.getConnectionId(),
                            QueueDirections.names(request.getDirectionsList())),
                    request.getRetryRecordsList().stream().map(records -> new RunRequest.RetryRecords(
                            records.getIntegrationPointId(), records.getKeysList().stream()
                                    .<List<String>> map(RecordKey::getValuesList).toList()))
                            .toList()));
            return TriggerRunResponse.newBuilder()
                    .setRun(RunMapper.toProto(triggered.view()))
                    .setExisting(triggered.existing())
                    .build();
        });
    }

    @Override
    @Blocking
    public Uni<GetRunResponse> getRun(GetRunRequest request) {
        return GrpcCalls.respond(() -> GetRunResponse.newBuilder()
                .setRun(RunMapper.toProto(ledger.get(request.getRunId())))
                .build());
    }

    @Override
    @Blocking
    public Uni<ListRunsResponse> listRuns(ListRunsRequest request) {
        return GrpcCalls.respond(() -> {
            PageRequest page = PageRequest.of(request.getPageToken(), request.getPageSize(), 50, 500);
            List<RunEntity> runs = ledger.list(new RunLedger.RunFilter(request.getIntegrationId(),
                    request.getStatesList().stream().map(RunMapper::status).toList(),
                    request.hasCreatedAfter() ? Timestamps.toInstant(request.getCreatedAfter()) : null,
                    request.hasCreatedBefore() ? Timestamps.toInstant(request.getCreatedBefore()) : null), page);
            return ListRunsResponse.newBuilder()
                    .addAllRuns(runs.stream().map(RunMapper::toProto).toList())
                    .setNextPageToken(page.nextToken(runs.size()))
                    .build();
        });
    }

    @Override
    @Blocking
    public Uni<LeaseTaskResponse> leaseTask(LeaseTaskRequest request) {
        return GrpcCalls.respond(() -> {
            LeaseTaskResponse.Builder response = LeaseTaskResponse.newBuilder();
            leases.lease(request.getWorkerId())
                    .ifPresent(leased -> response.setTask(RunMapper.toProto(leased.task(), leased.run())));
            return response.build();
        });
    }

    @Override
    @Blocking
    public Uni<RenewLeaseResponse> renewLease(RenewLeaseRequest request) {
        return GrpcCalls.respond(() -> {
            LeaseManager.Renewal renewal = leases.renew(request.getTaskId(), request.getEpoch());
            RenewLeaseResponse.Builder response = RenewLeaseResponse.newBuilder().setCancelled(renewal.cancelled());
            if (renewal.leaseExpireTime() != null) {
                response.setLeaseExpireTime(Timestamps.of(renewal.leaseExpireTime()));
            }
            return response.build();
        });
    }

    @Override
    @Blocking
    public Uni<CheckpointTaskResponse> checkpointTask(CheckpointTaskRequest request) {
        return GrpcCalls.respond(() -> CheckpointTaskResponse.newBuilder()
                .setLeaseExpireTime(Timestamps.of(leases.checkpoint(request.getTaskId(), request.getEpoch(),
                        RunMapper.toCursor(request.hasCursor(), request.getCursor()),
                        RunMapper.toCounts(request.getCounts()))))
                .build());
    }

    @Override
    @Blocking
    public Uni<CompleteTaskResponse> completeTask(CompleteTaskRequest request) {
        return GrpcCalls.respond(() -> CompleteTaskResponse.newBuilder()
                .setRun(RunMapper.toProto(leases.complete(request.getTaskId(), request.getEpoch(),
                        RunMapper.toOutcome(request.getOutcome()), RunMapper.toCounts(request.getCounts()),
                        request.getErrorMessage(), RunMapper.toCursor(request.hasCursor(), request.getCursor()))))
                .build());
    }

    @Override
    @Blocking
    public Uni<SplitTaskResponse> splitTask(SplitTaskRequest request) {
        return GrpcCalls.respond(() -> SplitTaskResponse.newBuilder()
                .setRun(RunMapper.toProto(leases.split(request.getTaskId(), request.getEpoch(),
                        TaskKeyRange.coveringAll(request.getRangesList()))))
                .build());
    }
}
