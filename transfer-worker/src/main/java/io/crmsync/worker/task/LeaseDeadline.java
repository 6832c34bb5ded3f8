package io.crmsync.worker.task;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * This worker's own idea of when its lease of one task ends, so that a worker that lost its lease without hearing
 * about it commits nothing more at the target. The scheduler fences checkpoints and completions by epoch, but a
 * target write is not a scheduler call: a worker frozen past its lease (SIGSTOP, a long GC pause, a suspended VM)
 * wakes up mid-batch, its heartbeat frozen with it, and would commit over what the task's new holder wrote.
 *
 * <p>The deadline is kept on the monotonic clock ({@link System#nanoTime}): it keeps counting through a pause and
 * never jumps with wall-clock corrections. Each grant (lease, renewal, checkpoint) moves it to the monotonic time
 * the request was sent plus the lease left as granted (the expiry, less this worker's wall clock when the answer
 * came), less a safety margin for clock skew and the commit itself. Measuring from the send, not the answer,
 * counts the request's own latency against the lease. The deadline never moves backwards.
 */
public final class LeaseDeadline {

    private static final Duration MIN_MARGIN = Duration.ofSeconds(1);

    private final String taskId;
    private final long epoch;
    private final LongSupplier nanoTime;
    private final Clock clock;
    private boolean granted;
    private long deadline;

    public LeaseDeadline(String taskId, long epoch, LongSupplier nanoTime, Clock clock) {
        this.taskId = taskId;
        this.epoch = epoch;
        this.nanoTime = nanoTime;
        this.clock = clock;
    }

    /** A deadline that never passes: for a task run without a lease (tests, tools). */
    public static LeaseDeadline none() {
        return new LeaseDeadline("", 0, System::nanoTime, Clock.systemUTC());
    }

    /** The monotonic time to take right before sending a request whose answer grants the lease. */
    public long now() {
        return nanoTime.getAsLong();
    }

    /**
     * Moves the deadline to a grant expiring at {@code expireTime}, answered to a request sent at {@code sentAt}
     * (from {@link #now()}); a grant that ends earlier than the current deadline changes nothing.
     */
    public synchronized void extend(long sentAt, Instant expireTime) {
        Duration left = Duration.between(clock.instant(), expireTime);
        Duration tenth = left.dividedBy(10);
        Duration margin = tenth.compareTo(MIN_MARGIN) > 0 ? tenth : MIN_MARGIN;
        long candidate = sentAt + left.minus(margin).toNanos();
        if (!granted || candidate - deadline > 0) {
            deadline = candidate;
            granted = true;
        }
    }

    /** True once the deadline passed; never before the first grant. */
    public synchronized boolean expired() {
        return granted && nanoTime.getAsLong() - deadline >= 0;
    }

    /** Throws {@link LeaseLostException} once the deadline passed. */
    public void require() {
        if (expired()) {
            throw new LeaseLostException("lease of task " + taskId + " at epoch " + epoch
                    + " expired before this worker could renew it");
        }
    }
}
