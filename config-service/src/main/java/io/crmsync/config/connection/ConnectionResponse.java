package io.crmsync.config.connection;

import java.time.Instant;
import java.util.UUID;

import io.crmsync.config.api.Versioned;

public record ConnectionResponse(UUID id, String name, UUID homeEndpointId, UUID remoteEndpointId, long version,
        Instant createTime, Instant updateTime) implements Versioned {

    public static ConnectionResponse of(ConnectionEntity c) {
        return new ConnectionResponse(c.id, c.name, c.homeEndpointId, c.remoteEndpointId, c.version, c.createTime,
                c.updateTime);
    }
}
