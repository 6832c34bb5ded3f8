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
 */
public record TransferSettings(int batchSize, int fetchSize, int retryAttempts, Duration retryDelay) {

    public TransferSettings {
        if (batchSize < 1 || fetchSize < 1 || retryAttempts < 1) {
            throw new IllegalArgumentException("batch size, fetch size and retry attempts must be positive");
        }
    }
}
