package io.crmsync.config.run;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.crmsync.proto.scheduler.v1.RunMode;

/** What a triggered run reads. */
public enum SyncMode {
    /** Records changed since the watermark. */
    @JsonProperty("incremental")
    INCREMENTAL,
    /** Every record. */
    @JsonProperty("full")
    FULL;

    RunMode toProto() {
        return RunMode.valueOf("RUN_MODE_" + name());
    }
}
