package io.crmsync.config.integration.settings;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * When something runs: {@code {type, ...}} with only the fields its type needs (see {@link CadenceRules}).
 * {@code dayOfMonth} is {@code 1..31} or {@code "last"}; it is kept as text and written back as a number
 * when it is one. The same shape is stored in jsonb.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Cadence(
        @NotNull(message = "is required") CadenceType type,
        Integer everyMinutes,
        Integer minute,
        @Size(max = 5, message = "must be a time HH:mm") String time,
        @Size(max = 7, message = "must have at most {max} days") List<@NotNull(message = "must not be null") Weekday> days,
        @JsonSerialize(using = DayOfMonthSerializer.class) @Size(max = 4, message = "must be 1..31 or last")
        String dayOfMonth,
        @Size(max = 200, message = "must be at most {max} characters") String cron,
        @Size(max = 16, message = "must be a local date-time yyyy-MM-ddTHH:mm") String at,
        @Size(max = 64, message = "must be an IANA time zone such as Europe/Berlin") String timeZone) {

    /** The time zone that applies: the one given, or UTC. */
    public String zoneOrUtc() {
        return timeZone == null ? "UTC" : timeZone;
    }
}
