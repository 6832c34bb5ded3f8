package io.crmsync.worker.transfer;

import java.util.ArrayList;
import java.util.List;

import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.KeyRange;
import io.crmsync.worker.connector.ObjectDescription;
import io.crmsync.worker.connector.ReadRequest;
import io.crmsync.worker.connector.RecordStream;
import io.crmsync.worker.connector.SourceConnector;
import io.crmsync.worker.connector.SourceRecord;
import io.crmsync.worker.connector.SourceSession;
import io.crmsync.worker.task.TaskControl;

/**
 * Reads a task's source and hands the records on in batches. Everything up to the last checkpoint is committed,
 * so a transient failure while reading (connection lost, timeout) does not fail the task: the reader reopens its
 * session and reads again strictly after the last committed position, with the backoff target writes use.
 * Records read but not yet written are dropped and read again. Reading and mapping run ahead of the writes on
 * a thread of their own ({@link ReadAhead}).
 */
final class SourceReader implements AutoCloseable {

    /** Mapped batches waiting for the writer at most; one more is being read, one written. */
    private static final int READ_AHEAD_BATCHES = 2;

    private final SourceConnector connector;
    private final EndpointAccess endpoint;
    private final TransferSettings settings;
    private final TransientRetry retry;
    private SourceSession session;

    private SourceReader(SourceConnector connector, EndpointAccess endpoint, TransferSettings settings,
            TransientRetry retry, SourceSession session) {
        this.connector = connector;
        this.endpoint = endpoint;
        this.settings = settings;
        this.retry = retry;
        this.session = session;
    }

    /** Opens the first session; a source that cannot be reached when the task starts fails it at once. */
    static SourceReader open(SourceConnector connector, EndpointAccess endpoint, TransferSettings settings,
            TransientRetry retry) {
        SourceSession session = TaskConnectors.open(endpoint, EndpointRole.SOURCE,
                () -> connector.openSource(endpoint));
        return new SourceReader(connector, endpoint, settings, retry, session);
    }

    /** The object's description, or null when the source has no such object. */
    ObjectDescription describe(String objectName) {
        return TaskConnectors.describe(session, objectName, EndpointRole.SOURCE, endpoint);
    }

    /** Fails the task before anything is read when the source cannot run the plan's filter, naming every problem. */
    void requireFilterRuns(TransferPlan plan) {
        if (plan.filter() == null) {
            return;
        }
        List<String> problems;
        try {
            problems = session.filterProblems(plan.sourceObject(), plan.filter());
        } catch (ConnectorException e) {
            throw EndpointRole.SOURCE.failure(e, endpoint);
        }
        if (!problems.isEmpty()) {
            throw TransferFailure.configuration(String.join("; ", problems) + " (source object '"
                    + plan.sourceObject() + "' on endpoint '" + endpoint.name() + "')");
        }
    }

    /** Key ranges of about {@code rowsPerRange} records; empty when the source cannot or need not split. */
    List<KeyRange> planRanges(String objectName, String keyField, long rowsPerRange, int maxRanges) {
        try {
            return session.planRanges(objectName, keyField, rowsPerRange, maxRanges);
        } catch (ConnectorException e) {
            throw EndpointRole.SOURCE.failure(e, endpoint);
        }
    }

    /**
     * Reads the plan's records after the progress's position to the end, batch by batch. Failed attempts are
     * counted since the last batch that committed, so a long read rides out separate blips; a source whose
     * circuit breaker is open is not reopened until its cool-down ends.
     */
    void copy(Task task, TransferPlan plan, TaskProgress progress, BatchProcessor batches, TaskControl control) {
        TransientRetry.Attempts attempts = retry.attempts(task.getId(), "source read", EndpointRole.SOURCE, endpoint,
                control);
        for (boolean first = true;; first = false) {
            long readBefore = progress.counts().getRead();
            try {
                if (!first) {
                    attempts.beforeAttempt();
                    reopen();
                }
                readAll(task, plan, progress, batches);
                attempts.succeeded();
                return;
            } catch (ConnectorException e) {
                if (progress.counts().getRead() > readBefore) {
                    attempts.progressed();
                }
                attempts.failed(e);
            }
        }
    }

    private void readAll(Task task, TransferPlan plan, TaskProgress progress, BatchProcessor batches) {
        ReadRequest request = plan.readRequest(task, progress.position(), settings.fetchSize());
        try (RecordStream records = plan.deletedRecords() ? session.readDeleted(request) : session.read(request);
                ReadAhead<BatchProcessor.MappedBatch> ahead = new ReadAhead<>("crmsync-read-" + task.getId(),
                        records, settings.batchSize(), READ_AHEAD_BATCHES, batches::map)) {
            for (var batch = ahead.next(); batch != null; batch = ahead.next()) {
                batches.write(batch);
            }
        }
    }

    /** At most {@code limit} records from the start of the plan's read; no retry, an admin is waiting. */
    List<SourceRecord> first(TransferPlan plan, int limit) {
        List<SourceRecord> records = new ArrayList<>(limit);
        ReadRequest request = plan.firstRecords(limit);
        try (RecordStream stream = plan.deletedRecords() ? session.readDeleted(request) : session.read(request)) {
            while (records.size() < limit && stream.hasNext()) {
                records.add(stream.next());
            }
        } catch (ConnectorException e) {
            throw EndpointRole.SOURCE.failure(e, endpoint);
        }
        return records;
    }

    /** A fresh session: the old one's connection may be broken; a failure to open counts as a failed attempt. */
    private void reopen() {
        session.close();
        session = connector.openSource(endpoint);
    }

    @Override
    public void close() {
        session.close();
    }
}
