package io.crmsync.worker.transfer;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.jboss.logging.Logger;

import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.task.TaskControl;
import io.crmsync.worker.task.TaskStoppedException;

/**
 * The bounded retry of work an endpoint failed transiently, shared by target writes and source reads: which
 * failures qualify (by the connector's own {@link ConnectorException.Reason}), how many attempts, and the
 * exponential backoff with jitter between them.
 */
final class TransientRetry {

    private static final Logger LOG = Logger.getLogger(TransientRetry.class);

    private final TransferSettings settings;

    TransientRetry(TransferSettings settings) {
        this.settings = settings;
    }

    /** Whether the work may be tried again after it failed {@code failedAttempts} times in a row, last with e. */
    boolean allows(ConnectorException e, int failedAttempts) {
        return retriable(e) && failedAttempts < settings.retryAttempts();
    }

    /**
     * Waits before the next attempt, longer after each failure.
     *
     * @throws TaskStoppedException when the task is asked to stop meanwhile
     */
    void pause(String taskId, String work, int failedAttempts, ConnectorException e, TaskControl control) {
        Duration delay = backoff(failedAttempts);
        LOG.warnf("%s failed transiently, retrying task_id=%s attempt=%d delay_ms=%d reason=%s", work, taskId,
                failedAttempts, delay.toMillis(), e.getMessage());
        if (control.pause(delay)) {
            throw new TaskStoppedException(control.reason());
        }
    }

    /** Mid-task, an endpoint that cannot be reached is a server restarting or a network blip: worth waiting for. */
    private static boolean retriable(ConnectorException e) {
        return e.isTransient() || e.reason() == ConnectorException.Reason.UNREACHABLE;
    }

    private Duration backoff(int attempt) {
        long base = settings.retryDelay().toMillis() << Math.min(attempt - 1, 10);
        return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base / 2 + 1));
    }
}
