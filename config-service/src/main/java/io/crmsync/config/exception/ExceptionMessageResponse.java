package io.crmsync.config.exception;

import java.time.Instant;

/** A user exception message: a run or configuration failure, or the container of a run's rejected records. */
public record ExceptionMessageResponse(String id, String integrationId, String runId, String integrationPointId,
        String kind, String code, String message, long itemCount, Instant createTime) {
}
