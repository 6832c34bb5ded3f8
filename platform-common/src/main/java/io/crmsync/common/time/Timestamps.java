package io.crmsync.common.time;

import java.time.Instant;

import com.google.protobuf.Timestamp;

/** Conversions between java.time and protobuf timestamps; null and "unset" map to each other. */
public final class Timestamps {

    private Timestamps() {
    }

    public static Timestamp of(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    /** Null when the instant is null, so builders can use {@code if (t != null) set...}. */
    public static Timestamp ofNullable(Instant instant) {
        return instant == null ? null : of(instant);
    }

    public static Instant toInstant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }
}
