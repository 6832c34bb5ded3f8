package io.crmsync.config.integration.settings;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The kinds of cadence. */
public enum CadenceType {
    @JsonProperty("once")
    ONCE,
    @JsonProperty("every_n_minutes")
    EVERY_N_MINUTES,
    @JsonProperty("hourly")
    HOURLY,
    @JsonProperty("daily")
    DAILY,
    @JsonProperty("workdays")
    WORKDAYS,
    @JsonProperty("weekly")
    WEEKLY,
    @JsonProperty("monthly")
    MONTHLY,
    @JsonProperty("cron")
    CRON;

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    io.crmsync.proto.config.v1.CadenceType toProto() {
        return io.crmsync.proto.config.v1.CadenceType.valueOf("CADENCE_TYPE_" + name());
    }
}
