package io.crmsync.worker.transfer;

import java.time.Instant;
import java.util.List;

import io.crmsync.common.time.Timestamps;
import io.crmsync.proto.config.v1.FilterExpression;
import io.crmsync.proto.scheduler.v1.RunMode;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.worker.connector.KeyRange;
import io.crmsync.worker.connector.Position;
import io.crmsync.worker.connector.ReadRequest;
import io.crmsync.worker.connector.WriteSpec;

/**
 * A validated integration point, ready to run: what to read, how to write, how to map.
 *
 * @param sourceObject the source object
 * @param sourceFields the source fields to read, each once
 * @param cursorField the source cursor field, or empty
 * @param keySourceFields the source fields of the match key, in key order
 * @param write how batches are written
 * @param mapper turns source records into target rows
 * @param filter what to read besides the window (see {@link ReadFilters}), or null for every record
 * @param listedRecords whether the read is of listed records (the point's record ids, or a retry task's record
 *        keys): exactly those, whatever their modification time, so the read has no window and is never split
 * @param deletedRecords whether the point reads the source's deletions of the window (IMPORT_DELETED), which are
 *        then deleted at the target by key
 */
record TransferPlan(String sourceObject, List<String> sourceFields, String cursorField,
        List<String> keySourceFields, WriteSpec write, RecordMapper mapper, FilterExpression filter,
        boolean listedRecords, boolean deletedRecords) {

    /**
     * The read of a task: its window (when there is a cursor field), its key range (when it is one of a split
     * point's tasks), after its last committed position.
     */
    ReadRequest readRequest(Task task, Position after, int fetchSize) {
        boolean windowed = !cursorField.isEmpty() && !listedRecords;
        Instant start = windowed && task.hasWindowStart() ? Timestamps.toInstant(task.getWindowStart()) : null;
        Instant end = windowed && task.hasWindowEnd() ? Timestamps.toInstant(task.getWindowEnd()) : null;
        KeyRange range = task.hasKeyRange() ? new KeyRange(task.getKeyRange().getField(),
                task.getKeyRange().hasLower() ? task.getKeyRange().getLower() : null,
                task.getKeyRange().hasUpper() ? task.getKeyRange().getUpper() : null) : null;
        return new ReadRequest(sourceObject, sourceFields, cursorField, keySourceFields, start, end, after,
                fetchSize, filter, range);
    }

    /**
     * Whether a task may be split into key ranges: a full read (or rebuild) of more than a list of records that has
     * committed nothing, is not a range already, and has a match key to range over.
     */
    boolean splittable(Task task, Position after) {
        return task.getMode() != RunMode.RUN_MODE_INCREMENTAL && !listedRecords && !deletedRecords
                && !task.hasKeyRange() && after == null
                && task.getCounts().getRead() == 0 && !keySourceFields.isEmpty();
    }

    /** The plan of a rebuild: every matched record is written again, changed or not. */
    TransferPlan rewritingUnchanged() {
        return new TransferPlan(sourceObject, sourceFields, cursorField, keySourceFields, write.rewritingUnchanged(),
                mapper, filter, listedRecords, deletedRecords);
    }

    /** The first records of a preview: the whole source in read order with the filter, no window, no position. */
    ReadRequest firstRecords(int limit) {
        return new ReadRequest(sourceObject, sourceFields, cursorField, keySourceFields, null, null, null, limit,
                filter);
    }
}
