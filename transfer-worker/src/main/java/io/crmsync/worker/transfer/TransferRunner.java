package io.crmsync.worker.transfer;

import java.util.List;

import org.jboss.logging.Logger;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.proto.scheduler.v1.RunMode;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.proto.scheduler.v1.TaskState;
import io.crmsync.worker.connector.ConnectorRegistry;
import io.crmsync.worker.connector.KeyRange;
import io.crmsync.worker.connector.ObjectDescription;
import io.crmsync.worker.connector.Position;
import io.crmsync.worker.connector.SourceConnector;
import io.crmsync.worker.connector.TargetConnector;
import io.crmsync.worker.connector.TargetSession;
import io.crmsync.worker.task.LeaseLostException;
import io.crmsync.worker.task.TaskControl;
import io.crmsync.worker.task.TaskDefinition;
import io.crmsync.worker.task.TaskDefinitions;
import io.crmsync.worker.task.TaskReporter;
import io.crmsync.worker.task.TaskStoppedException;
import jakarta.inject.Singleton;

/**
 * Runs one leased task end to end: load its definition, connect to the source and then the target, validate
 * the point against both schemas, stream the source in cursor order (resuming after the last checkpoint when
 * the source fails transiently), write and checkpoint batch by batch, and complete the task. Any failure is
 * reported to exception-service and completes the task as FAILED; a lost lease or a stop leaves the task
 * uncompleted for its lease to expire.
 */
@Singleton
public class TransferRunner {

    private static final Logger LOG = Logger.getLogger(TransferRunner.class);

    private final TaskDefinitions definitions;
    private final TaskReporter reporter;
    private final ConnectorRegistry connectors;
    private final TransferSettings settings;
    private final TransientRetry retry;
    private final BatchWriter writer;

    public TransferRunner(TaskDefinitions definitions, TaskReporter reporter, ConnectorRegistry connectors,
            TransferSettings settings) {
        this.definitions = definitions;
        this.reporter = reporter;
        this.connectors = connectors;
        this.settings = settings;
        // One set of breakers per worker process: the runner is a singleton, shared by all lease loops.
        this.retry = new TransientRetry(settings,
                new EndpointBreakers(settings.breakerFailures(), settings.breakerCoolDown()));
        this.writer = new BatchWriter(retry);
    }

    /** Loads the task's definition and runs the task to an outcome; never throws. */
    public TaskOutcome run(Task task, TaskControl control) {
        TaskProgress progress = TaskProgress.resumeFrom(task);
        try {
            if (transfer(task, control, progress)) {
                return TaskOutcome.SPLIT;
            }
        } catch (TaskStoppedException | LeaseLostException e) {
            LOG.warnf("task stopped without completing task_id=%s reason=%s", task.getId(), e.getMessage());
            return TaskOutcome.STOPPED;
        } catch (TransferFailure e) {
            return fail(task, e, progress);
        } catch (CrmsyncException e) {
            // A service the worker depends on failed after retries; its message names it and is admin-safe.
            return fail(task, TransferFailure.run(TransferFailure.DEPENDENCY_FAILED, e.getMessage(), e), progress);
        } catch (RuntimeException e) {
            LOG.errorf(e, "unexpected failure task_id=%s run_id=%s", task.getId(), task.getRunId());
            return fail(task, TransferFailure.internal(e), progress);
        }
        return succeed(task, progress);
    }

    private TaskOutcome succeed(Task task, TaskProgress progress) {
        try {
            reporter.complete(task, TaskState.TASK_STATE_SUCCEEDED, progress.counts(), progress.cursor(), "");
            LOG.infof("task succeeded task_id=%s run_id=%s counts={%s}", task.getId(), task.getRunId(),
                    progress.counts().toString().replace('\n', ' ').trim());
            return TaskOutcome.SUCCEEDED;
        } catch (LeaseLostException e) {
            LOG.warnf("lease lost before completion task_id=%s", task.getId());
            return TaskOutcome.STOPPED;
        } catch (RuntimeException e) {
            // Everything is checkpointed: once the lease expires the task resumes, finds nothing left, completes.
            LOG.errorf("could not complete the task, leaving it to its lease expiry task_id=%s: %s", task.getId(),
                    e.getMessage());
            return TaskOutcome.STOPPED;
        }
    }

    /** Moves the task's records; true when it was split into key-range tasks instead. */
    private boolean transfer(Task task, TaskControl control, TaskProgress progress) {
        TaskDefinition definition = definitions.load(task);
        SourceConnector sourceConnector = TaskConnectors.source(connectors, definition.source());
        TargetConnector targetConnector = TaskConnectors.target(connectors, definition.target());
        PointValidator.checkRules(definition.integration(), definition.point(), task, sourceConnector,
                targetConnector);
        // The source is opened first: when it cannot be reached, the target is never touched.
        try (SourceReader source = SourceReader.open(sourceConnector, definition.source(), settings, retry);
                TargetSession target = TaskConnectors.open(definition.target(), EndpointRole.TARGET,
                        () -> targetConnector.openTarget(definition.target()))) {
            ObjectDescription sourceObject = source.describe(definition.point().getSourceObject());
            ObjectDescription targetObject = TaskConnectors.describe(target, definition.point().getTargetObject(),
                    EndpointRole.TARGET, definition.target());
            TransferPlan validated = PointValidator.plan(definition, sourceObject, targetObject,
                    task.getRecordKeysList());
            TransferPlan plan = task.getMode() == RunMode.RUN_MODE_REBUILD ? validated.rewritingUnchanged()
                    : validated;
            source.requireFilterRuns(plan);
            dropCheckpointThatNoLongerFits(task, plan, progress);
            if (splitIntoKeyRanges(task, plan, source, progress)) {
                return true;
            }
            BatchProcessor batches = new BatchProcessor(task, plan, target, definition.target(), writer, reporter,
                    control, progress, OpenItems.load(task, reporter));
            source.copy(task, plan, progress, batches, control);
            control.throwIfStopped();
            return false;
        }
    }

    /**
     * Splits a large full read into key-range tasks when the source can plan them; the scheduler queues them for
     * every worker, this one included. A source too small, or one that cannot plan ranges, is read here as one task.
     */
    private boolean splitIntoKeyRanges(Task task, TransferPlan plan, SourceReader source, TaskProgress progress) {
        if (!settings.splitsFullReads() || !plan.splittable(task, progress.position())) {
            return false;
        }
        List<KeyRange> ranges = source.planRanges(plan.sourceObject(), plan.keySourceFields().get(0),
                settings.rangeRows(), settings.maxRanges());
        if (ranges.size() < 2) {
            return false;
        }
        reporter.split(task, ranges);
        LOG.infof("task split into key ranges task_id=%s run_id=%s key_field=%s ranges=%d", task.getId(),
                task.getRunId(), ranges.get(0).field(), ranges.size());
        return true;
    }

    /** Forgets the checkpoint when the point changed so that it no longer fits the read order. */
    private static void dropCheckpointThatNoLongerFits(Task task, TransferPlan plan, TaskProgress progress) {
        Position after = progress.position();
        if (after == null) {
            return;
        }
        boolean fits = after.key().size() == plan.keySourceFields().size()
                && (after.modifiedTime() != null) == !plan.cursorField().isEmpty();
        if (!fits) {
            LOG.warnf("checkpoint does not fit the point's cursor and key any more, reading the whole window "
                    + "task_id=%s", task.getId());
            progress.advanceTo(null);
        }
    }

    private TaskOutcome fail(Task task, TransferFailure failure, TaskProgress progress) {
        LOG.warnf("task failed task_id=%s run_id=%s code=%s message=%s", task.getId(), task.getRunId(),
                failure.code(), failure.getMessage());
        try {
            reporter.reportFailure(task, failure.kind(), failure.side(), failure.code(), failure.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf("could not report the failure to exception-service task_id=%s: %s", task.getId(),
                    e.getMessage());
        }
        try {
            reporter.complete(task, TaskState.TASK_STATE_FAILED, progress.counts(), null, failure.getMessage());
            return TaskOutcome.FAILED;
        } catch (LeaseLostException e) {
            LOG.warnf("lease lost before the failure could be recorded task_id=%s", task.getId());
            return TaskOutcome.STOPPED;
        } catch (RuntimeException e) {
            LOG.errorf("could not complete the failed task task_id=%s: %s", task.getId(), e.getMessage());
            return TaskOutcome.STOPPED;
        }
    }
}
