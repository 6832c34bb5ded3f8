package io.crmsync.config.integration.settings;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A day of the week as admins write it: {@code mon} .. {@code sun}. */
public enum Weekday {
    @JsonProperty("mon")
    MON,
    @JsonProperty("tue")
    TUE,
    @JsonProperty("wed")
    WED,
    @JsonProperty("thu")
    THU,
    @JsonProperty("fri")
    FRI,
    @JsonProperty("sat")
    SAT,
    @JsonProperty("sun")
    SUN;

    io.crmsync.proto.config.v1.Weekday toProto() {
        return io.crmsync.proto.config.v1.Weekday.valueOf("WEEKDAY_" + name());
    }
}
