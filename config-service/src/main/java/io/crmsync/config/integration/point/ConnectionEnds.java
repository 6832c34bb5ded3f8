package io.crmsync.config.integration.point;

import java.util.UUID;

/** The endpoints of a point's connection; a point's source and target follow from them and its direction. */
public record ConnectionEnds(UUID homeEndpointId, UUID remoteEndpointId) {

    public UUID sourceFor(Direction direction) {
        return direction == Direction.INBOUND ? remoteEndpointId : homeEndpointId;
    }

    public UUID targetFor(Direction direction) {
        return direction == Direction.INBOUND ? homeEndpointId : remoteEndpointId;
    }
}
