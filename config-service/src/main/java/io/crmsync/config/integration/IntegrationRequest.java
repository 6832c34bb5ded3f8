package io.crmsync.config.integration;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.crmsync.config.integration.point.PointRequest;
import io.crmsync.config.integration.settings.Cadence;
import io.crmsync.config.integration.settings.ConflictPolicy;
import io.crmsync.config.integration.settings.NotificationRecipient;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Body of POST and PUT /api/v1/integrations. Omitted switches take their defaults (allowNewRecords and
 * updateExisting true, failureThreshold 10), on PUT too: PUT replaces the settings as a whole. {@code points}
 * is read on POST only; afterwards points change through /api/v1/integrations/{id}/points. Omitted settings
 * take their defaults too: conflictPolicy source_wins, empty lists (all accounts, nobody notified), no schedules,
 * syncImmediately false. Rules spanning fields are in {@code settings.SettingsRules} and {@code CadenceRules}.
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
        List<@NotNull(message = "must not be null") @Valid PointRequest> points,
        ConflictPolicy conflictPolicy,
        @Size(max = MAX_ACCOUNTS, message = "must have at most {max} account ids")
        List<@NotBlank(message = "is required") @Size(max = 255, message = "must be at most {max} characters")
        String> accountAllowList,
        @Size(max = MAX_ACCOUNTS, message = "must have at most {max} account ids")
        List<@NotBlank(message = "is required") @Size(max = 255, message = "must be at most {max} characters")
        String> accountDenyList,
        @Size(max = 50, message = "must have at most {max} recipients")
        List<@NotNull(message = "must not be null") @Valid NotificationRecipient> notificationRecipients,
        @Valid Cadence schedule,
        @Valid Cadence fullSyncSchedule,
        Boolean syncImmediately,
        Instant startTime) {

    static final int MAX_ACCOUNTS = 1000;

    static final int DEFAULT_FAILURE_THRESHOLD = 10;
}
