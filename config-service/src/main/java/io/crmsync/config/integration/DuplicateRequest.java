package io.crmsync.config.integration;

import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Bodies of the duplicate calls. */
public final class DuplicateRequest {

    private DuplicateRequest() {
    }

    /** POST /api/v1/integrations/{id}/duplicate. */
    public record OfIntegration(
            @NotBlank(message = "is required") @Size(max = 200, message = "must be at most {max} characters")
            String name) {
    }

    /** POST /api/v1/connections/{id}/duplicate: the same home endpoint, another remote one. */
    public record OfConnection(
            @NotBlank(message = "is required") @Size(max = 200, message = "must be at most {max} characters")
            String name,
            @NotNull(message = "is required") UUID remoteEndpointId) {
    }
}
