package io.crmsync.worker.transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.crmsync.proto.config.v1.Operation;
import io.crmsync.proto.exception.v1.ExceptionSide;
import io.crmsync.proto.exception.v1.RejectedRecord;
import io.crmsync.proto.scheduler.v1.Cursor;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.Position;
import io.crmsync.rules.ValueRejected;
import io.crmsync.worker.connector.SourceRecord;
import io.crmsync.worker.connector.TargetRow;
import io.crmsync.worker.connector.TargetSession;
import io.crmsync.worker.connector.WriteResult;
import io.crmsync.worker.task.TaskControl;
import io.crmsync.worker.task.TaskReporter;

/**
 * Moves one batch: maps the records, writes them in one target transaction, then reports the batch's rejects and
 * resolves the open items of the records it wrote ({@link OpenItems}), and only after that checkpoints its last
 * position, so a checkpoint never gets ahead of what is recorded. A batch starts, and commits, only before the
 * task's lease deadline.
 */
final class BatchProcessor {

    static final String MISSING_KEY = "record.missing_match_key";

    private final Task task;
    private final TransferPlan plan;
    private final TargetSession target;
    private final EndpointAccess targetEndpoint;
    private final BatchWriter writer;
    private final TaskReporter reporter;
    private final TaskControl control;
    private final TaskProgress progress;
    private final OpenItems openItems;

    BatchProcessor(Task task, TransferPlan plan, TargetSession target, EndpointAccess targetEndpoint,
            BatchWriter writer, TaskReporter reporter, TaskControl control, TaskProgress progress,
            OpenItems openItems) {
        this.task = task;
        this.plan = plan;
        this.target = target;
        this.targetEndpoint = targetEndpoint;
        this.writer = writer;
        this.reporter = reporter;
        this.control = control;
        this.progress = progress;
        this.openItems = openItems;
    }

    /**
     * A batch mapped to target rows, ready to write.
     *
     * @param records the batch as read, in read order
     * @param writable the records that became rows, in row order
     * @param rows their target rows
     * @param rejects the records refused before writing (unreadable, no key, a rule's value refused)
     */
    record MappedBatch(List<SourceRecord> records, List<SourceRecord> writable, List<TargetRow> rows,
            List<RejectedRecord> rejects) {
    }

    /**
     * Maps a batch without touching the task's state, so that it may run ahead of the writes on the reading
     * thread.
     */
    MappedBatch map(List<SourceRecord> batch) {
        List<RejectedRecord> rejects = new ArrayList<>();
        List<SourceRecord> writable = new ArrayList<>(batch.size());
        List<TargetRow> rows = new ArrayList<>(batch.size());
        for (SourceRecord record : batch) {
            if (record.unreadable() != null) {
                rejects.add(reject(record, record.unreadable().code(), record.unreadable().message(),
                        ExceptionSide.EXCEPTION_SIDE_SOURCE));
                continue;
            }
            Optional<String> missing = plan.mapper().missingKeyField(record);
            if (missing.isPresent()) {
                rejects.add(reject(record, MISSING_KEY, "match key field '" + missing.get() + "' is empty",
                        ExceptionSide.EXCEPTION_SIDE_SOURCE));
                continue;
            }
            try {
                rows.add(plan.mapper().toRow(record));
                writable.add(record);
            } catch (ValueRejected e) {
                // The rule's own code (UNMAPPED_VALUE, EXPRESSION_ERROR, ...) and message naming the field.
                rejects.add(reject(record, e.code(), e.getMessage(), ExceptionSide.EXCEPTION_SIDE_SOURCE));
            }
        }
        return new MappedBatch(batch, writable, rows, rejects);
    }

    /**
     * Writes a mapped batch, records its rejects and resolves the items of the records written, then checkpoints.
     * Runs on the task's thread only.
     */
    void write(MappedBatch batch) {
        control.throwIfStopped();
        control.requireLease();
        List<RejectedRecord> rejects = new ArrayList<>(batch.rejects());
        batch.rejects().forEach(r -> progress.countRejected());
        List<WriteResult> results = writer.write(task, target, targetEndpoint, plan.write(), batch.rows(), control);
        for (int i = 0; i < results.size(); i++) {
            WriteResult result = results.get(i);
            progress.count(result);
            if (result.outcome() == WriteResult.Outcome.REJECTED) {
                rejects.add(reject(batch.writable().get(i), result.code(), result.message(),
                        ExceptionSide.EXCEPTION_SIDE_TARGET));
            }
        }
        List<SourceRecord> records = batch.records();
        progress.countRead(records.size());
        lastResumablePosition(records).ifPresent(progress::advanceTo);
        if (!rejects.isEmpty()) {
            String batchId = BatchId.of(task.getId(), records.get(0).position(),
                    records.get(records.size() - 1).position());
            reporter.recordRejects(task, pointOperation(), batchId, rejects);
        }
        openItems.resolveWritten(batch.writable(), results, plan.mapper());
        // Until a record with a full key commits there is no position; an empty cursor means "from the start".
        Cursor cursor = progress.cursor() == null ? Cursor.getDefaultInstance() : progress.cursor();
        reporter.checkpoint(task, cursor, progress.counts());
    }

    /**
     * The last position a read can resume after. A record without a key value cannot be a resume point; it is
     * rejected, and its position would compare as unknown.
     */
    private static Optional<Position> lastResumablePosition(List<SourceRecord> batch) {
        for (int i = batch.size() - 1; i >= 0; i--) {
            if (batch.get(i).position().isComplete()) {
                return Optional.of(batch.get(i).position());
            }
        }
        return Optional.empty();
    }

    /** The point's operation, kept on its items: a deleting write is the point's IMPORT_DELETED. */
    private Operation pointOperation() {
        return plan.deletedRecords() ? Operation.OPERATION_IMPORT_DELETED : plan.write().operation();
    }

    private RejectedRecord reject(SourceRecord record, String code, String message, ExceptionSide side) {
        return RejectedRecord.newBuilder()
                .setRecordKey(plan.mapper().recordKey(record))
                .setCode(code)
                .setMessage(message)
                .setPayloadJson(plan.mapper().payloadJson(record))
                .addAllKeyValues(plan.mapper().keyValues(record))
                .setSide(side)
                .build();
    }
}
