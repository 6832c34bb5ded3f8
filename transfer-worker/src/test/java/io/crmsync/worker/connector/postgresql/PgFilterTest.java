package io.crmsync.worker.connector.postgresql;

import static io.crmsync.worker.testing.FilterTrees.and;
import static io.crmsync.worker.testing.FilterTrees.compare;
import static io.crmsync.worker.testing.FilterTrees.eq;
import static io.crmsync.worker.testing.FilterTrees.in;
import static io.crmsync.worker.testing.FilterTrees.isNull;
import static io.crmsync.worker.testing.FilterTrees.like;
import static io.crmsync.worker.testing.FilterTrees.not;
import static io.crmsync.worker.testing.FilterTrees.or;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.crmsync.proto.config.v1.FilterExpression;
import io.crmsync.proto.config.v1.FilterOperator;
import io.crmsync.worker.connector.Position;
import io.crmsync.worker.connector.ReadRequest;
import io.crmsync.worker.connector.RecordStream;
import io.crmsync.worker.testing.Db;
import io.crmsync.worker.testing.Fixtures;

/** Filters rendered into the read of a real PostgreSQL table. */
class PgFilterTest {

    private static final List<String> FIELDS = List.of("id", "name", "updated_at");
    private static String url;
    private Db db;
    private PgSource source;

    @BeforeAll
    static void createDatabase() {
        url = Db.recreate(Fixtures.SOURCE_DB);
    }

    @BeforeEach
    void seed() {
        db = Db.connect(url);
        db.exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
        db.exec("""
                CREATE TABLE people (id int PRIMARY KEY, name text, email varchar(100), kind text, score numeric(6,2),
                                     active boolean, born date, updated_at timestamptz NOT NULL)""");
        db.exec("""
                INSERT INTO people (id, name, email, kind, score, active, born, updated_at)
                SELECT id, name, email, kind, score, active, born, CAST(? AS timestamptz) + id * interval '1 second'
                FROM (VALUES (1, 'Anna', 'anna@x.com', 'customer', 10, true, DATE '1980-05-01'),
                             (2, 'Andrew', NULL, 'customer', 5, false, DATE '1995-01-01'),
                             (3, 'Bob', 'bob@y.org', 'partner', 20, true, NULL),
                             (4, 'O''Brien', 'ob@x.com', NULL, 15.5, NULL, DATE '1970-12-31'),
                             (5, 'say "hi"', NULL, 'lead', NULL, true, NULL),
                             (6, '50% off', 'deal@x.com', 'lead', 1, false, NULL),
                             (7, 'A_B', 'ab@x.com', 'customer', 30, true, NULL),
                             (8, 'Ax', 'ax@z.com', 'customer', 12, NULL, NULL),
                             (9, 'Zed', 'zed@x.com', 'partner', 0, false, NULL))
                     AS v(id, name, email, kind, score, active, born)""", Fixtures.T0.toString());
        source = new PgSource(Fixtures.endpoint("src", url));
    }

    @AfterEach
    void close() {
        source.close();
        db.close();
    }

    static Stream<Arguments> filters() {
        return Stream.of(
                Arguments.of(isNull("email", false), List.of(2, 5)),
                Arguments.of(isNull("email", true), List.of(1, 3, 4, 6, 7, 8, 9)),
                Arguments.of(compare("kind", FilterOperator.FILTER_OPERATOR_NOT_EQUAL, "customer"),
                        List.of(3, 5, 6, 9)),
                Arguments.of(not(eq("kind", "customer")), List.of(3, 5, 6, 9)),
                Arguments.of(in("kind", false, "partner", "lead"), List.of(3, 5, 6, 9)),
                Arguments.of(in("kind", true, "customer", "lead"), List.of(3, 9)),
                Arguments.of(in("id", false, 1L, 3L, 99L), List.of(1, 3)),
                Arguments.of(like("name", false, "A%"), List.of(1, 2, 7, 8)),
                Arguments.of(like("name", false, "A_"), List.of(8)),
                Arguments.of(like("name", false, "A\\_%"), List.of(7)),
                Arguments.of(like("name", false, "50\\%%"), List.of(6)),
                Arguments.of(like("name", true, "%n%"), List.of(3, 5, 6, 7, 8, 9)),
                Arguments.of(like("email", false, "%@x.com"), List.of(1, 4, 6, 7, 9)),
                // kind = 'partner' OR kind = 'customer' AND active = true: AND binds tighter
                Arguments.of(or(eq("kind", "partner"), and(eq("kind", "customer"), eq("active", true))),
                        List.of(1, 3, 7, 9)),
                Arguments.of(and(or(eq("kind", "partner"), eq("kind", "customer")), eq("active", true)),
                        List.of(1, 3, 7)),
                Arguments.of(eq("name", "O'Brien"), List.of(4)),
                Arguments.of(eq("name", "say \"hi\""), List.of(5)),
                Arguments.of(compare("score", FilterOperator.FILTER_OPERATOR_GREATER_OR_EQUAL, new BigDecimal("12.5")),
                        List.of(3, 4, 7)),
                Arguments.of(compare("score", FilterOperator.FILTER_OPERATOR_LESS, 5L), List.of(6, 9)),
                Arguments.of(compare("born", FilterOperator.FILTER_OPERATOR_LESS_OR_EQUAL, "1980-05-01"),
                        List.of(1, 4)),
                Arguments.of(compare("updated_at", FilterOperator.FILTER_OPERATOR_GREATER,
                        Fixtures.T0.plusSeconds(7).toString()), List.of(8, 9)),
                Arguments.of(eq("active", false), List.of(2, 6, 9)),
                Arguments.of(eq("name", "x'); DROP TABLE people; --"), List.of()),
                Arguments.of(eq("name", "' OR '1'='1"), List.of()));
    }

    @ParameterizedTest
    @MethodSource("filters")
    void shouldSelectExactlyTheMatchingRows(FilterExpression filter, List<Integer> expectedIds) {
        // when
        List<Object> ids = read(request(filter, null, null, null));

        // then
        assertThat(ids).containsExactlyElementsOf(expectedIds.stream().map(Long::valueOf).map(Object.class::cast)
                .toList());
        assertThat(db.count("people")).isEqualTo(9);
        assertThat(source.filterProblems("people", filter)).isEmpty();
    }

    @Test
    void shouldBindEveryValueAndPatternInsteadOfWritingItIntoTheStatement() {
        // given
        FilterExpression filter = or(eq("name", "x'); DROP TABLE people; --"), like("email", true, "%'--%"),
                in("kind", false, "a\"b"));

        // when
        PgReadQuery query = PgReadQuery.of(source.requireTable("people"), request(filter, null, null, null));

        // then
        assertThat(query.sql()).contains("(\"name\" = CAST(? AS pg_catalog.text) OR \"email\" NOT LIKE "
                + "CAST(? AS pg_catalog.text) ESCAPE E'\\\\' OR \"kind\" IN (CAST(? AS pg_catalog.text)))")
                .doesNotContain("DROP").doesNotContain("'--");
        assertThat(query.parameters()).containsExactly("x'); DROP TABLE people; --", "%'--%", "a\"b");
    }

    @Test
    void shouldAndTheFilterWithTheWindowAndTheCheckpoint() {
        // given: customers are 1, 2, 7, 8; the window holds ids 2..7
        FilterExpression customers = eq("kind", "customer");
        Position afterTwo = new Position(Fixtures.T0.plusSeconds(2), List.of("2"));

        // when
        List<Object> window = read(request(customers, Fixtures.T0.plusSeconds(2), Fixtures.T0.plusSeconds(8), null));
        List<Object> resumed = read(request(customers, Fixtures.T0.plusSeconds(2), Fixtures.T0.plusSeconds(8),
                afterTwo));

        // then
        assertThat(window).containsExactly(2L, 7L);
        assertThat(resumed).containsExactly(7L);
    }

    @Test
    void shouldNameEveryValueThatCannotBeCastAndLikeOnANonTextField() {
        // given
        FilterExpression filter = and(eq("score", "abc"), in("id", false, 1L, "x", 2L), like("score", false, "1%"),
                eq("active", "maybe"), eq("name", 5L), eq("born", "1980-02-30"));

        // when
        List<String> problems = source.filterProblems("people", filter);

        // then
        assertThat(problems).containsExactly(
                "filter value 'abc' cannot be compared with field 'score' of type numeric(6,2)",
                "filter value 'x' cannot be compared with field 'id' of type integer",
                "filter field 'score' has type numeric(6,2), but LIKE needs a text field",
                "filter value 'maybe' cannot be compared with field 'active' of type boolean",
                "filter value '1980-02-30' cannot be compared with field 'born' of type date");
    }

    private ReadRequest request(FilterExpression filter, java.time.Instant start, java.time.Instant end,
            Position after) {
        return new ReadRequest("people", FIELDS, "updated_at", List.of("id"), start, end, after, 3, filter);
    }

    private List<Object> read(ReadRequest request) {
        List<Object> ids = new ArrayList<>();
        try (RecordStream stream = source.read(request)) {
            stream.forEachRemaining(r -> ids.add(r.value("id")));
        }
        return ids;
    }
}
