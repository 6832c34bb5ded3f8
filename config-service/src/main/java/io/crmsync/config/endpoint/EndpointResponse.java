package io.crmsync.config.endpoint;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.crmsync.config.api.Versioned;

/**
 * An endpoint as admins see it: settings and the credential's status (CONNECTED, NOT_CONNECTED, or ERROR with
 * the last failed connection test's reason), never secret material.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EndpointResponse(UUID id, String name, EndpointType type, Map<String, String> settings,
        String credentialStatus, String credentialError, long version, Instant createTime, Instant updateTime)
        implements Versioned {
}
