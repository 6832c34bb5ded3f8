package io.crmsync.config.integration.point;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which way records move relative to the connection. */
public enum Direction {
    /** Remote endpoint to home endpoint. */
    @JsonProperty("inbound")
    INBOUND,
    /** Home endpoint to remote endpoint. */
    @JsonProperty("outbound")
    OUTBOUND;

    public io.crmsync.proto.config.v1.Direction toProto() {
        return io.crmsync.proto.config.v1.Direction.valueOf("DIRECTION_" + name());
    }
}
