package io.crmsync.config.ascode;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.crmsync.config.endpoint.EndpointType;
import io.crmsync.config.integration.point.PointRequest;
import io.crmsync.config.integration.settings.Cadence;
import io.crmsync.config.integration.settings.ConflictPolicy;
import io.crmsync.config.integration.settings.NotificationRecipient;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The exported configuration: endpoints (without credentials), connections, reference lookups with their rows,
 * and integrations with their points, each list sorted by name; references are names, never ids, so a document
 * moves between installations.
 */
public record ConfigDocument(
        @Size(max = 10_000, message = "must have at most {max} entries")
        List<@NotNull(message = "must not be null") @Valid EndpointEntry> endpoints,
        @Size(max = 10_000, message = "must have at most {max} entries")
        List<@NotNull(message = "must not be null") @Valid ConnectionEntry> connections,
        @Size(max = 1_000, message = "must have at most {max} entries")
        List<@NotNull(message = "must not be null") @Valid LookupEntry> lookups,
        @Size(max = 10_000, message = "must have at most {max} entries")
        List<@NotNull(message = "must not be null") @Valid IntegrationEntry> integrations) {

    /** A reference lookup and its rows in upload order. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LookupEntry(
            @NotBlank(message = "is required") @Size(max = 200, message = "must be at most {max} characters")
            @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9 _.-]*",
                    message = "may hold letters, digits, spaces, '_', '.' and '-'") String name,
            @Size(max = 2000, message = "must be at most {max} characters") String description,
            @Size(max = 100_000, message = "must have at most {max} rows")
            List<@NotNull(message = "must not be null") @Valid LookupRow> rows) {
    }

    /** One row of a reference lookup. */
    public record LookupRow(
            @NotNull(message = "is required") @Size(max = 4000, message = "must be at most {max} characters")
            String source,
            @NotNull(message = "is required") @Size(max = 4000, message = "must be at most {max} characters")
            String target) {
    }

    /** An endpoint: its type and non-secret settings. */
    public record EndpointEntry(
            @NotBlank(message = "is required") @Size(max = 200, message = "must be at most {max} characters")
            String name,
            @NotNull(message = "is required") EndpointType type,
            @NotNull(message = "is required") Map<String, String> settings) {
    }

    /** A connection: the names of its home and remote endpoints. */
    public record ConnectionEntry(
            @NotBlank(message = "is required") @Size(max = 200, message = "must be at most {max} characters")
            String name,
            @NotBlank(message = "is required") String homeEndpoint,
            @NotBlank(message = "is required") String remoteEndpoint) {
    }

    /** An integration as PUT /api/v1/integrations/by-name/{name} takes it, its connection named. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IntegrationEntry(
            @NotBlank(message = "is required") @Size(max = 200, message = "must be at most {max} characters")
            String name,
            @Size(max = 2000, message = "must be at most {max} characters") String description,
            @NotBlank(message = "is required") String connection,
            Boolean allowNewRecords,
            Boolean updateExisting,
            @Min(value = 1, message = "must be between 1 and 1000")
            @Max(value = 1000, message = "must be between 1 and 1000") Integer failureThreshold,
            @Size(max = 100, message = "must have at most {max} points")
            List<@NotNull(message = "must not be null") @Valid PointRequest> points,
            ConflictPolicy conflictPolicy,
            @Size(max = 1000, message = "must have at most {max} account ids")
            List<@NotBlank(message = "is required") @Size(max = 255, message = "must be at most {max} characters")
            String> accountAllowList,
            @Size(max = 1000, message = "must have at most {max} account ids")
            List<@NotBlank(message = "is required") @Size(max = 255, message = "must be at most {max} characters")
            String> accountDenyList,
            @Size(max = 50, message = "must have at most {max} recipients")
            List<@NotNull(message = "must not be null") @Valid NotificationRecipient> notificationRecipients,
            @Valid Cadence schedule,
            @Valid Cadence fullSyncSchedule,
            Boolean syncImmediately,
            Instant startTime,
            Boolean active) {
    }
}
