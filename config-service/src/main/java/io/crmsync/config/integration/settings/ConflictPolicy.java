package io.crmsync.config.integration.settings;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which value is kept when both sides changed a record. */
public enum ConflictPolicy {
    @JsonProperty("source_wins")
    SOURCE_WINS,
    @JsonProperty("most_recent_wins")
    MOST_RECENT_WINS;

    public io.crmsync.proto.config.v1.ConflictPolicy toProto() {
        return io.crmsync.proto.config.v1.ConflictPolicy.valueOf("CONFLICT_POLICY_" + name());
    }
}
