package io.crmsync.worker.transfer;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.worker.connector.SourceRecord;
import io.crmsync.worker.connector.WriteResult;
import io.crmsync.worker.task.TaskReporter;

/**
 * The point's exception items still unresolved when the task started, by record key, so that a record rejected by an
 * earlier run resolves its item as soon as this task writes it successfully. Asked once per task; a batch resolves
 * its records' items together with recording its rejects, before its checkpoint, so a crash between the two loses
 * nothing: the batch is read and written again, and resolves again. A point without open items costs no call per
 * batch.
 */
final class OpenItems {

    private final Task task;
    private final TaskReporter reporter;
    private final Set<String> keys;

    private OpenItems(Task task, TaskReporter reporter, Set<String> keys) {
        this.task = task;
        this.reporter = reporter;
        this.keys = keys;
    }

    /** The point's open item keys, read from exception-service. */
    static OpenItems load(Task task, TaskReporter reporter) {
        return new OpenItems(task, reporter, new HashSet<>(reporter.openItemKeys(task)));
    }

    /**
     * Resolves the open items of the batch's records the target wrote: created, updated, matched unchanged, or (for
     * a deleting point) deleted; not those skipped or rejected.
     *
     * @param written the records written, in the order of {@code results}
     * @param results their write results
     */
    void resolveWritten(List<SourceRecord> written, List<WriteResult> results, RecordMapper mapper) {
        if (keys.isEmpty()) {
            return;
        }
        Set<String> resolved = new LinkedHashSet<>();
        for (int i = 0; i < results.size(); i++) {
            if (succeeded(results.get(i).outcome())) {
                String key = mapper.recordKey(written.get(i));
                if (keys.contains(key)) {
                    resolved.add(key);
                }
            }
        }
        if (!resolved.isEmpty()) {
            reporter.resolveItems(task, List.copyOf(resolved));
            keys.removeAll(resolved);
        }
    }

    private static boolean succeeded(WriteResult.Outcome outcome) {
        return switch (outcome) {
            case CREATED, UPDATED, UNCHANGED, DELETED -> true;
            case SKIPPED, REJECTED -> false;
        };
    }
}
