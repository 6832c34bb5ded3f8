package io.crmsync.scheduler.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.crmsync.proto.config.v1.Cadence;
import io.crmsync.proto.config.v1.CadenceType;
import io.crmsync.proto.config.v1.Weekday;

/** Every cadence, across daylight-saving changes in Berlin and New York and across month ends. */
class FireTimesTest {

    private static final String BERLIN = "Europe/Berlin";
    private static final String NEW_YORK = "America/New_York";

    private static Cadence.Builder cadence(CadenceType type, String zone) {
        return Cadence.newBuilder().setType(type).setTimeZone(zone);
    }

    private static Cadence daily(String time, String zone) {
        return cadence(CadenceType.CADENCE_TYPE_DAILY, zone).setTime(time).build();
    }

    static Stream<Arguments> fireTimes() {
        return Stream.of(
                // every N minutes: epoch-aligned instants, whatever the zone
                Arguments.of("every 15 min", cadence(CadenceType.CADENCE_TYPE_EVERY_N_MINUTES, BERLIN)
                        .setEveryMinutes(15).build(), "2024-05-01T10:07:00Z",
                        List.of("2024-05-01T10:15:00Z", "2024-05-01T10:30:00Z", "2024-05-01T10:45:00Z")),
                Arguments.of("every 15 min over Berlin's spring-forward", cadence(
                        CadenceType.CADENCE_TYPE_EVERY_N_MINUTES, BERLIN).setEveryMinutes(15).build(),
                        "2024-03-31T00:50:00Z",
                        List.of("2024-03-31T01:00:00Z", "2024-03-31T01:15:00Z", "2024-03-31T01:30:00Z")),
                // hourly: the repeated hour of New York's fall-back fires twice, one instant apart
                Arguments.of("hourly :30 over New York's fall-back", cadence(CadenceType.CADENCE_TYPE_HOURLY,
                        NEW_YORK).setMinute(30).build(), "2024-11-03T05:00:00Z",
                        List.of("2024-11-03T05:30:00Z", "2024-11-03T06:30:00Z", "2024-11-03T07:30:00Z")),
                // hourly: the hour skipped by New York's spring-forward does not fire
                Arguments.of("hourly :30 over New York's spring-forward", cadence(CadenceType.CADENCE_TYPE_HOURLY,
                        NEW_YORK).setMinute(30).build(), "2024-03-10T06:45:00Z",
                        List.of("2024-03-10T07:30:00Z", "2024-03-10T08:30:00Z")),
                // hourly in a zone with a 45-minute offset: local minute, not UTC minute
                Arguments.of("hourly :00 in Kathmandu", cadence(CadenceType.CADENCE_TYPE_HOURLY, "Asia/Kathmandu")
                        .setMinute(0).build(), "2024-05-01T10:00:00Z",
                        List.of("2024-05-01T10:15:00Z", "2024-05-01T11:15:00Z")),
                // daily at a time Berlin's spring-forward skips: 03:30 CEST that day, 02:30 the next
                Arguments.of("daily 02:30 over Berlin's spring-forward", daily("02:30", BERLIN),
                        "2024-03-30T02:00:00Z",
                        List.of("2024-03-31T01:30:00Z", "2024-04-01T00:30:00Z")),
                // daily at a time Berlin's fall-back repeats: once, at its first occurrence
                Arguments.of("daily 02:30 over Berlin's fall-back", daily("02:30", BERLIN),
                        "2024-10-26T01:00:00Z",
                        List.of("2024-10-27T00:30:00Z", "2024-10-28T01:30:00Z")),
                Arguments.of("daily 02:30 over New York's spring-forward", daily("02:30", NEW_YORK),
                        "2024-03-09T08:00:00Z",
                        List.of("2024-03-10T07:30:00Z", "2024-03-11T06:30:00Z")),
                Arguments.of("daily 01:30 over New York's fall-back", daily("01:30", NEW_YORK),
                        "2024-11-02T06:00:00Z",
                        List.of("2024-11-03T05:30:00Z", "2024-11-04T06:30:00Z")),
                // workdays: Friday evening to Monday morning
                Arguments.of("workdays 07:00", cadence(CadenceType.CADENCE_TYPE_WORKDAYS, BERLIN).setTime("07:00")
                        .build(), "2024-05-03T16:00:00Z",
                        List.of("2024-05-06T05:00:00Z", "2024-05-07T05:00:00Z")),
                Arguments.of("weekly Mon+Thu 08:00", cadence(CadenceType.CADENCE_TYPE_WEEKLY, "UTC").setTime("08:00")
                        .addDays(Weekday.WEEKDAY_MON).addDays(Weekday.WEEKDAY_THU).build(), "2024-05-01T00:00:00Z",
                        List.of("2024-05-02T08:00:00Z", "2024-05-06T08:00:00Z", "2024-05-09T08:00:00Z")),
                // monthly on the 31st: months without it fire on their last day, leap February included
                Arguments.of("monthly 31st 09:00", cadence(CadenceType.CADENCE_TYPE_MONTHLY, BERLIN).setTime("09:00")
                        .setDayOfMonth(31).build(), "2024-01-31T08:00:00Z",
                        List.of("2024-02-29T08:00:00Z", "2024-03-31T07:00:00Z", "2024-04-30T07:00:00Z")),
                Arguments.of("monthly last day 23:00", cadence(CadenceType.CADENCE_TYPE_MONTHLY, NEW_YORK)
                        .setTime("23:00").setLastDayOfMonth(true).build(), "2023-12-31T12:00:00Z",
                        List.of("2024-01-01T04:00:00Z", "2024-02-01T04:00:00Z", "2024-03-01T04:00:00Z",
                                "2024-04-01T03:00:00Z")),
                Arguments.of("monthly 15th", cadence(CadenceType.CADENCE_TYPE_MONTHLY, "UTC").setTime("00:00")
                        .setDayOfMonth(15).build(), "2024-12-15T00:00:00Z",
                        List.of("2025-01-15T00:00:00Z", "2025-02-15T00:00:00Z")),
                // cron in a zone: 02:30 does not exist on New York's spring-forward day
                Arguments.of("cron 30 2 * * * over New York's spring-forward", cadence(CadenceType.CADENCE_TYPE_CRON,
                        NEW_YORK).setCron("30 2 * * *").build(), "2024-03-09T08:00:00Z",
                        List.of(CRON_SPRING_FORWARD, "2024-03-11T06:30:00Z")),
                Arguments.of("cron */20 9-10 * * 1-5", cadence(CadenceType.CADENCE_TYPE_CRON, BERLIN)
                        .setCron("*/20 9-10 * * 1-5").build(), "2024-05-03T08:50:00Z",
                        List.of("2024-05-06T07:00:00Z", "2024-05-06T07:20:00Z")),
                // cron on New York's fall-back: the repeated 01:30 fires once
                Arguments.of("cron 30 1 * * * over New York's fall-back", cadence(CadenceType.CADENCE_TYPE_CRON,
                        NEW_YORK).setCron("30 1 * * *").build(), "2024-11-02T06:00:00Z",
                        List.of("2024-11-03T05:30:00Z", "2024-11-04T06:30:00Z")),
                // from inside the repeated hour, the first 01:30 is already past: tomorrow's
                Arguments.of("cron 30 1 * * * from the second 01:10", cadence(CadenceType.CADENCE_TYPE_CRON,
                        NEW_YORK).setCron("30 1 * * *").build(), "2024-11-03T06:10:00Z",
                        List.of("2024-11-04T06:30:00Z")),
                Arguments.of("once", cadence(CadenceType.CADENCE_TYPE_ONCE, BERLIN).setAt("2024-06-01T12:00").build(),
                        "2024-05-01T00:00:00Z", List.of("2024-06-01T10:00:00Z")));
    }

    /** A cron time in a DST gap fires after the gap (03:30 EDT), as a daily cadence does. */
    private static final String CRON_SPRING_FORWARD = "2024-03-10T07:30:00Z";

    @ParameterizedTest(name = "{0}")
    @MethodSource("fireTimes")
    void firesAtTheseInstants(String name, Cadence cadence, String after, List<String> expected) {
        List<String> fired = new ArrayList<>();
        Instant from = Instant.parse(after);
        for (int i = 0; i < expected.size(); i++) {
            Optional<Instant> next = FireTimes.next(cadence, from);
            assertThat(next).as("fire #%d", i + 1).isPresent();
            fired.add(next.get().toString());
            from = next.get();
        }
        assertThat(fired).containsExactlyElementsOf(expected.stream().map(t -> Instant.parse(t).toString())
                .toList());
    }

    @Test
    void aOneTimeCadenceNeverFiresAgain() {
        Cadence once = cadence(CadenceType.CADENCE_TYPE_ONCE, BERLIN).setAt("2024-06-01T12:00").build();
        assertThat(FireTimes.next(once, Instant.parse("2024-06-01T10:00:00Z"))).isEmpty();
    }
}
