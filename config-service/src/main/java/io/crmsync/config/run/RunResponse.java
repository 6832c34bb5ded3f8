package io.crmsync.config.run;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A run as the scheduler reports it; {@code tasks} is left out of lists. */
public record RunResponse(String id, String integrationId, long integrationVersion, String trigger, String mode,
        String state, Instant windowEnd, RunCounts counts, int taskCount, int tasksFinished, String errorMessage,
        Instant createTime, Instant startTime, Instant endTime,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<TaskResponse> tasks) {
}
