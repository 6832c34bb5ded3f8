package io.crmsync.worker;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the worker, keys {@code crmsync.worker.*}. */
@ConfigMapping(prefix = "crmsync.worker")
public interface WorkerConfig {

    /** Whether the lease loops run; off in unit tests so they are not disturbed. */
    @WithDefault("true")
    boolean enabled();

    /** Number of lease loops, i.e. tasks this worker runs at the same time. */
    @WithDefault("2")
    int concurrency();

    /** How long an idle loop waits before asking for a task again. */
    @WithDefault("500ms")
    Duration pollInterval();

    /** Records written per target transaction. */
    @WithDefault("500")
    int batchSize();

    /** Records fetched from the source per round trip. */
    @WithDefault("1000")
    int fetchSize();

    /**
     * Attempts of work an endpoint fails transiently (a batch write, or a source read since the last committed
     * batch) before the task fails.
     */
    @WithDefault("4")
    int retryAttempts();

    /** Delay before the second attempt; doubles on each further attempt, plus jitter. */
    @WithDefault("500ms")
    Duration retryDelay();

    /**
     * Transient failures in a row of one endpoint, across this worker's tasks, after which the worker leaves the
     * endpoint alone for a cool-down instead of calling it (its circuit breaker opens).
     */
    @WithDefault("5")
    int breakerFailures();

    /**
     * How long an endpoint whose circuit breaker opened is left alone before one call probes it; doubles, up to
     * 5 minutes, while the probes fail. Waiting for it counts as a failed attempt of the work.
     */
    @WithDefault("30s")
    Duration breakerCoolDown();

    /**
     * The only directory tree CSV endpoints may use: an endpoint's {@code path} is resolved against it and must
     * stay inside it, so that an endpoint cannot reach other files of the worker's host.
     */
    @WithDefault("/var/lib/crmsync/files")
    String csvRoot();

    /**
     * About how many records one task of a full sync reads: a larger source (of a connector that can plan key
     * ranges) is split into key-range tasks that all workers take in parallel. 0 never splits.
     */
    @WithDefault("250000")
    long rangeRows();

    /** At most this many key-range tasks per split full sync (2 to 256). */
    @WithDefault("64")
    int maxRanges();

    /**
     * How long shutdown waits, in all, for the running tasks to stop between batches. Keep it below the pod's
     * termination grace period.
     */
    @WithDefault("20s")
    Duration shutdownTimeout();
}
