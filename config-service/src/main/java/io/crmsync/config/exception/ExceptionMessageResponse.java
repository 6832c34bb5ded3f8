package io.crmsync.config.exception;

import java.time.Instant;

/**
 * A user exception message: a run or configuration failure, or the container of a point's rejected records.
 * Seen again while not resolved, it counts ({@code occurrenceCount}, {@code lastSeenTime}) instead of repeating.
 */
public record ExceptionMessageResponse(String id, String integrationId, String integrationPointId, String runId,
        String kind, String side, String state, String code, String message, long itemCount, long openItemCount,
        long occurrenceCount, Instant firstSeenTime, Instant lastSeenTime, Instant stateTime, String retryRunId,
        int retryCount) {
}
