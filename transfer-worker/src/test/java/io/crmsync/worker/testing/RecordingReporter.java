package io.crmsync.worker.testing;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.error.ErrorCode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;

import io.crmsync.proto.config.v1.Operation;
import io.crmsync.proto.exception.v1.ExceptionKind;
import io.crmsync.proto.exception.v1.ExceptionSide;
import io.crmsync.proto.exception.v1.RejectedRecord;
import io.crmsync.proto.scheduler.v1.Cursor;
import io.crmsync.proto.scheduler.v1.RunCounts;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.proto.scheduler.v1.TaskState;
import io.crmsync.worker.connector.KeyRange;
import io.crmsync.worker.task.LeaseLostException;
import io.crmsync.worker.task.TaskReporter;

/** Stands in for scheduler-service and exception-service: records what the engine reports. */
public final class RecordingReporter implements TaskReporter {

    public record Checkpoint(Cursor cursor, RunCounts counts) {
    }

    public record Completion(TaskState outcome, RunCounts counts, Cursor cursor, String errorMessage) {
    }

    public record Failure(ExceptionKind kind, ExceptionSide side, String code, String message) {
    }

    public final List<Checkpoint> checkpoints = new ArrayList<>();
    public final Map<String, List<RejectedRecord>> rejectsByBatch = new LinkedHashMap<>();
    public final List<Failure> failures = new ArrayList<>();
    public final List<Completion> completions = new ArrayList<>();
    public final List<List<KeyRange>> splits = new ArrayList<>();
    /** The operation each batch of rejects was recorded with, by batch id. */
    public final Map<String, Operation> operationsByBatch = new LinkedHashMap<>();
    /** The record keys of each ResolveItems call, in call order. */
    public final List<List<String>> resolved = new ArrayList<>();
    /** Every call that records something, in order: {@code rejects}, {@code resolve}, {@code checkpoint}. */
    public final List<String> calls = new ArrayList<>();
    /** How many times the engine asked for the open item keys. */
    public int openItemKeyReads;
    private final Set<String> openItemKeys = new LinkedHashSet<>();
    /** Set by a test: reading the open item keys fails as if exception-service were down. */
    public volatile boolean openItemKeysUnavailable;
    private int loseLeaseAtCheckpoint = -1;
    private IntConsumer afterCheckpoint = n -> {
    };

    /** The keys the point's unresolved items have, as exception-service would list them. */
    public RecordingReporter openItems(Collection<String> keys) {
        openItemKeys.addAll(keys);
        return this;
    }

    /** Makes the n-th checkpoint (1-based) fail as if the lease had moved to another worker. */
    public RecordingReporter loseLeaseAtCheckpoint(int n) {
        loseLeaseAtCheckpoint = n;
        return this;
    }

    /**
     * Runs {@code hook} with each recorded checkpoint's number (1-based) before the engine goes on, e.g. to break
     * a connection between batches.
     */
    public RecordingReporter afterCheckpoint(IntConsumer hook) {
        afterCheckpoint = hook;
        return this;
    }

    @Override
    public void recordRejects(Task task, Operation operation, String batchId, List<RejectedRecord> rejects) {
        rejectsByBatch.computeIfAbsent(batchId, id -> new ArrayList<>()).addAll(rejects);
        operationsByBatch.put(batchId, operation);
        calls.add("rejects");
    }

    @Override
    public Optional<Set<String>> openItemKeys(Task task, int limit) {
        openItemKeyReads++;
        if (openItemKeysUnavailable) {
            throw new CrmsyncException(ErrorCode.unavailable("transfer.peer_unavailable"),
                    "exception-service is unavailable");
        }
        return openItemKeys.size() > limit ? Optional.empty() : Optional.of(Set.copyOf(openItemKeys));
    }

    @Override
    public void resolveItems(Task task, List<String> recordKeys) {
        resolved.add(List.copyOf(recordKeys));
        calls.add("resolve");
    }

    @Override
    public void checkpoint(Task task, Cursor cursor, RunCounts counts) {
        if (checkpoints.size() + 1 == loseLeaseAtCheckpoint) {
            throw new LeaseLostException(task.getId(), null);
        }
        checkpoints.add(new Checkpoint(cursor, counts));
        calls.add("checkpoint");
        afterCheckpoint.accept(checkpoints.size());
    }

    @Override
    public void split(Task task, List<KeyRange> ranges) {
        splits.add(List.copyOf(ranges));
    }

    @Override
    public void complete(Task task, TaskState outcome, RunCounts counts, Cursor cursor, String errorMessage) {
        completions.add(new Completion(outcome, counts, cursor, errorMessage));
    }

    @Override
    public void reportFailure(Task task, ExceptionKind kind, ExceptionSide side, String code, String message) {
        failures.add(new Failure(kind, side, code, message));
    }

    public List<RejectedRecord> rejects() {
        return rejectsByBatch.values().stream().flatMap(List::stream).toList();
    }

    public Completion completion() {
        if (completions.size() != 1) {
            throw new AssertionError("expected exactly one completion, got " + completions);
        }
        return completions.get(0);
    }

    public Checkpoint lastCheckpoint() {
        return checkpoints.get(checkpoints.size() - 1);
    }
}
