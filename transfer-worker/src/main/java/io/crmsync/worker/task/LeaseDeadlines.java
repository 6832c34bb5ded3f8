package io.crmsync.worker.task;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.crmsync.common.time.Timestamps;
import io.crmsync.proto.scheduler.v1.Task;
import jakarta.inject.Singleton;

/**
 * The {@link LeaseDeadline}s of the tasks this worker runs, by task and epoch, so that every answer granting a
 * lease (the lease itself, a renewal, a checkpoint) moves the deadline of the lease it answers.
 */
@Singleton
public class LeaseDeadlines {

    private final Map<String, LeaseDeadline> running = new ConcurrentHashMap<>();
    private final Clock clock;

    public LeaseDeadlines(Clock clock) {
        this.clock = clock;
    }

    /** The monotonic time to take right before sending a request whose answer grants a lease. */
    public long now() {
        return System.nanoTime();
    }

    /** Starts tracking a task just leased by a request sent at {@code leaseSentAt}; untracked by {@link #forget}. */
    public LeaseDeadline track(Task task, long leaseSentAt) {
        LeaseDeadline deadline = new LeaseDeadline(task.getId(), task.getEpoch(), System::nanoTime, clock);
        if (task.hasLeaseExpireTime()) {
            deadline.extend(leaseSentAt, Timestamps.toInstant(task.getLeaseExpireTime()));
        }
        running.put(key(task), deadline);
        return deadline;
    }

    /** Moves the task's deadline to a granted expiry; for a task not tracked, nothing happens. */
    public void extend(Task task, long sentAt, Instant expireTime) {
        LeaseDeadline deadline = running.get(key(task));
        if (deadline != null) {
            deadline.extend(sentAt, expireTime);
        }
    }

    public void forget(Task task) {
        running.remove(key(task));
    }

    private static String key(Task task) {
        return task.getId() + "@" + task.getEpoch();
    }
}
