package io.crmsync.emulator.hubspot;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Property values: HubSpot stores and answers every value as a string, checks writes against the property's type
 * and compares typed values in search. Date-times are written back as ISO-8601 UTC with millis; filters on them
 * take epoch milliseconds (ISO text is accepted too).
 */
final class Values {
    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** A value HubSpot refuses for a property: the per-property code and message of a VALIDATION_ERROR. */
    static final class Invalid extends RuntimeException {
        final String code;

        Invalid(String code, String message) {
            super(message);
            this.code = code;
        }
    }

    private Values() {
    }

    static String format(Instant instant) {
        return ISO_MILLIS.format(instant);
    }

    /** The stored form of a written value; null clears the property (HubSpot treats "" the same way). */
    static String normalize(ObjectSchema schema, PropertyDef p, String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        switch (p.type()) {
            case "number" -> {
                try {
                    return new BigDecimal(raw.trim()).stripTrailingZeros().toPlainString();
                } catch (NumberFormatException e) {
                    throw new Invalid("INVALID_INTEGER", raw + " was not a valid number.");
                }
            }
            case "bool" -> {
                String b = raw.trim().toLowerCase(Locale.ROOT);
                if (!b.equals("true") && !b.equals("false")) {
                    throw new Invalid("INVALID_BOOLEAN", raw + " was not a valid boolean.");
                }
                return b;
            }
            case "datetime" -> {
                return format(instant(raw, p.name()));
            }
            case "date" -> {
                Instant t = instant(raw, p.name());
                if (!t.equals(LocalDate.ofInstant(t, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant())) {
                    throw new Invalid("INVALID_DATE", raw + " is at " + format(t)
                            + ", but date properties need midnight UTC.");
                }
                return LocalDate.ofInstant(t, ZoneOffset.UTC).toString();
            }
            case "enumeration" -> {
                for (String option : p.options()) {
                    if (option.equals(raw)) {
                        return raw;
                    }
                }
                throw new Invalid("INVALID_OPTION", raw + " was not one of the allowed options: " + p.options());
            }
            default -> {
                if (p.name().equals("email") && schema.name().equals("contacts")
                        && !raw.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                    throw new Invalid("INVALID_EMAIL", "Email address " + raw + " is invalid");
                }
                return raw;
            }
        }
    }

    /** Epoch millis, an ISO date-time or an ISO date (midnight UTC). */
    static Instant instant(String raw, String property) {
        String t = raw.trim();
        try {
            if (t.matches("-?\\d+")) {
                return Instant.ofEpochMilli(Long.parseLong(t));
            }
            if (t.length() == 10) {
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new Invalid("INVALID_DATE", raw + " is not a valid date for " + property
                    + "; use epoch milliseconds or ISO 8601.");
        }
    }

    /** Compares a stored value with a filter value by the property's type; text ignores case as search does. */
    static int compare(PropertyDef p, String stored, String value) {
        return switch (p.type()) {
            case "number" -> new BigDecimal(stored).compareTo(number(value, p));
            case "datetime", "date" -> instant(stored, p.name()).compareTo(instant(value, p.name()));
            default -> stored.toLowerCase(Locale.ROOT).compareTo(value.toLowerCase(Locale.ROOT));
        };
    }

    private static BigDecimal number(String value, PropertyDef p) {
        try {
            return new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            throw HubSpotException.validation("There was a problem with the request: " + value
                    + " is not a valid number for property " + p.name());
        }
    }
}
