package io.crmsync.config.integration.point;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How records are written at the target. */
public enum Operation {
    @JsonProperty("upsert")
    UPSERT,
    @JsonProperty("insert_only")
    INSERT_ONLY,
    @JsonProperty("update_only")
    UPDATE_ONLY,
    @JsonProperty("delete")
    DELETE,
    @JsonProperty("import_deleted")
    IMPORT_DELETED;

    /** Every operation but a plain insert must find the target record, so needs a match key. */
    boolean needsMatchKey() {
        return this != INSERT_ONLY;
    }

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    io.crmsync.proto.config.v1.Operation toProto() {
        return io.crmsync.proto.config.v1.Operation.valueOf("OPERATION_" + name());
    }
}
