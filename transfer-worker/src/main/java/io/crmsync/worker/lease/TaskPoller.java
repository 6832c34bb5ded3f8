package io.crmsync.worker.lease;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.worker.WorkerConfig;
import io.crmsync.worker.remote.SchedulerClient;
import io.crmsync.worker.task.LeaseDeadlines;
import io.crmsync.worker.task.TaskControl;
import io.crmsync.worker.transfer.TransferRunner;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The lease loops: {@code crmsync.worker.concurrency} threads, each asking the scheduler for a task, running
 * it with a heartbeat, and waiting {@code crmsync.worker.poll-interval} when there is none. An unreachable
 * scheduler is logged once per outage and polled again; a loop never dies of a failure. Shutdown stops the
 * running tasks between batches and waits for them until one deadline.
 */
@Singleton
public class TaskPoller {

    private static final Logger LOG = Logger.getLogger(TaskPoller.class);

    private final WorkerConfig config;
    private final SchedulerClient scheduler;
    private final TransferRunner runner;
    private final LeaseHeartbeat heartbeat;
    private final LeaseDeadlines deadlines;
    private final String workerId = WorkerId.create();
    private final CountDownLatch shutdown = new CountDownLatch(1);
    private final AtomicBoolean schedulerDown = new AtomicBoolean();
    /** The running tasks' ids by their controls. */
    private final Map<TaskControl, String> running = new ConcurrentHashMap<>();
    private final List<Thread> loops = new ArrayList<>();

    TaskPoller(WorkerConfig config, SchedulerClient scheduler, TransferRunner runner, LeaseHeartbeat heartbeat,
            LeaseDeadlines deadlines) {
        this.config = config;
        this.scheduler = scheduler;
        this.runner = runner;
        this.heartbeat = heartbeat;
        this.deadlines = deadlines;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("lease loops disabled (crmsync.worker.enabled=false)");
            return;
        }
        for (int i = 1; i <= config.concurrency(); i++) {
            Thread loop = new Thread(this::loop, "crmsync-lease-loop-" + i);
            loops.add(loop);
            loop.start();
        }
        LOG.infof("lease loops started worker_id=%s concurrency=%d", workerId, config.concurrency());
    }

    /**
     * Asks the running tasks to stop between batches and waits for all loops until one shared deadline,
     * {@code crmsync.worker.shutdown-timeout} from now, so shutdown fits the pod's grace period whatever the
     * concurrency.
     */
    void onStop(@Observes ShutdownEvent event) {
        // Monotonic time, not the Clock: this bounds a real wait, whatever time the application is told.
        long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
        shutdown.countDown();
        running.keySet().forEach(control -> control.stop("worker shutting down"));
        awaitLoops(deadline);
        List<String> unfinished = List.copyOf(running.values());
        if (unfinished.isEmpty()) {
            LOG.infof("lease loops stopped worker_id=%s", workerId);
        }
        // These tasks are left to their leases: the heartbeat stops with the application, the leases expire, and
        // another worker resumes each task from its last checkpoint.
        unfinished.forEach(taskId -> LOG.warnf("task still running at the shutdown deadline, leaving it to its "
                + "lease task_id=%s worker_id=%s", taskId, workerId));
    }

    private void awaitLoops(long deadlineNanos) {
        for (Thread loop : loops) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                TimeUnit.NANOSECONDS.timedJoin(loop, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void loop() {
        while (shutdown.getCount() > 0) {
            boolean worked = false;
            try {
                worked = pollOnce();
            } catch (RuntimeException e) {
                LOG.errorf(e, "lease loop failure, continuing worker_id=%s", workerId);
            }
            if (!worked && await(config.pollInterval())) {
                return;
            }
        }
    }

    /** Leases and runs at most one task; true when one ran. Never throws for an unreachable scheduler. */
    boolean pollOnce() {
        Optional<Task> task;
        long sentAt = deadlines.now();
        try {
            task = scheduler.leaseTask(workerId);
        } catch (RuntimeException e) {
            if (schedulerDown.compareAndSet(false, true)) {
                LOG.warnf("scheduler-service unreachable, will keep polling worker_id=%s: %s", workerId,
                        e.getMessage());
            }
            return false;
        }
        if (schedulerDown.compareAndSet(true, false)) {
            LOG.infof("scheduler-service reachable again worker_id=%s", workerId);
        }
        task.ifPresent(leased -> run(leased, sentAt));
        return task.isPresent();
    }

    private void run(Task task, long leaseSentAt) {
        TaskControl control = new TaskControl(deadlines.track(task, leaseSentAt));
        running.put(control, task.getId());
        if (shutdown.getCount() == 0) {
            control.stop("worker shutting down");
        }
        LOG.infof("task leased task_id=%s run_id=%s epoch=%d worker_id=%s", task.getId(), task.getRunId(),
                task.getEpoch(), workerId);
        try (LeaseHeartbeat.Beat beat = heartbeat.start(task, control)) {
            runner.run(task, control);
        } finally {
            running.remove(control);
            deadlines.forget(task);
        }
    }

    private boolean await(Duration delay) {
        try {
            return shutdown.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
