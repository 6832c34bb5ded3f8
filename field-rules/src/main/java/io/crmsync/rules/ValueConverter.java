package io.crmsync.rules;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.Temporal;

/**
 * Applies a rule's conversion to a value on its way to a target field of a known type.
 *
 * <p>Time zones: a wall-clock value (a {@code timestamp} column, text without offset) is read in the source
 * endpoint's zone; a target that stores wall-clock values receives them in the target endpoint's zone; an instant
 * stays the same instant. {@link Conversion#WITHOUT_OFFSET} skips both shifts, {@link Conversion#RAW} skips
 * everything.
 */
final class ValueConverter {

    private final Conversion conversion;
    private final SourceFormat format;
    private final FieldType target;
    private final ZoneId sourceZone;
    private final ZoneId targetZone;

    ValueConverter(Conversion conversion, SourceFormat format, FieldType target, ZoneId sourceZone,
            ZoneId targetZone) {
        this.conversion = conversion;
        this.format = format;
        this.target = target;
        this.sourceZone = sourceZone;
        this.targetZone = targetZone;
    }

    Object convert(Object value) throws ValueRejected {
        if (value == null) {
            return null;
        }
        if (conversion == Conversion.RAW) {
            return Values.text(value);
        }
        Object typed = value instanceof String text ? read(text) : value;
        if (typed instanceof Instant instant) {
            typed = instant.atOffset(ZoneOffset.UTC);
        } else if (typed instanceof ZonedDateTime zoned) {
            typed = zoned.toOffsetDateTime();
        }
        if (typed instanceof LocalDate || typed instanceof LocalDateTime || typed instanceof OffsetDateTime) {
            return conversion == Conversion.WITHOUT_OFFSET ? wallClock((Temporal) typed) : zoned((Temporal) typed);
        }
        if (conversion != Conversion.DEFAULT) {
            throw new ValueRejected(ValueRejected.INVALID_VALUE,
                    "conversion " + conversion.wireName() + " needs a date or time, got " + Values.quoted(value));
        }
        return typed;
    }

    /** Text parsed as far as the rule asks: with the source format, or as ISO-8601 for the date conversions. */
    private Object read(String text) throws ValueRejected {
        boolean wantsTime = target.temporal() || conversion != Conversion.DEFAULT;
        if (format != null && format.hasDate() && wantsTime) {
            return format.readDate(text);
        }
        if (format != null && format.hasNumber() && target.numeric()) {
            return format.readNumber(text);
        }
        if (conversion != Conversion.DEFAULT) {
            return iso(text);
        }
        return text; // the target reads text with its own input rules
    }

    private static Object iso(String text) throws ValueRejected {
        String t = text.trim();
        try {
            if (t.length() <= 10) {
                return LocalDate.parse(t);
            }
            String normalized = t.replace(' ', 'T');
            return normalized.endsWith("Z") || normalized.matches(".*[+-]\\d\\d:?\\d\\d$")
                    ? OffsetDateTime.parse(normalized) : LocalDateTime.parse(normalized);
        } catch (DateTimeParseException e) {
            throw new ValueRejected(ValueRejected.INVALID_VALUE,
                    Values.quoted(text) + " is not an ISO-8601 date or date-time");
        }
    }

    /** Default and date only: the same moment, expressed the way the target stores it. */
    private Object zoned(Temporal value) {
        if (value instanceof LocalDate date) {
            return switch (target) {
                case TIMESTAMP -> utc(date.atStartOfDay(sourceZone));
                case LOCAL_TIMESTAMP -> date.atStartOfDay();
                case TEXT -> date.toString();
                default -> date;
            };
        }
        // A wall clock repeated by a fall-back hour is its earlier instant; one skipped by a spring-forward gap
        // moves forward by the gap (java.time's rules, kept on purpose: every value converts, none is refused).
        ZonedDateTime moment = value instanceof OffsetDateTime o ? o.atZoneSameInstant(targetZone)
                : ((LocalDateTime) value).atZone(sourceZone).withZoneSameInstant(targetZone);
        boolean dateOnly = conversion == Conversion.DATE_ONLY;
        return switch (target) {
            case DATE -> moment.toLocalDate();
            case TIMESTAMP -> utc(dateOnly ? moment.toLocalDate().atStartOfDay(targetZone) : moment);
            case LOCAL_TIMESTAMP -> dateOnly ? moment.toLocalDate().atStartOfDay() : moment.toLocalDateTime();
            case TEXT -> dateOnly ? moment.toLocalDate().toString() : moment.toOffsetDateTime().toString();
            default -> dateOnly ? moment.toLocalDate() : utc(moment); // the target interprets it
        };
    }

    /** Instants are handed on in UTC, so equal moments are equal values. */
    private static OffsetDateTime utc(ZonedDateTime moment) {
        return moment.toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
    }

    /** Without offset: the wall-clock date and time as read, with no zone shift (an instant target reads it as UTC). */
    private Object wallClock(Temporal value) {
        LocalDateTime wall = value instanceof LocalDate d ? d.atStartOfDay()
                : value instanceof OffsetDateTime o ? o.toLocalDateTime() : (LocalDateTime) value;
        return switch (target) {
            case DATE -> wall.toLocalDate();
            case TIMESTAMP -> wall.atOffset(ZoneOffset.UTC);
            case LOCAL_TIMESTAMP -> wall;
            case TEXT -> value instanceof LocalDate d ? d.toString() : wall.toString();
            default -> wall;
        };
    }
}
