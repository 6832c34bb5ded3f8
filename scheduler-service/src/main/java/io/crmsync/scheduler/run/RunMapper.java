package io.crmsync.scheduler.run;

import java.time.Instant;
import java.util.Arrays;

import com.google.protobuf.Timestamp;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.time.Timestamps;
import io.crmsync.proto.scheduler.v1.Cursor;
import io.crmsync.proto.scheduler.v1.KeyRange;
import io.crmsync.proto.scheduler.v1.RecordKey;
import io.crmsync.proto.scheduler.v1.Run;
import io.crmsync.proto.scheduler.v1.RunCounts;
import io.crmsync.proto.scheduler.v1.RunMode;
import io.crmsync.proto.scheduler.v1.RunState;
import io.crmsync.proto.scheduler.v1.Watermark;
import io.crmsync.proto.scheduler.v1.RunTrigger;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.proto.scheduler.v1.TaskState;
import io.crmsync.scheduler.watermark.SourceCursor;
import io.crmsync.scheduler.watermark.WatermarkEntity;

/** Turns stored runs and tasks into their wire form, and wire counts, cursors and outcomes into stored ones. */
public final class RunMapper {

    /** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the bounds of a valid protobuf Timestamp. */
    private static final long MIN_TIMESTAMP_SECONDS = -62_135_596_800L;
    private static final long MAX_TIMESTAMP_SECONDS = 253_402_300_799L;
    private static final int MAX_NANOS = 999_999_999;

    private RunMapper() {
    }

    public static Run toProto(RunView view) {
        Run.Builder run = toProto(view.run()).toBuilder();
        view.tasks().forEach(task -> run.addTasks(toProto(task, view.run())));
        if (view.run().endTime == null) {
            // Live progress: an open run's counts are its tasks' latest checkpoints.
            Counts live = Counts.zero();
            view.tasks().forEach(task -> live.add(task.counts));
            run.setCounts(toProto(live));
        }
        return run.build();
    }

    /** The run without its tasks. */
    /** A watermark in its proto form. */
    public static Watermark toProto(WatermarkEntity w) {
        Watermark.Builder watermark = Watermark.newBuilder()
                .setIntegrationPointId(w.integrationPointId)
                .setLastSuccessfulRunTime(Timestamps.of(w.lastSuccessfulRunTime))
                .setRunId(w.runId == null ? "" : w.runId.toString())
                .setUpdateTime(Timestamps.of(w.updateTime));
        if (w.cursor != null) {
            watermark.setCursor(toProto(w.cursor));
        }
        return watermark.build();
    }

    /** A state asked for in a filter; an unknown one is refused naming the field. */
    public static RunStatus status(RunState state) {
        if (state == RunState.RUN_STATE_UNSPECIFIED || state == RunState.UNRECOGNIZED) {
            throw CrmsyncException.invalidField("states", "holds an unknown run state");
        }
        return RunStatus.valueOf(state.name().substring("RUN_STATE_".length()));
    }

    public static Run toProto(RunEntity r) {
        Run.Builder run = Run.newBuilder()
                .setId(r.id.toString())
                .setIntegrationId(r.integrationId)
                .setIntegrationVersion(r.integrationVersion)
                .setTrigger(RunTrigger.valueOf("RUN_TRIGGER_" + r.trigger))
                .setMode(RunMode.valueOf("RUN_MODE_" + r.mode))
                .setState(RunState.valueOf("RUN_STATE_" + r.state.name()))
                .setWindowEnd(Timestamps.of(r.windowEnd))
                .setCounts(toProto(r.counts))
                .setTaskCount(r.taskCount)
                .setTasksFinished(r.tasksFinished)
                .setErrorMessage(nullToEmpty(r.errorMessage))
                .setCreateTime(Timestamps.of(r.createTime));
        if (r.startTime != null) {
            run.setStartTime(Timestamps.of(r.startTime));
        }
        if (r.endTime != null) {
            run.setEndTime(Timestamps.of(r.endTime));
        }
        return run.build();
    }

    /** A task with the facts it shares with its run (integration, version, mode, window end). */
    public static Task toProto(TaskEntity t, RunEntity run) {
        Task.Builder task = Task.newBuilder()
                .setId(t.id.toString())
                .setRunId(t.runId.toString())
                .setIntegrationId(run.integrationId)
                .setIntegrationPointId(t.integrationPointId)
                .setIntegrationVersion(run.integrationVersion)
                .setMode(RunMode.valueOf("RUN_MODE_" + run.mode))
                .setWindowEnd(Timestamps.of(run.windowEnd))
                .setState(TaskState.valueOf("TASK_STATE_" + t.state.name()))
                .setEpoch(t.epoch)
                .setWorkerId(nullToEmpty(t.workerId))
                .setCounts(toProto(t.counts))
                .setErrorMessage(nullToEmpty(t.errorMessage));
        if (t.windowStart != null) {
            task.setWindowStart(Timestamps.of(t.windowStart));
        }
        if (t.leaseExpireTime != null) {
            task.setLeaseExpireTime(Timestamps.of(t.leaseExpireTime));
        }
        if (t.checkpoint != null) {
            task.setCheckpoint(toProto(t.checkpoint));
        }
        if (t.keyField != null) {
            KeyRange.Builder range = KeyRange.newBuilder().setField(t.keyField);
            if (t.keyLower != null) {
                range.setLower(t.keyLower);
            }
            if (t.keyUpper != null) {
                range.setUpper(t.keyUpper);
            }
            task.setKeyRange(range);
        }
        if (t.recordKeys != null) {
            t.recordKeys.forEach(key -> task.addRecordKeys(RecordKey.newBuilder().addAllValues(key)));
        }
        return task.build();
    }

    static RunCounts toProto(Counts c) {
        return RunCounts.newBuilder().setRead(c.read).setCreated(c.created).setUpdated(c.updated)
                .setUnchanged(c.unchanged).setDeleted(c.deleted).setRejected(c.rejected).setSkipped(c.skipped)
                .build();
    }

    static Cursor toProto(SourceCursor c) {
        Cursor.Builder cursor = Cursor.newBuilder();
        if (c.modifiedTime != null) {
            cursor.setModifiedTime(Timestamps.of(c.modifiedTime));
        }
        if (c.key != null) {
            cursor.addAllKey(Arrays.asList(c.key));
        }
        return cursor.build();
    }

    /** Cumulative counts from a request; a negative count is refused naming it. */
    public static Counts toCounts(RunCounts c) {
        Counts counts = Counts.zero();
        counts.read = nonNegative("counts.read", c.getRead());
        counts.created = nonNegative("counts.created", c.getCreated());
        counts.updated = nonNegative("counts.updated", c.getUpdated());
        counts.unchanged = nonNegative("counts.unchanged", c.getUnchanged());
        counts.deleted = nonNegative("counts.deleted", c.getDeleted());
        counts.rejected = nonNegative("counts.rejected", c.getRejected());
        counts.skipped = nonNegative("counts.skipped", c.getSkipped());
        return counts;
    }

    /** A cursor from a request; an unset message keeps the stored one, so null. */
    public static SourceCursor toCursor(boolean present, Cursor c) {
        if (!present) {
            return null;
        }
        return SourceCursor.of(c.hasModifiedTime() ? toInstant("cursor.modified_time", c.getModifiedTime()) : null,
                c.getKeyList().toArray(String[]::new));
    }

    /**
     * A client's timestamp, refused naming the field when outside the range a protobuf Timestamp is defined
     * for: beyond it, Instant overflows or PostgreSQL's timestamptz (up to year 294276) refuses the value, and
     * the call would end in INTERNAL instead of telling the client what it got wrong.
     */
    static Instant toInstant(String field, Timestamp t) {
        if (t.getSeconds() < MIN_TIMESTAMP_SECONDS || t.getSeconds() > MAX_TIMESTAMP_SECONDS || t.getNanos() < 0
                || t.getNanos() > MAX_NANOS) {
            throw CrmsyncException.invalidField(field,
                    "must be a valid timestamp from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z");
        }
        return Timestamps.toInstant(t);
    }

    /** The outcome of a completion; anything but SUCCEEDED or FAILED is refused. */
    public static TaskStatus toOutcome(TaskState state) {
        return switch (state) {
            case TASK_STATE_SUCCEEDED -> TaskStatus.SUCCEEDED;
            case TASK_STATE_FAILED -> TaskStatus.FAILED;
            default -> throw CrmsyncException.invalidField("outcome", "must be SUCCEEDED or FAILED");
        };
    }

    private static long nonNegative(String field, long value) {
        if (value < 0) {
            throw CrmsyncException.invalidField(field, "must not be negative");
        }
        return value;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
