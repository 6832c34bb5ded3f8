package io.crmsync.worker.connector;

import java.util.List;

/** A session that writes batches of records to one object. */
public interface TargetSession extends ConnectorSession {

    /**
     * Writes one batch atomically as far as the endpoint allows: the records the target accepts are committed
     * together, the ones it refuses are returned as {@link WriteResult.Outcome#REJECTED} and never fail the
     * batch. Returns one result per row, in the rows' order. {@code guard} is asked right before the commit; when
     * it throws, the batch is rolled back and its exception propagates.
     *
     * @throws ConnectorException {@link ConnectorException.Reason#TRANSIENT} when the batch may succeed if
     *         retried (connection lost, timeout, deadlock); nothing of the batch is committed then. Other
     *         reasons mean retrying will not help.
     */
    List<WriteResult> write(WriteSpec spec, List<TargetRow> rows, CommitGuard guard);
}
