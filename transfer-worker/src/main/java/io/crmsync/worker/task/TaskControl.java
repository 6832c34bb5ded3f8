package io.crmsync.worker.task;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Tells a running task to stop: its lease was lost, its run was cancelled, or the worker shuts down. The
 * engine checks it between batches; a stopped task is left uncompleted, so its lease expires and the task
 * resumes from its last checkpoint elsewhere. It also holds the task's {@link LeaseDeadline}, which the engine
 * asks between batches and right before each target commit.
 */
public final class TaskControl {

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final LeaseDeadline lease;
    private volatile String reason = "";

    /** A control for a task run without a lease deadline. */
    public TaskControl() {
        this(LeaseDeadline.none());
    }

    public TaskControl(LeaseDeadline lease) {
        this.lease = lease;
    }

    public LeaseDeadline lease() {
        return lease;
    }

    /** Asks the task to stop; the first reason given is kept. */
    public void stop(String why) {
        synchronized (this) {
            if (stopped.getCount() > 0) {
                reason = why;
                stopped.countDown();
            }
        }
    }

    public boolean isStopped() {
        return stopped.getCount() == 0;
    }

    public String reason() {
        return reason;
    }

    /** Throws {@link TaskStoppedException} when a stop was asked for. */
    public void throwIfStopped() {
        if (isStopped()) {
            throw new TaskStoppedException(reason);
        }
    }

    /**
     * Throws {@link LeaseLostException} once the lease deadline passed, and stops the task: another worker may
     * hold the task by now, so nothing more of this one may reach the target.
     */
    public void requireLease() {
        try {
            lease.require();
        } catch (LeaseLostException e) {
            stop("lease expired");
            throw e;
        }
    }

    /** Waits up to {@code delay}, returning early when stopped; true when stopped. */
    public boolean pause(Duration delay) {
        try {
            return stopped.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop("interrupted");
            return true;
        }
    }
}
