package io.crmsync.worker.transfer;

import java.time.Instant;

import io.crmsync.common.time.Timestamps;
import io.crmsync.proto.scheduler.v1.Cursor;
import io.crmsync.proto.scheduler.v1.RunCounts;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.worker.connector.Position;
import io.crmsync.worker.connector.WriteResult;

/**
 * A task's cumulative counts and the position of its last committed record. A re-leased task starts from the
 * counts and checkpoint of its previous lease, so checkpoints stay cumulative across workers.
 */
public final class TaskProgress {

    private final RunCounts.Builder counts;
    private Position position;

    private TaskProgress(RunCounts counts, Position position) {
        this.counts = counts.toBuilder();
        this.position = position;
    }

    public static TaskProgress resumeFrom(Task task) {
        Position checkpoint = null;
        if (task.hasCheckpoint()
                && (task.getCheckpoint().hasModifiedTime() || task.getCheckpoint().getKeyCount() > 0)) {
            checkpoint = toPosition(task.getCheckpoint());
        }
        return new TaskProgress(task.getCounts(), checkpoint);
    }

    void countRead(int records) {
        counts.setRead(counts.getRead() + records);
    }

    void countRejected() {
        counts.setRejected(counts.getRejected() + 1);
    }

    void count(WriteResult result) {
        switch (result.outcome()) {
            case CREATED -> counts.setCreated(counts.getCreated() + 1);
            case UPDATED -> counts.setUpdated(counts.getUpdated() + 1);
            case UNCHANGED -> counts.setUnchanged(counts.getUnchanged() + 1);
            case DELETED -> counts.setDeleted(counts.getDeleted() + 1);
            case SKIPPED -> counts.setSkipped(counts.getSkipped() + 1);
            case REJECTED -> countRejected();
        }
    }

    void advanceTo(Position committed) {
        position = committed;
    }

    /** The last committed position, or null when nothing was committed yet. */
    public Position position() {
        return position;
    }

    public RunCounts counts() {
        return counts.build();
    }

    /** The last committed position as a wire cursor, or null. */
    public Cursor cursor() {
        return position == null ? null : toCursor(position);
    }

    static Cursor toCursor(Position position) {
        Cursor.Builder cursor = Cursor.newBuilder().addAllKey(position.key());
        if (position.modifiedTime() != null) {
            cursor.setModifiedTime(Timestamps.of(position.modifiedTime()));
        }
        return cursor.build();
    }

    static Position toPosition(Cursor cursor) {
        Instant modified = cursor.hasModifiedTime() ? Timestamps.toInstant(cursor.getModifiedTime()) : null;
        return new Position(modified, cursor.getKeyList());
    }
}
