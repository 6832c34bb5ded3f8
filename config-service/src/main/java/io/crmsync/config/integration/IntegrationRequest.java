package io.crmsync.config.integration;

import java.util.List;
import java.util.UUID;

import io.crmsync.config.integration.point.PointRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Body of POST and PUT /api/v1/integrations. Omitted switches take their defaults (allowNewRecords and
 * updateExisting true, failureThreshold 10), on PUT too: PUT replaces the settings as a whole. {@code points}
 * is read on POST only; afterwards points change through /api/v1/integrations/{id}/points.
 */
public record IntegrationRequest(
        @NotBlank(message = "is required") @Size(max = 200, message = "must be at most {max} characters") String name,
        @Size(max = 2000, message = "must be at most {max} characters") String description,
        @NotNull(message = "is required") UUID connectionId,
        Boolean allowNewRecords,
        Boolean updateExisting,
        @Min(value = 1, message = "must be between 1 and 1000")
        @Max(value = 1000, message = "must be between 1 and 1000") Integer failureThreshold,
        @Size(max = 100, message = "must have at most {max} points")
        List<@NotNull(message = "must not be null") @Valid PointRequest> points) {

    static final int DEFAULT_FAILURE_THRESHOLD = 10;
}
