package io.crmsync.scheduler.run;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.id.Ids;
import io.crmsync.common.paging.PageRequest;
import io.crmsync.proto.scheduler.v1.RunMode;
import io.crmsync.proto.scheduler.v1.RunTrigger;
import io.crmsync.scheduler.report.ExceptionReports;
import io.crmsync.scheduler.watermark.SourceCursor;
import io.crmsync.scheduler.watermark.WatermarkStore;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Creates runs with their tasks, closes them when their last task finishes, and reads them back. */
@ApplicationScoped
public class RunLedger {

    private static final Logger LOG = Logger.getLogger(RunLedger.class);
    /** First key of the per-integration advisory locks, so they cannot collide with other lock users. */
    private static final int TRIGGER_LOCK_SPACE = 0x5C4ED;

    private final EntityManager em;
    private final Clock clock;
    private final WatermarkStore watermarks;
    private final RunGate gate;
    private final ExceptionReports reports;
    private final int retryKeysPerTask;

    RunLedger(EntityManager em, Clock clock, WatermarkStore watermarks, RunGate gate, ExceptionReports reports,
            @ConfigProperty(name = "crmsync.scheduler.retry-keys-per-task", defaultValue = "500") int retryKeysPerTask) {
        if (retryKeysPerTask < 1) {
            throw new IllegalArgumentException("crmsync.scheduler.retry-keys-per-task must be at least 1");
        }
        this.em = em;
        this.clock = clock;
        this.watermarks = watermarks;
        this.gate = gate;
        this.reports = reports;
        this.retryKeysPerTask = retryKeysPerTask;
    }

    /** The outcome of a trigger: a new run, or the one an earlier trigger with the same key created. */
    public record Triggered(RunView view, boolean existing) {
    }

    /**
     * Creates a run with one task per point, or, for a point of a retry that re-reads records by key, one task per
     * {@code crmsync.scheduler.retry-keys-per-task} keys. Triggers of one integration are serialized by an advisory lock
     * held until commit, so two concurrent triggers cannot both find no unfinished run.
     */
    @Transactional
    public Triggered trigger(RunRequest request) {
        request.validate();
        lockIntegration(request.integrationId());
        String key = request.idempotencyKeyOrNull();
        if (key != null) {
            RunEntity earlier = RunEntity.<RunEntity> find("integrationId = ?1 and idempotencyKey = ?2",
                    request.integrationId(), key).firstResult();
            if (earlier != null) {
                LOG.infof("run trigger repeated run_id=%s integration_id=%s", earlier.id, earlier.integrationId);
                return new Triggered(new RunView(earlier, tasksOf(earlier.id)), true);
            }
        }
        gate.requireRunnable(request.integrationId());
        RunEntity unfinished = unfinishedRun(request.integrationId());
        if (unfinished != null) {
            throw new CrmsyncException(SchedulerErrors.RUN_IN_PROGRESS, "integration " + request.integrationId()
                    + " already has run " + unfinished.id + " in progress (" + unfinished.state + ")");
        }
        return new Triggered(create(request, key), false);
    }

    /** Whether the integration has a PENDING or RUNNING run. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean hasUnfinishedRun(String integrationId) {
        lockIntegration(integrationId); // as a trigger does, so the answer holds until commit
        return unfinishedRun(integrationId) != null;
    }

    private static RunEntity unfinishedRun(String integrationId) {
        return RunEntity.<RunEntity> find("integrationId = ?1 and state in ?2", integrationId,
                List.of(RunStatus.PENDING, RunStatus.RUNNING)).firstResult();
    }

    /**
     * Ends a task the caller holds locked (SUCCEEDED or FAILED) and counts it with its run, which closes in the
     * caller's transaction when this was its last unfinished task. Completions and abandonments both come here.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public RunView finishTask(TaskEntity task, TaskStatus outcome, String errorMessage) {
        task.state = outcome;
        task.errorMessage = errorMessage;
        task.leaseExpireTime = null;
        task.endTime = now();
        return recordTaskFinished(task.runId);
    }

    /**
     * Replaces a task the caller holds locked by one pending task per key range, at the end of the lease queue,
     * with the task's point, window and queue; the task itself ends SPLIT and counts as finished, so the run
     * closes when the last range task finishes. Refused when the run has ended (e.g. was cancelled).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public RunView split(TaskEntity task, List<TaskKeyRange> ranges) {
        RunEntity run = RunEntity.findById(task.runId, LockModeType.PESSIMISTIC_WRITE);
        if (run.state.isFinished()) {
            throw new CrmsyncException(SchedulerErrors.RUN_FINISHED, "run " + run.id + " has already ended ("
                    + run.state + ")");
        }
        Instant now = now();
        for (TaskKeyRange range : ranges) {
            TaskEntity part = new TaskEntity();
            part.id = UUID.randomUUID();
            part.runId = task.runId;
            part.integrationPointId = task.integrationPointId;
            part.windowStart = task.windowStart;
            part.connectionId = task.connectionId;
            part.direction = task.direction;
            part.keyField = range.field();
            part.keyLower = range.lower();
            part.keyUpper = range.upper();
            part.state = TaskStatus.PENDING;
            part.createTime = now;
            part.persist();
        }
        task.state = TaskStatus.SPLIT;
        task.leaseExpireTime = null;
        task.endTime = now;
        run.taskCount += ranges.size();
        run.tasksFinished++;
        LOG.infof("task split task_id=%s run_id=%s key_field=%s ranges=%d", task.id, run.id, ranges.get(0).field(),
                ranges.size());
        em.flush();
        return new RunView(run, tasksOf(run.id));
    }

    /**
     * Counts a finished task of the run and, when it was the last, closes the run. The run row is locked
     * (after the task row, by the caller), so of two tasks finishing together exactly one sees itself last.
     */
    private RunView recordTaskFinished(UUID runId) {
        RunEntity run = RunEntity.findById(runId, LockModeType.PESSIMISTIC_WRITE);
        run.tasksFinished++;
        em.flush(); // the finished task must be visible to the query below
        List<TaskEntity> tasks = tasksOf(runId);
        // A run cancelled meanwhile stays cancelled: its remaining tasks only report how far they got.
        if (run.tasksFinished >= run.taskCount && !run.state.isFinished()) {
            close(run, tasks);
        }
        return new RunView(run, tasks);
    }

    public RunView get(String runId) {
        UUID id = Ids.parse("run_id", runId);
        RunEntity run = RunEntity.findById(id);
        if (run == null) {
            throw new CrmsyncException(SchedulerErrors.RUN_NOT_FOUND, "run " + runId + " not found");
        }
        return new RunView(run, tasksOf(id));
    }

    /** Which runs a listing shows; every part optional (null or empty: no restriction). */
    public record RunFilter(String integrationId, List<RunStatus> states, Instant createdAfter, Instant createdBefore) {
    }

    /** Runs newest first, without their tasks. */
    @Transactional
    public List<RunEntity> list(RunFilter filter, PageRequest page) {
        Sort newestFirst = Sort.by("createTime", Sort.Direction.Descending).and("id", Sort.Direction.Descending);
        List<String> where = new ArrayList<>();
        Parameters parameters = new Parameters();
        if (filter.integrationId() != null && !filter.integrationId().isEmpty()) {
            where.add("integrationId = :integrationId");
            parameters.and("integrationId", filter.integrationId());
        }
        if (filter.states() != null && !filter.states().isEmpty()) {
            where.add("state in :states");
            parameters.and("states", filter.states());
        }
        if (filter.createdAfter() != null) {
            where.add("createTime >= :after");
            parameters.and("after", filter.createdAfter());
        }
        if (filter.createdBefore() != null) {
            where.add("createTime < :before");
            parameters.and("before", filter.createdBefore());
        }
        var query = where.isEmpty() ? RunEntity.<RunEntity> findAll(newestFirst)
                : RunEntity.<RunEntity> find(String.join(" and ", where), newestFirst, parameters);
        return query.range(page.offset(), page.offset() + page.size() - 1).list();
    }

    /**
     * Cancels an unfinished run: pending tasks are never leased, leased ones learn it at their next heartbeat
     * and stop; what they committed stays. The integration may run again at once.
     */
    @Transactional
    public RunView cancel(String runId) {
        UUID id = Ids.parse("run_id", runId);
        // Task rows before the run row, the order every completion takes, so the two never deadlock.
        List<TaskEntity> tasks = TaskEntity.<TaskEntity> find("runId", Sort.by("seq"), id)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
        RunEntity run = RunEntity.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (run == null) {
            throw new CrmsyncException(SchedulerErrors.RUN_NOT_FOUND, "run " + runId + " not found");
        }
        if (run.state.isFinished()) {
            throw new CrmsyncException(SchedulerErrors.RUN_FINISHED, "run " + runId + " has already ended ("
                    + run.state + ")");
        }
        Instant now = now();
        run.state = RunStatus.CANCELLED;
        run.endTime = now;
        for (TaskEntity task : tasks) {
            if (task.state == TaskStatus.PENDING) {
                task.state = TaskStatus.CANCELLED;
                task.endTime = now;
            }
        }
        LOG.infof("run cancelled run_id=%s integration_id=%s", run.id, run.integrationId);
        reportFinished(run, tasks);
        return new RunView(run, tasks);
    }

    public List<TaskEntity> tasksOf(UUID runId) {
        return TaskEntity.list("runId", Sort.by("seq"), runId);
    }

    private void lockIntegration(String integrationId) {
        em.createNativeQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(?1, hashtext(?2))) AS locked")
                .setParameter(1, TRIGGER_LOCK_SPACE).setParameter(2, integrationId).getSingleResult();
    }

    private RunView create(RunRequest request, String key) {
        Instant now = now();
        RunEntity run = new RunEntity();
        run.id = UUID.randomUUID();
        run.integrationId = request.integrationId();
        run.integrationVersion = request.integrationVersion();
        run.trigger = request.trigger().name().substring("RUN_TRIGGER_".length());
        run.mode = request.mode().name().substring("RUN_MODE_".length());
        run.state = RunStatus.PENDING;
        run.idempotencyKey = key;
        run.windowEnd = now;
        run.createTime = now;
        run.persist();
        em.flush(); // tasks reference the run; no mapped association tells Hibernate to insert it first
        Map<String, List<List<String>>> retryKeys = request.retryKeysByPoint();
        // Points re-read by key keep their stored state: a retry never touches their watermarks, not even a rebuild.
        List<String> windowPoints = request.pointIds().stream().filter(p -> !retryKeys.containsKey(p)).toList();
        if (request.mode() == RunMode.RUN_MODE_REBUILD) {
            watermarks.forget(request.integrationId(), windowPoints);
        }
        Map<String, Instant> starts = request.incremental()
                ? watermarks.incrementalWindowStarts(request.integrationId(), windowPoints)
                : Map.of();
        List<TaskEntity> tasks = new ArrayList<>();
        for (int i = 0; i < request.pointIds().size(); i++) {
            String pointId = request.pointIds().get(i);
            String direction = request.queue() == null ? null : request.queue().directions().get(i);
            List<List<String>> keys = retryKeys.get(pointId);
            if (keys != null) {
                // Reads by key have no window that matters: they start unset, as a full read does.
                for (int from = 0; from < keys.size(); from += retryKeysPerTask) {
                    TaskEntity task = newTask(run, pointId, request.queue(), direction, null, now);
                    task.recordKeys = List.copyOf(keys.subList(from, Math.min(from + retryKeysPerTask, keys.size())));
                    tasks.add(task);
                }
                continue;
            }
            // A point that never succeeded starts where the integration's history starts (its start or activation
            // time: no backfill), or from the beginning when none is known.
            Instant windowStart = starts.getOrDefault(pointId,
                    request.incremental() ? request.initialWindowStart() : null);
            tasks.add(newTask(run, pointId, request.queue(), direction, windowStart, now));
        }
        tasks.forEach(task -> task.persist());
        run.taskCount = tasks.size();
        LOG.infof("run triggered run_id=%s integration_id=%s integration_version=%d mode=%s trigger=%s tasks=%d"
                + " retry_points=%d", run.id, run.integrationId, run.integrationVersion, run.mode, run.trigger,
                tasks.size(), retryKeys.size());
        return new RunView(run, tasks);
    }

    private static TaskEntity newTask(RunEntity run, String pointId, RunRequest.QueuePlacement queue,
            String direction, Instant windowStart, Instant now) {
        TaskEntity task = new TaskEntity();
        if (queue != null) {
            task.connectionId = queue.connectionId();
            task.direction = direction;
        }
        task.id = UUID.randomUUID();
        task.runId = run.id;
        task.integrationPointId = pointId;
        task.windowStart = windowStart;
        task.state = TaskStatus.PENDING;
        task.createTime = now;
        return task;
    }

    private void close(RunEntity run, List<TaskEntity> all) {
        // A split task read nothing itself: its range tasks did.
        List<TaskEntity> tasks = all.stream().filter(task -> task.state != TaskStatus.SPLIT).toList();
        Counts total = Counts.zero();
        tasks.forEach(task -> total.add(task.counts));
        List<TaskEntity> failed = tasks.stream().filter(task -> task.state == TaskStatus.FAILED).toList();
        run.counts = total;
        run.state = failed.size() == tasks.size() ? RunStatus.FAILED
                : !failed.isEmpty() || total.rejected > 0 ? RunStatus.PARTIAL : RunStatus.SUCCEEDED;
        run.errorMessage = failed.isEmpty() ? null : failed.get(0).errorMessage;
        run.endTime = now();
        LOG.infof("run closed run_id=%s integration_id=%s state=%s read=%d rejected=%d failed_tasks=%d", run.id,
                run.integrationId, run.state, total.read, total.rejected, failed.size());
        // The failure count and auto-disable (a RETRY run counts neither way: see ScheduleStore.closed).
        gate.closed(run.integrationId, run.id, run.state, trigger(run));
        // Only an error-free run may move the watermarks: anything less would skip records next time.
        if (run.state == RunStatus.SUCCEEDED) {
            // A point split into key ranges has one final cursor per range; the latest in time is where it ended.
            Map<String, SourceCursor> lastByPoint = new LinkedHashMap<>();
            for (TaskEntity task : tasks) {
                // Whatever the run's mode, re-reading some records by key says nothing about the point's other
                // records since its watermark: moving it would skip them next time.
                if (task.readsByKey()) {
                    continue;
                }
                lastByPoint.put(task.integrationPointId,
                        SourceCursor.later(lastByPoint.get(task.integrationPointId), task.checkpoint));
            }
            lastByPoint.forEach((point, cursor) -> watermarks.advance(run.integrationId, point, run.id,
                    run.windowEnd, cursor));
        }
        reportFinished(run, all);
    }

    /**
     * Stores for exception-service, in the run's transaction, that the run reached its final state, with the points
     * all of whose tasks succeeded (a split task counts by its range tasks).
     */
    private void reportFinished(RunEntity run, List<TaskEntity> all) {
        Map<String, Boolean> pointSucceeded = new LinkedHashMap<>();
        for (TaskEntity task : all) {
            if (task.state != TaskStatus.SPLIT) {
                pointSucceeded.merge(task.integrationPointId, task.state == TaskStatus.SUCCEEDED, Boolean::logicalAnd);
            }
        }
        List<String> succeeded = pointSucceeded.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
                .toList();
        reports.runFinished(run.integrationId, run.id, run.state.name(), run.trigger, succeeded,
                !pointSucceeded.containsValue(false));
    }

    private static RunTrigger trigger(RunEntity run) {
        return RunTrigger.valueOf("RUN_TRIGGER_" + run.trigger);
    }

    /** Truncated to what timestamptz stores, so a value read back equals the one handed out. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
