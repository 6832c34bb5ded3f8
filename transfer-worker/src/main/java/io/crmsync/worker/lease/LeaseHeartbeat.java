package io.crmsync.worker.lease;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.crmsync.common.time.Timestamps;
import io.crmsync.proto.scheduler.v1.RenewLeaseResponse;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.worker.remote.SchedulerClient;
import io.crmsync.worker.task.LeaseLostException;
import io.crmsync.worker.task.TaskControl;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

/**
 * Renews a running task's lease every third of its length. A stale epoch or a cancelled run stops the task;
 * a scheduler that does not answer is tolerated until the lease is lost.
 */
@Singleton
public class LeaseHeartbeat {

    private static final Logger LOG = Logger.getLogger(LeaseHeartbeat.class);
    private static final Duration MIN_PERIOD = Duration.ofSeconds(1);
    private static final Duration MAX_PERIOD = Duration.ofSeconds(60);
    private static final Duration UNKNOWN_LEASE = Duration.ofSeconds(30);

    private final SchedulerClient scheduler;
    private final Clock clock;
    // Two threads, so one slow renewal (up to its deadline) does not hold back another task's.
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, r -> {
        Thread thread = new Thread(r, "crmsync-lease-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    LeaseHeartbeat(SchedulerClient scheduler, Clock clock) {
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** A running heartbeat; closing it stops the renewals. */
    public interface Beat extends AutoCloseable {
        @Override
        void close();
    }

    public Beat start(Task task, TaskControl control) {
        long period = period(task).toMillis();
        ScheduledFuture<?> renewals = timer.scheduleWithFixedDelay(() -> renew(task, control), period, period,
                TimeUnit.MILLISECONDS);
        return () -> renewals.cancel(false);
    }

    /**
     * One renewal; moves the task's lease deadline, or stops the task when the scheduler says the lease is gone or
     * the run was cancelled.
     */
    void renew(Task task, TaskControl control) {
        if (control.isStopped()) {
            return;
        }
        try {
            long sentAt = control.lease().now();
            RenewLeaseResponse response = scheduler.renewLease(task.getId(), task.getEpoch());
            if (response.getCancelled()) {
                LOG.infof("run cancelled, stopping task task_id=%s run_id=%s", task.getId(), task.getRunId());
                control.stop("run cancelled");
            } else if (response.hasLeaseExpireTime()) {
                control.lease().extend(sentAt, Timestamps.toInstant(response.getLeaseExpireTime()));
            }
        } catch (LeaseLostException e) {
            LOG.warnf("lease lost, stopping task task_id=%s epoch=%d", task.getId(), task.getEpoch());
            control.stop("lease lost");
        } catch (RuntimeException e) {
            LOG.warnf("lease renewal failed, will retry task_id=%s: %s", task.getId(), e.getMessage());
        }
    }

    /** A third of the lease as granted, within sane bounds. */
    Duration period(Task task) {
        Duration lease = task.hasLeaseExpireTime()
                ? Duration.between(clock.instant(), Timestamps.toInstant(task.getLeaseExpireTime()))
                : UNKNOWN_LEASE;
        Duration third = lease.dividedBy(3);
        return third.compareTo(MIN_PERIOD) < 0 ? MIN_PERIOD : third.compareTo(MAX_PERIOD) > 0 ? MAX_PERIOD : third;
    }

    @PreDestroy
    void shutdown() {
        timer.shutdownNow();
    }
}
