package io.crmsync.scheduler.schedule;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import io.crmsync.proto.config.v1.Cadence;
import io.crmsync.proto.config.v1.Weekday;

/**
 * When a cadence fires next, strictly after a given instant, in the cadence's time zone.
 *
 * <p>Daylight saving time: a local time that does not exist on a spring-forward day (02:30 in Berlin on the last
 * Sunday of March) fires at the same offset after the gap (03:30); a local time that occurs twice on a fall-back
 * day fires once, at its first occurrence. Hourly and every-N-minutes cadences follow the instant timeline, so
 * an hour repeated by the fall-back fires twice and a skipped hour not at all. Cron expressions match the local
 * wall clock: each local time fires once. A monthly day the month lacks (31 in April) fires on the month's last
 * day.
 */
public final class FireTimes {

    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final Set<DayOfWeek> WORKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);

    private FireTimes() {
    }

    /** The first fire time strictly after {@code after}; empty when the cadence never fires again. */
    public static Optional<Instant> next(Cadence cadence, Instant after) {
        ZoneId zone = ZoneId.of(cadence.getTimeZone().isEmpty() ? "UTC" : cadence.getTimeZone());
        ZonedDateTime from = after.atZone(zone);
        return switch (cadence.getType()) {
            case CADENCE_TYPE_ONCE -> {
                Instant at = LocalDateTime.parse(cadence.getAt()).atZone(zone).toInstant();
                yield at.isAfter(after) ? Optional.of(at) : Optional.empty();
            }
            case CADENCE_TYPE_EVERY_N_MINUTES -> Optional.of(everyMinutes(cadence.getEveryMinutes(), after));
            case CADENCE_TYPE_HOURLY -> Optional.of(hourly(cadence.getMinute(), from));
            case CADENCE_TYPE_DAILY -> Optional.of(onDays(EnumSet.allOf(DayOfWeek.class), time(cadence), from));
            case CADENCE_TYPE_WORKDAYS -> Optional.of(onDays(WORKDAYS, time(cadence), from));
            case CADENCE_TYPE_WEEKLY -> Optional.of(onDays(days(cadence), time(cadence), from));
            case CADENCE_TYPE_MONTHLY -> Optional.of(monthly(cadence, time(cadence), from));
            case CADENCE_TYPE_CRON -> cron(cadence.getCron(), from);
            default -> throw new IllegalArgumentException("cadence type " + cadence.getType() + " has no fire times");
        };
    }

    /** Multiples of N minutes since the epoch: the same instants whatever the zone or DST. */
    private static Instant everyMinutes(int minutes, Instant after) {
        long period = minutes * 60L;
        long seconds = after.getEpochSecond();
        return Instant.ofEpochSecond(Math.floorDiv(seconds, period) * period + period);
    }

    private static Instant hourly(int minute, ZonedDateTime from) {
        ZonedDateTime candidate = from.truncatedTo(ChronoUnit.HOURS).withMinute(minute);
        while (!candidate.isAfter(from)) {
            candidate = candidate.plusHours(1); // on the instant timeline: DST neither skips nor doubles a run
        }
        return candidate.toInstant();
    }

    private static Instant onDays(Set<DayOfWeek> days, LocalTime time, ZonedDateTime from) {
        for (LocalDate day = from.toLocalDate(); ; day = day.plusDays(1)) {
            if (days.contains(day.getDayOfWeek())) {
                // ZonedDateTime.of moves a time in a DST gap forward by the gap and picks the earlier offset in an
                // overlap, so each local day fires once.
                ZonedDateTime candidate = ZonedDateTime.of(day, time, from.getZone());
                if (candidate.isAfter(from)) {
                    return candidate.toInstant();
                }
            }
        }
    }

    private static Instant monthly(Cadence cadence, LocalTime time, ZonedDateTime from) {
        for (LocalDate month = from.toLocalDate().withDayOfMonth(1); ; month = month.plusMonths(1)) {
            LocalDate last = month.with(TemporalAdjusters.lastDayOfMonth());
            LocalDate day = cadence.getLastDayOfMonth() ? last
                    : month.withDayOfMonth(Math.min(cadence.getDayOfMonth(), last.getDayOfMonth()));
            ZonedDateTime candidate = ZonedDateTime.of(day, time, from.getZone());
            if (candidate.isAfter(from)) {
                return candidate.toInstant();
            }
        }
    }

    /**
     * Cron fields are matched against the local wall clock, as the other cadences are: evaluated on a clock
     * without DST, then placed in the zone (a time in a gap fires after it, like {@link #onDays}). cron-utils on
     * its own would skip a day whose time falls in the gap.
     */
    private static Optional<Instant> cron(String expression, ZonedDateTime from) {
        ExecutionTime times = ExecutionTime.forCron(CRON.parse(expression));
        ZonedDateTime wallClock = from.toLocalDateTime().atZone(ZoneOffset.UTC);
        for (int i = 0; i < 1_000; i++) {
            Optional<ZonedDateTime> next = times.nextExecution(wallClock);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            Instant candidate = ZonedDateTime.of(next.get().toLocalDateTime(), from.getZone()).toInstant();
            if (candidate.isAfter(from.toInstant())) {
                return Optional.of(candidate);
            }
            wallClock = next.get(); // a repeated local time already passed: the next one
        }
        throw new IllegalStateException("cron '" + expression + "' found no fire time after " + from);
    }

    private static LocalTime time(Cadence cadence) {
        return LocalTime.parse(cadence.getTime());
    }

    private static Set<DayOfWeek> days(Cadence cadence) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (Weekday day : cadence.getDaysList()) {
            days.add(DayOfWeek.of(day.getNumber()));
        }
        if (days.isEmpty()) {
            throw new IllegalArgumentException("a weekly cadence needs days");
        }
        return days;
    }
}
