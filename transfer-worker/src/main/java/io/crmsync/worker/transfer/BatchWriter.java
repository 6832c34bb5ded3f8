package io.crmsync.worker.transfer;

import java.util.List;

import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.TargetRow;
import io.crmsync.worker.connector.TargetSession;
import io.crmsync.worker.connector.WriteResult;
import io.crmsync.worker.connector.WriteSpec;
import io.crmsync.worker.task.TaskControl;

/**
 * Writes a batch, retrying while the target fails transiently or cannot be reached (a failed attempt commits
 * nothing, so retrying cannot duplicate). Gives up after the configured attempts.
 */
final class BatchWriter {

    private final TransientRetry retry;

    BatchWriter(TransientRetry retry) {
        this.retry = retry;
    }

    List<WriteResult> write(String taskId, TargetSession target, EndpointAccess endpoint, WriteSpec spec,
            List<TargetRow> rows, TaskControl control) {
        for (int attempt = 1;; attempt++) {
            try {
                return target.write(spec, rows);
            } catch (ConnectorException e) {
                if (!retry.allows(e, attempt)) {
                    throw EndpointRole.TARGET.failure(e, endpoint);
                }
                retry.pause(taskId, "batch write", attempt, e, control);
            }
        }
    }
}
