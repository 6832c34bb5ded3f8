package io.crmsync.worker;

import io.crmsync.worker.transfer.TransferSettings;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Turns configuration into the plain values the engine takes, so the engine runs without CDI in tests. */
public class WorkerBeans {

    @Produces
    @Singleton
    TransferSettings transferSettings(WorkerConfig config) {
        return new TransferSettings(config.batchSize(), config.fetchSize(), config.retryAttempts(),
                config.retryDelay(), config.rangeRows(), config.maxRanges(), config.breakerFailures(),
                config.breakerCoolDown());
    }
}
