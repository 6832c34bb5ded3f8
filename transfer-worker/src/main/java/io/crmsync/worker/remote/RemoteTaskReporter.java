package io.crmsync.worker.remote;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.crmsync.common.time.Timestamps;
import io.crmsync.proto.config.v1.Operation;
import io.crmsync.proto.exception.v1.ExceptionKind;
import io.crmsync.proto.exception.v1.ExceptionSide;
import io.crmsync.proto.exception.v1.ListOpenItemKeysRequest;
import io.crmsync.proto.exception.v1.ListOpenItemKeysResponse;
import io.crmsync.proto.exception.v1.RecordRejectsRequest;
import io.crmsync.proto.exception.v1.RejectedRecord;
import io.crmsync.proto.exception.v1.ReportFailureRequest;
import io.crmsync.proto.exception.v1.ResolveItemsRequest;
import io.crmsync.proto.scheduler.v1.CheckpointTaskRequest;
import io.crmsync.proto.scheduler.v1.CheckpointTaskResponse;
import io.crmsync.proto.scheduler.v1.CompleteTaskRequest;
import io.crmsync.proto.scheduler.v1.Cursor;
import io.crmsync.proto.scheduler.v1.RunCounts;
import io.crmsync.proto.scheduler.v1.SplitTaskRequest;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.proto.scheduler.v1.TaskState;
import io.crmsync.worker.connector.KeyRange;
import io.crmsync.worker.task.LeaseDeadlines;
import io.crmsync.worker.task.TaskReporter;
import jakarta.inject.Singleton;

/**
 * Reports task progress to scheduler-service and rejects and failures to exception-service. A checkpoint also
 * renews the lease: its answer moves the task's lease deadline.
 */
@Singleton
public class RemoteTaskReporter implements TaskReporter {

    /** Keys per ListOpenItemKeys page: exception-service's default. */
    static final int OPEN_KEYS_PAGE = 10_000;

    private final SchedulerClient scheduler;
    private final ExceptionClient exceptions;
    private final LeaseDeadlines deadlines;

    RemoteTaskReporter(SchedulerClient scheduler, ExceptionClient exceptions, LeaseDeadlines deadlines) {
        this.scheduler = scheduler;
        this.exceptions = exceptions;
        this.deadlines = deadlines;
    }

    @Override
    public void recordRejects(Task task, Operation operation, String batchId, List<RejectedRecord> rejects) {
        exceptions.recordRejects(RecordRejectsRequest.newBuilder()
                .setIntegrationId(task.getIntegrationId())
                .setRunId(task.getRunId())
                .setIntegrationPointId(task.getIntegrationPointId())
                .setBatchId(batchId)
                .addAllRecords(rejects)
                .setOperation(operation)
                .build());
    }

    @Override
    public Optional<Set<String>> openItemKeys(Task task, int limit) {
        Set<String> keys = new HashSet<>();
        String pageToken = "";
        do {
            if (keys.size() > limit) {
                return Optional.empty();
            }
            ListOpenItemKeysResponse page = exceptions.openItemKeys(ListOpenItemKeysRequest.newBuilder()
                    .setIntegrationPointId(task.getIntegrationPointId())
                    .setPageSize(OPEN_KEYS_PAGE)
                    .setPageToken(pageToken)
                    .build());
            keys.addAll(page.getRecordKeysList());
            pageToken = page.getNextPageToken();
        } while (!pageToken.isEmpty());
        return keys.size() > limit ? Optional.empty() : Optional.of(keys);
    }

    @Override
    public void resolveItems(Task task, List<String> recordKeys) {
        exceptions.resolveItems(ResolveItemsRequest.newBuilder()
                .setIntegrationPointId(task.getIntegrationPointId())
                .setRunId(task.getRunId())
                .addAllRecordKeys(recordKeys)
                .build());
    }

    @Override
    public void checkpoint(Task task, Cursor cursor, RunCounts counts) {
        // Taken before the first attempt: a retried checkpoint only makes the deadline earlier, never later.
        long sentAt = deadlines.now();
        CheckpointTaskResponse response = scheduler.checkpoint(CheckpointTaskRequest.newBuilder()
                .setTaskId(task.getId())
                .setEpoch(task.getEpoch())
                .setCursor(cursor)
                .setCounts(counts)
                .build());
        if (response.hasLeaseExpireTime()) {
            deadlines.extend(task, sentAt, Timestamps.toInstant(response.getLeaseExpireTime()));
        }
    }

    @Override
    public void split(Task task, List<KeyRange> ranges) {
        scheduler.split(SplitTaskRequest.newBuilder()
                .setTaskId(task.getId())
                .setEpoch(task.getEpoch())
                .addAllRanges(ranges.stream().map(RemoteTaskReporter::toProto).toList())
                .build());
    }

    private static io.crmsync.proto.scheduler.v1.KeyRange toProto(KeyRange range) {
        var proto = io.crmsync.proto.scheduler.v1.KeyRange.newBuilder().setField(range.field());
        if (range.lower() != null) {
            proto.setLower(range.lower());
        }
        if (range.upper() != null) {
            proto.setUpper(range.upper());
        }
        return proto.build();
    }

    @Override
    public void complete(Task task, TaskState outcome, RunCounts counts, Cursor cursor, String errorMessage) {
        CompleteTaskRequest.Builder request = CompleteTaskRequest.newBuilder()
                .setTaskId(task.getId())
                .setEpoch(task.getEpoch())
                .setOutcome(outcome)
                .setCounts(counts)
                .setErrorMessage(errorMessage);
        if (cursor != null) {
            request.setCursor(cursor);
        }
        scheduler.complete(request.build());
    }

    @Override
    public void reportFailure(Task task, ExceptionKind kind, ExceptionSide side, String code, String message) {
        exceptions.reportFailure(ReportFailureRequest.newBuilder()
                .setIntegrationId(task.getIntegrationId())
                .setRunId(task.getRunId())
                .setIntegrationPointId(task.getIntegrationPointId())
                .setKind(kind)
                .setSide(side)
                .setCode(code)
                .setMessage(message)
                .build());
    }
}
