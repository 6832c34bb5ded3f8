package io.crmsync.worker.transfer;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jboss.logging.Logger;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.worker.connector.SourceRecord;
import io.crmsync.worker.connector.WriteResult;
import io.crmsync.worker.task.TaskReporter;

/**
 * Resolves the point's exception items as this task writes their records. The open item keys are asked once per
 * task; a batch resolves its records' items together with recording its rejects, before its checkpoint, so a crash
 * between the two loses nothing: the batch is read and written again, and resolves again. A point without open
 * items costs no call per batch. A point with more than {@link #MAX_KEPT} open items is not held in memory: each
 * batch then sends every written key and exception-service picks the open ones.
 *
 * <p>Resolving is bookkeeping, not data: when exception-service cannot answer, the task goes on without it (the
 * items stay open until a later run or a retry writes their records) rather than failing a run that moves data.
 */
final class OpenItems {

    static final int MAX_KEPT = 100_000;
    private static final Logger LOG = Logger.getLogger(OpenItems.class);

    private final Task task;
    private final TaskReporter reporter;
    /** The open keys; null while every written key is sent (too many to keep). */
    private final Set<String> keys;
    private boolean active;

    private OpenItems(Task task, TaskReporter reporter, Set<String> keys, boolean active) {
        this.task = task;
        this.reporter = reporter;
        this.keys = keys;
        this.active = active;
    }

    /** The point's open item keys, read from exception-service. */
    static OpenItems load(Task task, TaskReporter reporter) {
        try {
            Optional<Set<String>> open = reporter.openItemKeys(task, MAX_KEPT);
            Set<String> keys = open.map(LinkedHashSet::new).orElse(null);
            return new OpenItems(task, reporter, keys, keys == null || !keys.isEmpty());
        } catch (CrmsyncException e) {
            LOG.warnf("open exception items not read; this task resolves none task_id=%s: %s", task.getId(),
                    e.getMessage());
            return new OpenItems(task, reporter, Set.of(), false);
        }
    }

    /**
     * Resolves the open items of the batch's records the target wrote: created, updated, matched unchanged, or (for
     * a deleting point) deleted; not those skipped or rejected.
     *
     * @param written the records written, in the order of {@code results}
     * @param results their write results
     */
    void resolveWritten(List<SourceRecord> written, List<WriteResult> results, RecordMapper mapper) {
        if (!active) {
            return;
        }
        Set<String> resolved = new LinkedHashSet<>();
        for (int i = 0; i < results.size(); i++) {
            if (succeeded(results.get(i).outcome())) {
                String key = mapper.recordKey(written.get(i));
                if (keys == null || keys.contains(key)) {
                    resolved.add(key);
                }
            }
        }
        if (resolved.isEmpty()) {
            return;
        }
        try {
            reporter.resolveItems(task, List.copyOf(resolved));
        } catch (CrmsyncException e) {
            active = false;
            LOG.warnf("exception items not resolved; this task resolves no more task_id=%s: %s", task.getId(),
                    e.getMessage());
            return;
        }
        if (keys != null) {
            keys.removeAll(resolved);
            active = !keys.isEmpty();
        }
    }

    private static boolean succeeded(WriteResult.Outcome outcome) {
        return switch (outcome) {
            case CREATED, UPDATED, UNCHANGED, DELETED -> true;
            case SKIPPED, REJECTED -> false;
        };
    }
}
