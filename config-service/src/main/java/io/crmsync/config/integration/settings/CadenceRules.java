package io.crmsync.config.integration.settings;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;

import io.crmsync.common.error.CrmsyncException;

/**
 * Checks a cadence: the fields its type needs are there and valid, and no field of another type is set, so an
 * admin never believes a {@code time} is honoured by an {@code every_n_minutes} schedule.
 */
public final class CadenceRules {

    private static final Map<CadenceType, Set<String>> FIELDS = new EnumMap<>(CadenceType.class);
    private static final Pattern TIME = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm")
            .withResolverStyle(ResolverStyle.STRICT);
    // Five-field Unix cron (minute hour day-of-month month day-of-week); cron-utils also rejects out-of-range values.
    private static final CronDefinition UNIX_CRON = CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX);

    static {
        FIELDS.put(CadenceType.ONCE, Set.of("at"));
        FIELDS.put(CadenceType.EVERY_N_MINUTES, Set.of("everyMinutes"));
        FIELDS.put(CadenceType.HOURLY, Set.of("minute"));
        FIELDS.put(CadenceType.DAILY, Set.of("time"));
        FIELDS.put(CadenceType.WORKDAYS, Set.of("time"));
        FIELDS.put(CadenceType.WEEKLY, Set.of("time", "days"));
        FIELDS.put(CadenceType.MONTHLY, Set.of("time", "dayOfMonth"));
        FIELDS.put(CadenceType.CRON, Set.of("cron"));
    }

    private CadenceRules() {
    }

    /** {@code field} is how the request names the cadence, e.g. {@code schedule}. A null cadence is fine. */
    public static void check(String field, Cadence cadence) {
        if (cadence == null) {
            return;
        }
        if (cadence.type() == null) {
            throw CrmsyncException.invalidField(field + ".type", "is required");
        }
        Set<String> allowed = FIELDS.get(cadence.type());
        for (Map.Entry<String, Object> set : setFields(cadence).entrySet()) {
            if (!allowed.contains(set.getKey())) {
                throw CrmsyncException.invalidField(field + "." + set.getKey(),
                        "does not belong to a schedule of type " + cadence.type().wire());
            }
        }
        for (String needed : allowed) {
            boolean optional = needed.equals("minute"); // hourly defaults to minute 0
            if (!optional && setFields(cadence).get(needed) == null) {
                throw CrmsyncException.invalidField(field + "." + needed,
                        "is required for a schedule of type " + cadence.type().wire());
            }
        }
        checkValues(field + ".", cadence);
    }

    private static Map<String, Object> setFields(Cadence c) {
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("everyMinutes", c.everyMinutes());
        set.put("minute", c.minute());
        set.put("time", c.time());
        set.put("days", c.days());
        set.put("dayOfMonth", c.dayOfMonth());
        set.put("cron", c.cron());
        set.put("at", c.at());
        set.values().removeIf(v -> v == null);
        return set;
    }

    private static void checkValues(String prefix, Cadence c) {
        if (c.everyMinutes() != null && (c.everyMinutes() < 1 || c.everyMinutes() > 1440)) {
            throw CrmsyncException.invalidField(prefix + "everyMinutes", "must be between 1 and 1440");
        }
        if (c.minute() != null && (c.minute() < 0 || c.minute() > 59)) {
            throw CrmsyncException.invalidField(prefix + "minute", "must be between 0 and 59");
        }
        if (c.time() != null && !TIME.matcher(c.time()).matches()) {
            throw CrmsyncException.invalidField(prefix + "time", "must be a time of day HH:mm, e.g. 07:30");
        }
        if (c.days() != null) {
            checkDays(prefix + "days", c.days());
        }
        if (c.dayOfMonth() != null && !isDayOfMonth(c.dayOfMonth())) {
            throw CrmsyncException.invalidField(prefix + "dayOfMonth", "must be a day 1..31 or last");
        }
        if (c.cron() != null) {
            checkCron(prefix + "cron", c.cron());
        }
        if (c.at() != null) {
            checkAt(prefix + "at", c.at());
        }
        if (c.timeZone() != null && !ZoneId.getAvailableZoneIds().contains(c.timeZone())) {
            throw CrmsyncException.invalidField(prefix + "timeZone", "must be an IANA time zone such as Europe/Berlin");
        }
    }

    private static void checkDays(String field, List<Weekday> days) {
        if (days.isEmpty()) {
            throw CrmsyncException.invalidField(field, "needs at least one day");
        }
        Set<Weekday> seen = new HashSet<>();
        for (int i = 0; i < days.size(); i++) {
            if (!seen.add(days.get(i))) {
                throw CrmsyncException.invalidField(field + "[" + i + "]", "is listed twice");
            }
        }
    }

    private static boolean isDayOfMonth(String value) {
        if (value.equals("last")) {
            return true;
        }
        if (value.isEmpty() || value.length() > 2 || !value.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            return false;
        }
        int day = Integer.parseInt(value);
        return day >= 1 && day <= 31;
    }

    private static void checkCron(String field, String expression) {
        try {
            new CronParser(UNIX_CRON).parse(expression).validate();
        } catch (RuntimeException e) {
            // Any parser failure is the expression's fault, never a 500. cron-utils' message quotes the expression
            // back; say what is expected instead.
            throw CrmsyncException.invalidField(field,
                    "must be a five-field cron expression (minute hour day-of-month month day-of-week), e.g. 0 6 * * 1-5");
        }
    }

    private static void checkAt(String field, String at) {
        try {
            LocalDateTime.parse(at, AT);
        } catch (DateTimeParseException e) {
            throw CrmsyncException.invalidField(field, "must be a local date-time yyyy-MM-ddTHH:mm, e.g. 2026-12-01T06:00");
        }
    }
}
