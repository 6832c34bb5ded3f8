package io.crmsync.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.crmsync.proto.config.v1.Operation;
import io.crmsync.proto.exception.v1.ExceptionKind;
import io.crmsync.proto.exception.v1.ExceptionSide;
import io.crmsync.proto.exception.v1.RejectedRecord;
import io.crmsync.proto.scheduler.v1.Cursor;
import io.crmsync.proto.scheduler.v1.RunCounts;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.proto.scheduler.v1.TaskState;
import io.crmsync.worker.connector.KeyRange;
import io.crmsync.worker.task.TaskReporter;

/**
 * What one benchmarked task reported, in place of the scheduler and exception services: its last counts, its
 * first failure or reject, and the key ranges it asked to be split into.
 */
final class BenchReporter implements TaskReporter {

    volatile RunCounts counts = RunCounts.getDefaultInstance();
    volatile String failure = "";
    final List<KeyRange> ranges = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void recordRejects(Task task, Operation operation, String batchId, List<RejectedRecord> rejects) {
        if (failure.isEmpty() && !rejects.isEmpty()) {
            failure = "first reject: " + rejects.get(0).getCode() + " " + rejects.get(0).getMessage();
        }
    }

    @Override
    public Optional<Set<String>> openItemKeys(Task task, int limit) {
        // A benchmark starts with no open exception items, so there is nothing to resolve.
        return Optional.of(Set.of());
    }

    @Override
    public void resolveItems(Task task, List<String> recordKeys) {
    }

    @Override
    public void checkpoint(Task task, Cursor cursor, RunCounts counts) {
        this.counts = counts;
    }

    @Override
    public void split(Task task, List<KeyRange> ranges) {
        this.ranges.addAll(ranges);
    }

    @Override
    public void complete(Task task, TaskState outcome, RunCounts counts, Cursor cursor, String errorMessage) {
        this.counts = counts;
        if (outcome != TaskState.TASK_STATE_SUCCEEDED && failure.isEmpty()) {
            failure = outcome + " " + errorMessage;
        }
    }

    @Override
    public void reportFailure(Task task, ExceptionKind kind, ExceptionSide side, String code, String message) {
        failure = code + ": " + message;
    }
}
