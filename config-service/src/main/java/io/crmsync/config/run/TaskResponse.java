package io.crmsync.config.run;

import java.time.Instant;

/** A task of a run, as the scheduler reports it. */
public record TaskResponse(String id, String integrationPointId, String state, Instant windowStart, Instant windowEnd,
        long epoch, String workerId, RunCounts counts, String errorMessage) {
}
