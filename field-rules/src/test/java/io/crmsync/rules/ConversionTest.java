package io.crmsync.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Conversions and time zones, table-driven: one row per (value, conversion, target type, zones). */
class ConversionTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId UTC = ZoneId.of("UTC");

    static Stream<Arguments> conversions() {
        LocalDateTime summerWall = LocalDateTime.parse("2024-07-01T10:30:00");
        LocalDateTime winterWall = LocalDateTime.parse("2024-01-15T23:30:00");
        OffsetDateTime instant = OffsetDateTime.parse("2024-03-31T00:30:00Z"); // the night Berlin springs forward
        return Stream.of(
                // Default: a wall-clock value is read in the source zone, written as the same instant...
                Arguments.of(summerWall, Conversion.DEFAULT, FieldType.TIMESTAMP, BERLIN, UTC,
                        OffsetDateTime.parse("2024-07-01T08:30:00Z")),
                Arguments.of(winterWall, Conversion.DEFAULT, FieldType.TIMESTAMP, BERLIN, UTC,
                        OffsetDateTime.parse("2024-01-15T22:30:00Z")),
                // A wall clock the fall-back hour repeats is the earlier instant (summer time); one the spring-forward
                // gap skips is moved forward by the gap.
                Arguments.of(LocalDateTime.parse("2023-10-29T02:30:00"), Conversion.DEFAULT, FieldType.TIMESTAMP,
                        BERLIN, UTC, OffsetDateTime.parse("2023-10-29T00:30:00Z")),
                Arguments.of(LocalDateTime.parse("2024-03-31T02:30:00"), Conversion.DEFAULT, FieldType.TIMESTAMP,
                        BERLIN, UTC, OffsetDateTime.parse("2024-03-31T01:30:00Z")),
                // ...or as the target zone's wall clock when the target stores wall-clock values.
                Arguments.of(summerWall, Conversion.DEFAULT, FieldType.LOCAL_TIMESTAMP, BERLIN, NEW_YORK,
                        LocalDateTime.parse("2024-07-01T04:30:00")),
                Arguments.of(instant, Conversion.DEFAULT, FieldType.LOCAL_TIMESTAMP, UTC, BERLIN,
                        LocalDateTime.parse("2024-03-31T01:30:00")),
                Arguments.of(OffsetDateTime.parse("2024-03-31T01:30:00Z"), Conversion.DEFAULT,
                        FieldType.LOCAL_TIMESTAMP, UTC, BERLIN, LocalDateTime.parse("2024-03-31T03:30:00")),
                // A late evening in New York is already the next day in UTC: dates follow the target zone.
                Arguments.of(winterWall, Conversion.DEFAULT, FieldType.DATE, NEW_YORK, UTC,
                        LocalDate.parse("2024-01-16")),
                Arguments.of(winterWall, Conversion.DEFAULT, FieldType.TEXT, NEW_YORK, UTC,
                        "2024-01-16T04:30Z"),
                Arguments.of(LocalDate.parse("2024-02-29"), Conversion.DEFAULT, FieldType.TIMESTAMP, BERLIN, UTC,
                        OffsetDateTime.parse("2024-02-28T23:00:00Z")),
                // Date only: the same moment, time of day dropped.
                Arguments.of(winterWall, Conversion.DATE_ONLY, FieldType.LOCAL_TIMESTAMP, NEW_YORK, UTC,
                        LocalDateTime.parse("2024-01-16T00:00:00")),
                Arguments.of(summerWall, Conversion.DATE_ONLY, FieldType.TEXT, BERLIN, BERLIN, "2024-07-01"),
                Arguments.of(instant, Conversion.DATE_ONLY, FieldType.TIMESTAMP, UTC, BERLIN,
                        OffsetDateTime.parse("2024-03-30T23:00:00Z")),
                Arguments.of("2024-07-01T10:30:00", Conversion.DATE_ONLY, FieldType.DATE, UTC, UTC,
                        LocalDate.parse("2024-07-01")),
                // Without offset: the wall clock as read, no shift in either direction.
                Arguments.of(summerWall, Conversion.WITHOUT_OFFSET, FieldType.TIMESTAMP, BERLIN, NEW_YORK,
                        OffsetDateTime.parse("2024-07-01T10:30:00Z")),
                Arguments.of(OffsetDateTime.parse("2024-07-01T10:30:00+02:00"), Conversion.WITHOUT_OFFSET,
                        FieldType.LOCAL_TIMESTAMP, UTC, NEW_YORK, summerWall),
                Arguments.of("2024-07-01 10:30:00", Conversion.WITHOUT_OFFSET, FieldType.TEXT, BERLIN, UTC,
                        "2024-07-01T10:30"),
                // Raw: the text as read.
                Arguments.of(summerWall, Conversion.RAW, FieldType.TIMESTAMP, BERLIN, UTC, "2024-07-01T10:30"),
                Arguments.of(new BigDecimal("1.50"), Conversion.RAW, FieldType.DECIMAL, UTC, UTC, "1.50"),
                // Non-temporal values pass through Default unchanged; text goes to the target as it is.
                Arguments.of(42L, Conversion.DEFAULT, FieldType.TEXT, UTC, UTC, 42L),
                Arguments.of("2024-07-01 10:30", Conversion.DEFAULT, FieldType.TIMESTAMP, BERLIN, UTC,
                        "2024-07-01 10:30"));
    }

    @ParameterizedTest(name = "{0} {1} into {2} ({3} -> {4})")
    @MethodSource("conversions")
    void converts(Object value, Conversion conversion, FieldType target, ZoneId from, ZoneId to, Object expected)
            throws Exception {
        assertThat(convert(value, conversion, null, target, from, to)).isEqualTo(expected);
    }

    static Stream<Arguments> formats() {
        return Stream.of(
                Arguments.of("31/12/2024 23:15", new SourceFormat("dd/MM/yyyy HH:mm", null, null),
                        FieldType.TIMESTAMP, OffsetDateTime.parse("2024-12-31T22:15:00Z")),
                Arguments.of("31.12.2024", new SourceFormat("dd.MM.yyyy", null, null), FieldType.DATE,
                        LocalDate.parse("2024-12-31")),
                Arguments.of("2024-12-31T23:15:00+05:00", new SourceFormat("yyyy-MM-dd'T'HH:mm:ssXXX", null, null),
                        FieldType.TIMESTAMP, OffsetDateTime.parse("2024-12-31T18:15:00Z")),
                Arguments.of("1.234.567,89", new SourceFormat(null, ",", "."), FieldType.DECIMAL,
                        new BigDecimal("1234567.89")),
                Arguments.of("1'234.5", new SourceFormat(null, ".", "'"), FieldType.DECIMAL, new BigDecimal("1234.5")),
                Arguments.of(" -12,5 ", new SourceFormat(null, ",", null), FieldType.INTEGER, new BigDecimal("-12.5")));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("formats")
    void readsSourceFormats(String text, SourceFormat format, FieldType target, Object expected) throws Exception {
        assertThat(convert(text, Conversion.DEFAULT, format, target, BERLIN, UTC)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void rejectsWhatCannotBeRead(Object value, Conversion conversion, SourceFormat format, FieldType target,
            String message) {
        assertThatThrownBy(() -> convert(value, conversion, format, target, UTC, UTC))
                .isInstanceOfSatisfying(ValueRejected.class, e -> {
                    assertThat(e.code()).isEqualTo(ValueRejected.INVALID_VALUE);
                    assertThat(e.getMessage()).contains("target field 'f'").contains(message);
                });
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("31/02/2024x", Conversion.DEFAULT, new SourceFormat("dd/MM/yyyy", null, null),
                        FieldType.DATE, "does not match the date format 'dd/MM/yyyy'"),
                Arguments.of("12.5", Conversion.DEFAULT, new SourceFormat(null, ",", null), FieldType.DECIMAL,
                        "is not a number with decimal separator ','"),
                Arguments.of("yesterday", Conversion.DATE_ONLY, null, FieldType.DATE,
                        "is not an ISO-8601 date or date-time"),
                Arguments.of(42L, Conversion.WITHOUT_OFFSET, null, FieldType.TIMESTAMP,
                        "conversion without_offset needs a date or time"));
    }

    private static Object convert(Object value, Conversion conversion, SourceFormat format, FieldType target,
            ZoneId from, ZoneId to) throws Exception {
        RuleSpec spec = new RuleSpec("f", RuleSpec.Source.SOURCE_FIELD, "s", conversion, format, null, null);
        CompiledRule rule = CompiledRule.compile(spec, target,
                new RuleEnvironment(Map.of(), from, to, name -> Optional.empty()));
        return rule.apply(field -> value);
    }
}
