package io.crmsync.config.connection;

import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Body of POST /api/v1/connections: a named pair of existing, distinct endpoints. */
public record ConnectionRequest(
        @NotBlank(message = "is required") @Size(max = 200, message = "must be at most {max} characters") String name,
        @NotNull(message = "is required") UUID homeEndpointId,
        @NotNull(message = "is required") UUID remoteEndpointId) {
}
