package io.crmsync.worker.transfer;

import java.time.Duration;

/**
 * Tuning of the engine.
 *
 * @param batchSize records written per target transaction
 * @param fetchSize records fetched from the source per round trip
 * @param writeAttempts attempts of a batch that fails transiently (connection lost, timeout) before the task fails
 * @param writeRetryDelay delay before the second attempt; doubles after each further failure, plus jitter
 */
public record TransferSettings(int batchSize, int fetchSize, int writeAttempts, Duration writeRetryDelay) {

    public TransferSettings {
        if (batchSize < 1 || fetchSize < 1 || writeAttempts < 1) {
            throw new IllegalArgumentException("batch size, fetch size and write attempts must be positive");
        }
    }
}
