package io.crmsync.config.run;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A task of a run, as the scheduler reports it. {@code keyRange} is set on the tasks of a full sync that was split
 * into key ranges read in parallel (the split task itself shows state SPLIT).
 */
public record TaskResponse(String id, String integrationPointId, String state, Instant windowStart, Instant windowEnd,
        long epoch, String workerId, RunCounts counts, String errorMessage,
        @JsonInclude(JsonInclude.Include.NON_NULL) KeyRange keyRange) {

    /** lower <= field < upper; a missing bound is unbounded. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record KeyRange(String field, String lower, String upper) {
    }
}
