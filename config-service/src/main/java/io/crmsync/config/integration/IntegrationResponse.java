package io.crmsync.config.integration;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.crmsync.config.integration.point.PointResponse;

/** An integration; {@code points} is left out of lists. */
public record IntegrationResponse(UUID id, String name, String description, UUID connectionId, boolean active,
        boolean allowNewRecords, boolean updateExisting, int failureThreshold, long version, Instant createTime,
        Instant updateTime, @JsonInclude(JsonInclude.Include.NON_NULL) List<PointResponse> points) {
}
