package io.crmsync.config.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.crmsync.config.endpoint.EndpointType;

class FilterCapabilitiesTest {

    private static final String EVERYTHING = "a = 1 AND NOT (b IN (1, 2) OR c NOT IN ('x')) AND d LIKE 'x_y%z' "
            + "AND e NOT LIKE '%q' AND f IS NULL AND Owner.Name != 'n' AND A.B.C.D.E.F.G = 1";

    static Stream<Arguments> cases() {
        return Stream.of(
                // type, filter, expected refusal fragment (null: accepted)
                Arguments.of(EndpointType.POSTGRESQL, EVERYTHING, null),
                Arguments.of(EndpointType.MARIADB, EVERYTHING, null),
                Arguments.of(EndpointType.SALESFORCE, "a = 1 AND NOT (b IN (1) OR c LIKE 'x_y') AND A.B.C.D.E.F = 1",
                        null),
                Arguments.of(EndpointType.SALESFORCE, "A.B.C.D.E.F.G = 1",
                        "Salesforce SOQL cannot express a dot path through more than five related objects "
                                + "(at A.B.C.D.E.F.G)"),
                Arguments.of(EndpointType.DYNAMICS, "NOT (a = 1 OR b NOT IN (2)) AND n LIKE 'Ab%' AND m LIKE '%x%' "
                        + "AND k NOT LIKE '%z' AND parent.name = 'x' AND q IS NULL", null),
                Arguments.of(EndpointType.DYNAMICS, "n LIKE 'A_c'", "startswith, endswith and contains"),
                Arguments.of(EndpointType.DYNAMICS, "n LIKE 'A%c'", "a LIKE pattern with _ or with % inside"),
                Arguments.of(EndpointType.DYNAMICS, "n LIKE 'A\\%c'", null),
                Arguments.of(EndpointType.DYNAMICS, "account.owner.name = 'x'",
                        "only the columns of a directly related (lookup) table"),
                Arguments.of(EndpointType.HUBSPOT, "(a = 1 AND b != 2) OR c IN ('x') OR d NOT IN ('y') "
                        + "OR e IS NULL OR f IS NOT NULL", null),
                Arguments.of(EndpointType.HUBSPOT, "NOT a = 1", "HubSpot search cannot express NOT (at a)"),
                Arguments.of(EndpointType.HUBSPOT, "a = 1 AND (b = 2 OR c = 3)", "OR may only join the top level"),
                Arguments.of(EndpointType.HUBSPOT, "email LIKE '%@x.com'", "whole tokens"),
                Arguments.of(EndpointType.HUBSPOT, "email NOT LIKE 'x'", "whole tokens"),
                Arguments.of(EndpointType.HUBSPOT, "company.name = 'x'", "only the object's own properties"),
                Arguments.of(EndpointType.HUBSPOT, joined(6, " OR "),
                        "at most 5 OR-ed filter groups; this filter has 6"),
                Arguments.of(EndpointType.HUBSPOT, joined(11, " AND "),
                        "at most 10 AND-ed conditions per filter group"),
                Arguments.of(EndpointType.HUBSPOT, Stream.generate(() -> "(" + joined(6, " AND ") + ")").limit(5)
                        .collect(Collectors.joining(" OR ")), "at most 25 conditions in all; this filter has 30"),
                Arguments.of(EndpointType.HUBSPOT, Stream.generate(() -> "(" + joined(5, " AND ") + ")").limit(5)
                        .collect(Collectors.joining(" OR ")), null),
                Arguments.of(EndpointType.CSV, "a = 1", "the csv connector reads whole files"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void shouldRefuseWhatTheSourceConnectorCannotExpress(EndpointType type, String filter, String refusal) {
        // when
        var result = FilterCapabilities.refusal(type, FilterParser.parse(filter));

        // then
        if (refusal == null) {
            assertThat(result).isEmpty();
        } else {
            assertThat(result).hasValueSatisfying(reason -> assertThat(reason).contains(refusal));
        }
    }

    private static String joined(int conditions, String junction) {
        return Stream.iterate(1, i -> i + 1).limit(conditions).map(i -> "p" + i + " = " + i)
                .collect(Collectors.joining(junction));
    }
}
