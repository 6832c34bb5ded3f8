package io.crmsync.worker.lease;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.worker.WorkerConfig;
import io.crmsync.worker.remote.SchedulerClient;
import io.crmsync.worker.task.TaskControl;
import io.crmsync.worker.transfer.TransferRunner;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The lease loops: {@code crmsync.worker.concurrency} threads, each asking the scheduler for a task, running
 * it with a heartbeat, and waiting {@code crmsync.worker.poll-interval} when there is none. An unreachable
 * scheduler is logged once per outage and polled again; a loop never dies of a failure.
 */
@Singleton
public class TaskPoller {

    private static final Logger LOG = Logger.getLogger(TaskPoller.class);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(20);

    private final WorkerConfig config;
    private final SchedulerClient scheduler;
    private final TransferRunner runner;
    private final LeaseHeartbeat heartbeat;
    private final String workerId = WorkerId.create();
    private final CountDownLatch shutdown = new CountDownLatch(1);
    private final AtomicBoolean schedulerDown = new AtomicBoolean();
    private final Set<TaskControl> running = ConcurrentHashMap.newKeySet();
    private final List<Thread> loops = new ArrayList<>();

    TaskPoller(WorkerConfig config, SchedulerClient scheduler, TransferRunner runner, LeaseHeartbeat heartbeat) {
        this.config = config;
        this.scheduler = scheduler;
        this.runner = runner;
        this.heartbeat = heartbeat;
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

    void onStop(@Observes ShutdownEvent event) {
        shutdown.countDown();
        running.forEach(control -> control.stop("worker shutting down"));
        for (Thread loop : loops) {
            try {
                loop.join(SHUTDOWN_GRACE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.infof("lease loops stopped worker_id=%s", workerId);
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
        task.ifPresent(this::run);
        return task.isPresent();
    }

    /** Whether the last lease attempt reached the scheduler. */
    boolean schedulerReachable() {
        return !schedulerDown.get();
    }

    private void run(Task task) {
        TaskControl control = new TaskControl();
        running.add(control);
        if (shutdown.getCount() == 0) {
            control.stop("worker shutting down");
        }
        LOG.infof("task leased task_id=%s run_id=%s epoch=%d worker_id=%s", task.getId(), task.getRunId(),
                task.getEpoch(), workerId);
        try (LeaseHeartbeat.Beat beat = heartbeat.start(task, control)) {
            runner.run(task, control);
        } finally {
            running.remove(control);
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
