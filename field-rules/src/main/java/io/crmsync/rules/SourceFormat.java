package io.crmsync.rules;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.Set;

/**
 * How dates and numbers are written in a text source, e.g. {@code dd/MM/yyyy HH:mm} and {@code 1.234,56}.
 *
 * @param date a {@link DateTimeFormatter} pattern; null when dates are ISO-8601
 * @param decimalSeparator {@code .} or {@code ,}; null for {@code .}
 * @param groupingSeparator the thousands separator ({@code ,} {@code .} space or {@code '}); null for none
 */
public record SourceFormat(String date, String decimalSeparator, String groupingSeparator) {

    private static final Set<String> DECIMAL_SEPARATORS = Set.of(".", ",");
    private static final Set<String> GROUPING_SEPARATORS = Set.of(",", ".", " ", "'");

    /** Checks the format on its own; the exception names the property at fault. */
    void check() throws RuleDefinitionException {
        if (date != null) {
            DateTimeFormatter formatter;
            try {
                formatter = DateTimeFormatter.ofPattern(date, Locale.ROOT);
            } catch (IllegalArgumentException e) {
                throw new RuleDefinitionException("sourceFormat.date", "is not a valid date pattern: " + e.getMessage());
            }
            // A pattern that cannot read back its own output holds no full date (e.g. "HH:mm" or "MM/dd").
            String sample = ZonedDateTime.of(2024, 3, 31, 13, 45, 30, 0, ZoneOffset.UTC).format(formatter);
            try {
                parseDate(sample, formatter);
            } catch (DateTimeParseException e) {
                throw new RuleDefinitionException("sourceFormat.date",
                        "must contain a full date (year, month and day), e.g. dd/MM/yyyy HH:mm");
            }
        }
        if (decimalSeparator != null && !DECIMAL_SEPARATORS.contains(decimalSeparator)) {
            throw new RuleDefinitionException("sourceFormat.decimalSeparator", "must be '.' or ','");
        }
        if (groupingSeparator != null && !GROUPING_SEPARATORS.contains(groupingSeparator)) {
            throw new RuleDefinitionException("sourceFormat.groupingSeparator", "must be one of ',', '.', ' ', \"'\"");
        }
        if (groupingSeparator != null && groupingSeparator.equals(effectiveDecimalSeparator())) {
            throw new RuleDefinitionException("sourceFormat.groupingSeparator",
                    "must differ from the decimal separator");
        }
    }

    boolean hasDate() {
        return date != null;
    }

    boolean hasNumber() {
        return decimalSeparator != null || groupingSeparator != null;
    }

    private String effectiveDecimalSeparator() {
        return decimalSeparator == null ? "." : decimalSeparator;
    }

    /** The text read with the date pattern: a date, a wall-clock date-time, or one with an offset. */
    Object readDate(String text) throws ValueRejected {
        try {
            return parseDate(text.trim(), DateTimeFormatter.ofPattern(date, Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new ValueRejected(ValueRejected.INVALID_VALUE,
                    Values.quoted(text) + " does not match the date format '" + date + "'");
        }
    }

    /** The text read as a number with the declared separators. */
    BigDecimal readNumber(String text) throws ValueRejected {
        String plain = text.trim();
        if (groupingSeparator != null) {
            plain = plain.replace(groupingSeparator, "");
        }
        if (!effectiveDecimalSeparator().equals(".")) {
            if (plain.contains(".")) {
                throw notANumber(text);
            }
            plain = plain.replace(effectiveDecimalSeparator(), ".");
        }
        try {
            return new BigDecimal(plain);
        } catch (NumberFormatException e) {
            throw notANumber(text);
        }
    }

    private ValueRejected notANumber(String text) {
        return new ValueRejected(ValueRejected.INVALID_VALUE, Values.quoted(text) + " is not a number with decimal "
                + "separator '" + effectiveDecimalSeparator() + "'"
                + (groupingSeparator == null ? "" : " and grouping separator '" + groupingSeparator + "'"));
    }

    private static Object parseDate(String text, DateTimeFormatter formatter) {
        TemporalAccessor parsed = formatter.parseBest(text, OffsetDateTime::from, LocalDateTime::from,
                LocalDate::from);
        return parsed;
    }
}
