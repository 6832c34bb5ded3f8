package io.crmsync.worker.task;

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

/**
 * Where a running task reports: rejects and failures to exception-service, progress and outcome to the
 * scheduler. Calls that carry the task's epoch fail with {@link LeaseLostException} once the lease is lost.
 */
public interface TaskReporter {

    /**
     * Records a batch's rejects of a point writing with {@code operation}; a batch id already recorded adds
     * nothing.
     */
    void recordRejects(Task task, Operation operation, String batchId, List<RejectedRecord> rejects);

    /**
     * The record keys ({@code field=value, ...}) of the task's point's unresolved exception items, all pages
     * read; empty when there are more than {@code limit} of them.
     */
    Optional<Set<String>> openItemKeys(Task task, int limit);

    /** Resolves the point's unresolved items of these record keys, which the task has now written successfully. */
    void resolveItems(Task task, List<String> recordKeys);

    /** Records the position of the last committed record and the cumulative counts. */
    void checkpoint(Task task, Cursor cursor, RunCounts counts);

    /**
     * Replaces the task, which has committed nothing yet, by tasks reading one key range each; other workers
     * may lease them at once. The task itself is then over for this worker.
     */
    void split(Task task, List<KeyRange> ranges);

    /** Finishes the task; {@code cursor} is null when the task read nothing and had no checkpoint. */
    void complete(Task task, TaskState outcome, RunCounts counts, Cursor cursor, String errorMessage);

    /**
     * Records that the task failed as a whole, in words safe to show to admins, on the side where it happened
     * (SOURCE, TARGET, or PLATFORM for neither endpoint).
     */
    void reportFailure(Task task, ExceptionKind kind, ExceptionSide side, String code, String message);
}
