package io.crmsync.scheduler.lease;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.crmsync.scheduler.run.RunLedger;
import io.crmsync.scheduler.run.TaskEntity;
import io.crmsync.scheduler.run.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Gives up on a task whose worker stopped answering on every lease (it crashes on the task, or loses its
 * connection). Re-leasing it without limit would keep its run open forever, and an open run refuses every
 * new run of its integration.
 */
@ApplicationScoped
class TaskAbandoner {

    private static final Logger LOG = Logger.getLogger(TaskAbandoner.class);

    private final RunLedger ledger;
    private final int maxLeaseAttempts;

    TaskAbandoner(RunLedger ledger,
            @ConfigProperty(name = "crmsync.scheduler.max-lease-attempts", defaultValue = "5") int maxLeaseAttempts) {
        if (maxLeaseAttempts < 1) {
            throw new IllegalArgumentException("crmsync.scheduler.max-lease-attempts must be at least 1");
        }
        this.ledger = ledger;
        this.maxLeaseAttempts = maxLeaseAttempts;
    }

    /** True for a task found leased under an expired lease that was already its last allowed attempt. */
    boolean shouldAbandon(TaskEntity expiredOrPending) {
        return expiredOrPending.state == TaskStatus.LEASED && expiredOrPending.epoch >= maxLeaseAttempts;
    }

    /**
     * Fails the task, locked by the caller in its transaction, through the same path as a worker's completion,
     * so its run closes when it was the last unfinished task. The counts it checkpointed stay.
     */
    void abandon(TaskEntity task) {
        LOG.warnf("task abandoned task_id=%s run_id=%s worker_id=%s epoch=%d max_lease_attempts=%d", task.id,
                task.runId, task.workerId, task.epoch, maxLeaseAttempts);
        ledger.finishTask(task, TaskStatus.FAILED, "The task was abandoned after " + task.epoch
                + " attempts: its worker stopped answering each time (crashed or lost its connection)");
    }
}
