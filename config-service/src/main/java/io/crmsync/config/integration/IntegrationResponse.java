package io.crmsync.config.integration;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.crmsync.config.api.Versioned;
import io.crmsync.config.integration.point.PointResponse;
import io.crmsync.config.integration.settings.Cadence;
import io.crmsync.config.integration.settings.ConflictPolicy;
import io.crmsync.config.integration.settings.NotificationRecipient;

/**
 * An integration; {@code points} is left out of lists. {@code immediateRun} is only present on a save or
 * activation that started (or failed to start) a run because of {@code syncImmediately}.
 */
public record IntegrationResponse(UUID id, String name, String description, UUID connectionId, boolean active,
        boolean allowNewRecords, boolean updateExisting, int failureThreshold, long version, Instant createTime,
        Instant updateTime, @JsonInclude(JsonInclude.Include.NON_NULL) List<PointResponse> points,
        ConflictPolicy conflictPolicy, List<String> accountAllowList, List<String> accountDenyList,
        List<NotificationRecipient> notificationRecipients, Cadence schedule, Cadence fullSyncSchedule,
        boolean syncImmediately, @JsonInclude(JsonInclude.Include.NON_NULL) Instant startTime,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant activateTime,
        @JsonInclude(JsonInclude.Include.NON_NULL) ImmediateRun immediateRun)
        implements Versioned {

    IntegrationResponse withImmediateRun(ImmediateRun run) {
        return new IntegrationResponse(id, name, description, connectionId, active, allowNewRecords, updateExisting,
                failureThreshold, version, createTime, updateTime, points, conflictPolicy, accountAllowList,
                accountDenyList, notificationRecipients, schedule, fullSyncSchedule, syncImmediately, startTime,
                activateTime, run);
    }
}
