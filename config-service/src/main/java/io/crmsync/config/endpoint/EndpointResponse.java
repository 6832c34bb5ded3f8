package io.crmsync.config.endpoint;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.crmsync.config.api.Versioned;

/** An endpoint as admins see it: settings and whether a credential is stored, never secret material. */
public record EndpointResponse(UUID id, String name, EndpointType type, Map<String, String> settings,
        String credentialStatus, long version, Instant createTime, Instant updateTime) implements Versioned {
}
