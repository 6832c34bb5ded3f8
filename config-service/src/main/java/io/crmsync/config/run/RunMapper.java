package io.crmsync.config.run;

import java.time.Instant;

import com.google.protobuf.Timestamp;

import io.crmsync.common.time.Timestamps;
import io.crmsync.config.api.WireNames;
import io.crmsync.proto.scheduler.v1.Run;
import io.crmsync.proto.scheduler.v1.Task;

/** Turns the scheduler's runs into REST JSON: modes and triggers lower case, states upper case. */
public final class RunMapper {

    private RunMapper() {
    }

    public static RunResponse toResponse(Run run, boolean withTasks) {
        return new RunResponse(run.getId(), run.getIntegrationId(), run.getIntegrationVersion(),
                WireNames.lower(run.getTrigger(), "RUN_TRIGGER_"), WireNames.lower(run.getMode(), "RUN_MODE_"),
                WireNames.upper(run.getState(), "RUN_STATE_"),
                run.hasWindowEnd() ? instant(run.getWindowEnd()) : null,
                counts(run.getCounts()), run.getTaskCount(), run.getTasksFinished(), emptyToNull(run.getErrorMessage()),
                run.hasCreateTime() ? instant(run.getCreateTime()) : null,
                run.hasStartTime() ? instant(run.getStartTime()) : null,
                run.hasEndTime() ? instant(run.getEndTime()) : null,
                withTasks ? run.getTasksList().stream().map(RunMapper::toResponse).toList() : null);
    }

    private static TaskResponse toResponse(Task task) {
        return new TaskResponse(task.getId(), task.getIntegrationPointId(),
                WireNames.upper(task.getState(), "TASK_STATE_"),
                task.hasWindowStart() ? instant(task.getWindowStart()) : null,
                task.hasWindowEnd() ? instant(task.getWindowEnd()) : null,
                task.getEpoch(), emptyToNull(task.getWorkerId()), counts(task.getCounts()),
                emptyToNull(task.getErrorMessage()),
                task.hasKeyRange() ? new TaskResponse.KeyRange(task.getKeyRange().getField(),
                        task.getKeyRange().hasLower() ? task.getKeyRange().getLower() : null,
                        task.getKeyRange().hasUpper() ? task.getKeyRange().getUpper() : null) : null);
    }

    private static RunCounts counts(io.crmsync.proto.scheduler.v1.RunCounts c) {
        return new RunCounts(c.getRead(), c.getCreated(), c.getUpdated(), c.getUnchanged(), c.getDeleted(),
                c.getRejected(), c.getSkipped());
    }

    private static Instant instant(Timestamp timestamp) {
        return Timestamps.toInstant(timestamp);
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
