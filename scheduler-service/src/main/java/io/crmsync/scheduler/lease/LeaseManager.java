package io.crmsync.scheduler.lease;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.id.Ids;
import io.crmsync.scheduler.run.Counts;
import io.crmsync.scheduler.run.RunEntity;
import io.crmsync.scheduler.run.RunLedger;
import io.crmsync.scheduler.run.RunStatus;
import io.crmsync.scheduler.run.RunView;
import io.crmsync.scheduler.run.SchedulerErrors;
import io.crmsync.scheduler.run.TaskEntity;
import io.crmsync.scheduler.run.TaskKeyRange;
import io.crmsync.scheduler.run.TaskStatus;
import io.crmsync.scheduler.watermark.SourceCursor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

/**
 * Hands tasks to workers under leases fenced by an epoch. Every write locks the task row first and the run
 * row second, so leasing and completing never deadlock each other.
 */
@ApplicationScoped
public class LeaseManager {

    private static final Logger LOG = Logger.getLogger(LeaseManager.class);
    private static final String FAILED_WITHOUT_REASON = "The task failed without giving a reason";

    private final EntityManager em;
    private final Clock clock;
    private final RunLedger ledger;
    private final TaskAbandoner abandoner;
    private final Duration leaseDuration;

    LeaseManager(EntityManager em, Clock clock, RunLedger ledger, TaskAbandoner abandoner,
            @ConfigProperty(name = "crmsync.scheduler.lease-duration", defaultValue = "30s") Duration leaseDuration) {
        this.em = em;
        this.clock = clock;
        this.ledger = ledger;
        this.abandoner = abandoner;
        this.leaseDuration = leaseDuration;
    }

    /** A task just leased, with its run. */
    public record Leased(TaskEntity task, RunEntity run) {
    }

    /** A renewed lease, or the news that the run was cancelled and the worker should stop. */
    public record Renewal(Instant leaseExpireTime, boolean cancelled) {
    }

    /**
     * Leases the oldest runnable task: pending, or leased under an expired lease. A task whose lease expired
     * on its last allowed attempt is abandoned instead, and the search goes on: each abandoned task leaves the
     * runnable set, so the loop ends.
     */
    @Transactional
    public Optional<Leased> lease(String workerId) {
        SchedulerErrors.require("worker_id", workerId);
        Instant now = now();
        while (true) {
            Optional<TaskEntity> claimed = claimOldestRunnable(now);
            if (claimed.isEmpty()) {
                return Optional.empty();
            }
            TaskEntity task = claimed.get();
            if (abandoner.shouldAbandon(task)) {
                abandoner.abandon(task);
                continue;
            }
            return Optional.of(handOut(task, workerId, now));
        }
    }

    @Transactional
    public Renewal renew(String taskId, long epoch) {
        TaskEntity task = lockTask(taskId, epoch);
        RunEntity run = RunEntity.findById(task.runId);
        boolean cancelled = run.state == RunStatus.CANCELLED || task.state == TaskStatus.CANCELLED;
        if (cancelled && task.epoch == epoch) {
            LOG.infof("lease renewal on a cancelled run task_id=%s run_id=%s", task.id, run.id);
            return new Renewal(task.leaseExpireTime, true);
        }
        requireHeld(task, epoch);
        task.leaseExpireTime = now().plus(leaseDuration);
        return new Renewal(task.leaseExpireTime, false);
    }

    /** Records a committed position and cumulative counts, and extends the lease. */
    @Transactional
    public Instant checkpoint(String taskId, long epoch, SourceCursor cursor, Counts counts) {
        TaskEntity task = lockTask(taskId, epoch);
        requireHeld(task, epoch);
        if (cursor != null) {
            task.checkpoint = cursor;
        }
        task.counts = counts;
        task.leaseExpireTime = now().plus(leaseDuration);
        LOG.debugf("task checkpointed task_id=%s run_id=%s epoch=%d read=%d", task.id, task.runId, epoch,
                counts.read);
        return task.leaseExpireTime;
    }

    /**
     * Replaces a held task by key-range tasks that any worker may lease. Only a task that has not committed
     * anything may be split (its records are then read by the range tasks alone), a range task is not split
     * again, and neither is a task that re-reads records by key (it holds a bounded number of keys already).
     */
    @Transactional
    public RunView split(String taskId, long epoch, List<TaskKeyRange> ranges) {
        TaskEntity task = lockTask(taskId, epoch);
        requireHeld(task, epoch);
        if (task.readsByKey()) {
            throw new CrmsyncException(SchedulerErrors.TASK_NOT_SPLITTABLE, "task " + task.id + " re-reads "
                    + task.recordKeys.size() + " records by key; it has no key range to split");
        }
        if (task.keyField != null) {
            throw new CrmsyncException(SchedulerErrors.TASK_NOT_SPLITTABLE, "task " + task.id
                    + " already reads one key range");
        }
        if (task.checkpoint != null || task.counts.read > 0) {
            throw new CrmsyncException(SchedulerErrors.TASK_NOT_SPLITTABLE, "task " + task.id
                    + " has committed records already");
        }
        return ledger.split(task, ranges);
    }

    /** Finishes a task with its final counts; closes the run in the same transaction when it was the last. */
    @Transactional
    public RunView complete(String taskId, long epoch, TaskStatus outcome, Counts counts, String errorMessage,
            SourceCursor cursor) {
        if (outcome != TaskStatus.SUCCEEDED && outcome != TaskStatus.FAILED) {
            throw CrmsyncException.invalidField("outcome", "must be SUCCEEDED or FAILED");
        }
        TaskEntity task = lockTask(taskId, epoch);
        requireHeld(task, epoch);
        task.counts = counts;
        if (cursor != null) {
            task.checkpoint = cursor;
        }
        LOG.infof("task completed task_id=%s run_id=%s state=%s epoch=%d read=%d rejected=%d", task.id, task.runId,
                outcome, epoch, counts.read, counts.rejected);
        return ledger.finishTask(task, outcome, outcome == TaskStatus.FAILED ? failureMessage(errorMessage) : null);
    }

    /**
     * Selects and row-locks the oldest runnable task outside paused queues. SKIP LOCKED lets concurrent callers, also on other
     * replicas, pass over a row another one is claiming instead of waiting for it. Only the task row is
     * locked here; its run row is locked after it, when needed.
     */
    private Optional<TaskEntity> claimOldestRunnable(Instant now) {
        List<?> claimed = em.createNativeQuery("""
                SELECT t.id FROM tasks t JOIN runs r ON r.id = t.run_id
                WHERE (t.state = 'PENDING' OR (t.state = 'LEASED' AND t.lease_expire_time < ?1))
                  AND r.state <> 'CANCELLED'
                  AND NOT EXISTS (SELECT 1 FROM queue_pauses q
                                  WHERE q.connection_id = t.connection_id AND q.direction = t.direction)
                ORDER BY t.seq
                LIMIT 1
                FOR UPDATE OF t SKIP LOCKED""")
                .setParameter(1, Timestamp.from(now)).getResultList();
        return claimed.isEmpty() ? Optional.empty() : Optional.of(em.find(TaskEntity.class, claimed.get(0)));
    }

    private Leased handOut(TaskEntity task, String workerId, Instant now) {
        if (task.state == TaskStatus.LEASED) {
            LOG.warnf("lease expired task_id=%s run_id=%s worker_id=%s epoch=%d", task.id, task.runId,
                    task.workerId, task.epoch);
        }
        task.state = TaskStatus.LEASED;
        task.epoch++;
        task.workerId = workerId;
        task.leaseExpireTime = now.plus(leaseDuration);
        boolean runStarted = markRunStarted(task.runId, now);
        RunEntity run = RunEntity.findById(task.runId);
        if (runStarted) {
            LOG.infof("run started run_id=%s integration_id=%s", run.id, run.integrationId);
        }
        LOG.infof("task leased task_id=%s run_id=%s integration_id=%s worker_id=%s epoch=%d", task.id, run.id,
                run.integrationId, workerId, task.epoch);
        return new Leased(task, run);
    }

    private TaskEntity lockTask(String taskId, long epoch) {
        UUID id = Ids.parse("task_id", taskId);
        if (epoch <= 0) {
            throw CrmsyncException.invalidField("epoch", "must be the positive epoch received with the lease");
        }
        TaskEntity task = em.find(TaskEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (task == null) {
            throw new CrmsyncException(SchedulerErrors.TASK_NOT_FOUND, "task " + taskId + " not found");
        }
        return task;
    }

    /** A worker that lost its lease (expired and taken over, or finished) writes nothing that counts. */
    private static void requireHeld(TaskEntity task, long epoch) {
        if (task.state != TaskStatus.LEASED || task.epoch != epoch) {
            LOG.infof("stale lease refused task_id=%s run_id=%s epoch=%d current_epoch=%d state=%s", task.id,
                    task.runId, epoch, task.epoch, task.state);
            throw new CrmsyncException(SchedulerErrors.STALE_EPOCH, "task " + task.id + " is not leased with epoch "
                    + epoch + " (current epoch " + task.epoch + ", state " + task.state + ")");
        }
    }

    /**
     * The run goes RUNNING on its first lease; the conditional update keeps concurrent first leases harmless.
     * True when this lease started the run.
     */
    private boolean markRunStarted(UUID runId, Instant now) {
        return em.createNativeQuery(
                "UPDATE runs SET state = 'RUNNING', start_time = ?2 WHERE id = ?1 AND state = 'PENDING'")
                .setParameter(1, runId).setParameter(2, Timestamp.from(now)).executeUpdate() > 0;
    }

    private static String failureMessage(String errorMessage) {
        return errorMessage == null || errorMessage.isBlank() ? FAILED_WITHOUT_REASON : errorMessage;
    }

    /** Truncated to what timestamptz stores, so a value read back equals the one handed out. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
