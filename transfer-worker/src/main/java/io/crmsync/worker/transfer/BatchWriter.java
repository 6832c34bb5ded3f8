package io.crmsync.worker.transfer;

import java.util.List;

import org.jboss.logging.Logger;

import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.TargetRow;
import io.crmsync.worker.connector.TargetSession;
import io.crmsync.worker.connector.WriteResult;
import io.crmsync.worker.connector.WriteSpec;
import io.crmsync.worker.task.LeaseLostException;
import io.crmsync.worker.task.TaskControl;

/**
 * Writes a batch, retrying while the target fails transiently or cannot be reached (a failed attempt commits
 * nothing, so retrying cannot duplicate). Gives up after the configured attempts; waits as long as a throttling
 * target asks, and does not call a target whose circuit breaker is open. Every attempt commits only while the
 * task's lease deadline has not passed.
 */
final class BatchWriter {

    private static final Logger LOG = Logger.getLogger(BatchWriter.class);

    private final TransientRetry retry;

    BatchWriter(TransientRetry retry) {
        this.retry = retry;
    }

    List<WriteResult> write(Task task, TargetSession target, EndpointAccess endpoint, WriteSpec spec,
            List<TargetRow> rows, TaskControl control) {
        TransientRetry.Attempts attempts = retry.attempts(task.getId(), "batch write", EndpointRole.TARGET, endpoint,
                control);
        while (true) {
            attempts.beforeAttempt();
            try {
                List<WriteResult> results = target.write(spec, rows, control::requireLease);
                attempts.succeeded();
                return results;
            } catch (LeaseLostException e) {
                LOG.warnf("lease expired before commit, batch rolled back task_id=%s epoch=%d", task.getId(),
                        task.getEpoch());
                throw e;
            } catch (ConnectorException e) {
                attempts.failed(e);
            }
        }
    }
}
