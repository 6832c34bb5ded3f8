package io.crmsync.worker.transfer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.jboss.logging.Logger;

import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.TargetRow;
import io.crmsync.worker.connector.TargetSession;
import io.crmsync.worker.connector.WriteResult;
import io.crmsync.worker.connector.WriteSpec;
import io.crmsync.worker.task.TaskControl;
import io.crmsync.worker.task.TaskStoppedException;

/**
 * Writes a batch, retrying with exponential backoff and jitter while the target fails transiently or cannot be
 * reached (a failed attempt commits nothing, so retrying cannot duplicate). Gives up after the configured
 * attempts.
 */
final class BatchWriter {

    private static final Logger LOG = Logger.getLogger(BatchWriter.class);

    private final TransferSettings settings;

    BatchWriter(TransferSettings settings) {
        this.settings = settings;
    }

    List<WriteResult> write(String taskId, TargetSession target, EndpointAccess endpoint, WriteSpec spec,
            List<TargetRow> rows, TaskControl control) {
        for (int attempt = 1;; attempt++) {
            try {
                return target.write(spec, rows);
            } catch (ConnectorException e) {
                if (!retriable(e) || attempt >= settings.writeAttempts()) {
                    throw EndpointRole.TARGET.failure(e, endpoint);
                }
                Duration delay = backoff(attempt);
                LOG.warnf("batch write failed transiently, retrying task_id=%s attempt=%d delay_ms=%d reason=%s",
                        taskId, attempt, delay.toMillis(), e.getMessage());
                if (control.pause(delay)) {
                    throw new TaskStoppedException(control.reason());
                }
            }
        }
    }

    /** Mid-task, a target that cannot be reached is a server restarting or a network blip: worth waiting for. */
    private static boolean retriable(ConnectorException e) {
        return e.isTransient() || e.reason() == ConnectorException.Reason.UNREACHABLE;
    }

    private Duration backoff(int attempt) {
        long base = settings.writeRetryDelay().toMillis() << Math.min(attempt - 1, 10);
        return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base / 2 + 1));
    }
}
