package io.crmsync.config.endpoint;

import java.util.Map;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Body of POST and PUT /api/v1/endpoints. On PUT the type may be left out; when given it must be unchanged.
 * Settings are non-secret; secrets go to the endpoint's credential.
 */
public record EndpointRequest(
        @NotBlank(message = "is required") @Size(max = 200, message = "must be at most {max} characters") String name,
        EndpointType type,
        @NotNull(message = "is required") Map<String, String> settings) {
}
