package io.crmsync.config.integration;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What became of the run a save or an activation started because of {@code syncImmediately}: {@code STARTED}
 * with the run's id, or {@code FAILED} with the reason and detail of the failure. The save itself stands either way.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImmediateRun(String status, String runId, String reason, String detail) {

    static ImmediateRun started(String runId) {
        return new ImmediateRun("STARTED", runId, null, null);
    }

    static ImmediateRun failed(String reason, String detail) {
        return new ImmediateRun("FAILED", null, reason, detail);
    }
}
