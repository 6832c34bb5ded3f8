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
    FULL,
    /** Every record, matched and written again from scratch: the stored matching state is dropped first. */
    @JsonProperty("rebuild")
    REBUILD;

    RunMode toProto() {
        return RunMode.valueOf("RUN_MODE_" + name());
    }
}
