package io.crmsync.worker.transfer;

import java.time.Duration;

/**
 * Tuning of the engine.
 *
 * @param batchSize records written per target transaction
 * @param fetchSize records fetched from the source per round trip
 * @param retryAttempts attempts of work an endpoint fails transiently (connection lost, timeout): a batch write,
 *        or a source read since the last committed batch; then the task fails
 * @param retryDelay delay before the second attempt; doubles after each further failure, plus jitter
 * @param rangeRows about how many records one task of a full read takes: a larger source is split into key-range
 *        tasks that workers run in parallel; 0 never splits
 * @param maxRanges at most this many key-range tasks per split
 * @param breakerFailures transient failures in a row, across this worker's tasks, after which an endpoint is left
 *        alone for a cool-down (its circuit breaker opens)
 * @param breakerCoolDown how long an endpoint is left alone once its breaker opens; doubles, up to
 *        {@link EndpointBreakers#MAX_COOL_DOWN}, while the probe after it fails
 */
public record TransferSettings(int batchSize, int fetchSize, int retryAttempts, Duration retryDelay, long rangeRows,
        int maxRanges, int breakerFailures, Duration breakerCoolDown) {

    /** Breaker defaults: a server down is noticed after a few batches and asked again every 30 s at first. */
    public static final int DEFAULT_BREAKER_FAILURES = 5;
    public static final Duration DEFAULT_BREAKER_COOL_DOWN = Duration.ofSeconds(30);

    public TransferSettings {
        if (batchSize < 1 || fetchSize < 1 || retryAttempts < 1) {
            throw new IllegalArgumentException("batch size, fetch size and retry attempts must be positive");
        }
        if (rangeRows < 0 || maxRanges < 2 || maxRanges > 256) {
            throw new IllegalArgumentException("range rows must not be negative, max ranges must be 2 to 256");
        }
        if (breakerFailures < 1 || breakerCoolDown == null || breakerCoolDown.isNegative()
                || breakerCoolDown.isZero()) {
            throw new IllegalArgumentException("breaker failures and breaker cool-down must be positive");
        }
    }

    /** Settings with the default circuit breaker. */
    public TransferSettings(int batchSize, int fetchSize, int retryAttempts, Duration retryDelay, long rangeRows,
            int maxRanges) {
        this(batchSize, fetchSize, retryAttempts, retryDelay, rangeRows, maxRanges, DEFAULT_BREAKER_FAILURES,
                DEFAULT_BREAKER_COOL_DOWN);
    }

    /** Settings that never split a full read into key ranges. */
    public TransferSettings(int batchSize, int fetchSize, int retryAttempts, Duration retryDelay) {
        this(batchSize, fetchSize, retryAttempts, retryDelay, 0, 2);
    }

    /** Whether full reads may be split into key-range tasks. */
    public boolean splitsFullReads() {
        return rangeRows > 0;
    }
}
