package io.crmsync.scheduler.run;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.error.ErrorCode;

/** Error codes of scheduler-service, and the request checks shared by its components. */
public final class SchedulerErrors {

    public static final ErrorCode RUN_NOT_FOUND = ErrorCode.notFound("scheduler.run_not_found");
    public static final ErrorCode TASK_NOT_FOUND = ErrorCode.notFound("scheduler.task_not_found");
    public static final ErrorCode RUN_IN_PROGRESS = ErrorCode.failedPrecondition("scheduler.run_in_progress");
    public static final ErrorCode RUN_FINISHED = ErrorCode.failedPrecondition("scheduler.run_finished");
    public static final ErrorCode TASK_NOT_SPLITTABLE = ErrorCode.failedPrecondition("scheduler.task_not_splittable");
    public static final ErrorCode STALE_EPOCH = ErrorCode.failedPrecondition("scheduler.stale_epoch");

    private SchedulerErrors() {
    }

    public static void require(String field, String value) {
        if (value == null || value.isBlank()) {
            throw CrmsyncException.invalidField(field, "is required");
        }
    }
}
