package io.crmsync.worker.connector.mariadb;

import static io.crmsync.worker.testing.FilterTrees.and;
import static io.crmsync.worker.testing.FilterTrees.eq;
import static io.crmsync.worker.testing.FilterTrees.in;
import static io.crmsync.worker.testing.FilterTrees.like;
import static io.crmsync.worker.testing.FilterTrees.not;
import static io.crmsync.worker.testing.FilterTrees.or;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.proto.config.v1.FilterExpression;
import io.crmsync.rules.FieldType;
import io.crmsync.worker.connector.KeyRange;
import io.crmsync.worker.connector.ObjectDescription;
import io.crmsync.worker.connector.Position;
import io.crmsync.worker.connector.ReadRequest;
import io.crmsync.worker.connector.SourceRecord;
import io.crmsync.worker.testing.Db;

class MariaDbSourceTest {

    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    private static final List<String> FIELDS = List.of("id", "name", "updated_at");
    private static String url;
    private Db db;
    private MariaDbSource source;

    @BeforeAll
    static void createDatabase() {
        url = Db.recreateMariaDb(MariaDbTestEndpoints.DB + "_src");
    }

    @BeforeEach
    void createTables() {
        db = Db.connectMariaDb(url);
        db.exec("DROP TABLE IF EXISTS people, typed");
        db.exec("CREATE TABLE people (id bigint PRIMARY KEY, name varchar(50), updated_at datetime(6) NOT NULL, "
                + "KEY people_cursor (updated_at, id))");
        // ids 1..30, three rows per second: ties on the cursor are broken by id
        for (int id = 1; id <= 30; id++) {
            db.exec("INSERT INTO people VALUES (?, ?, ?)", id, "Person" + id,
                    LocalDateTime.parse("2024-03-01T10:00:00").plusSeconds((id - 1) / 3));
        }
        source = new MariaDbSource(MariaDbTestEndpoints.endpoint("crm", url));
    }

    @AfterEach
    void close() {
        source.close();
        db.close();
    }

    @Test
    void shouldDescribeColumnsInOrderWithMariaDbTypesAndUniqueKeys() {
        // given
        db.exec("CREATE TABLE typed (id int unsigned NOT NULL AUTO_INCREMENT, code varchar(200) NOT NULL, "
                + "active tinyint(1), seen datetime(6), changed timestamp NULL, born date, amount decimal(10,2), "
                + "ratio double, kind enum('a','b'), PRIMARY KEY (id), UNIQUE KEY typed_code (code), "
                + "UNIQUE KEY typed_prefix (kind, code(10)))");

        // when
        ObjectDescription description = source.describe("typed").orElseThrow();

        // then
        assertThat(description.fields()).extracting(ObjectDescription.Field::name, ObjectDescription.Field::type,
                ObjectDescription.Field::nullable, ObjectDescription.Field::temporal).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("id", "int(10) unsigned", false, false),
                        org.assertj.core.groups.Tuple.tuple("code", "varchar(200)", false, false),
                        org.assertj.core.groups.Tuple.tuple("active", "tinyint(1)", true, false),
                        org.assertj.core.groups.Tuple.tuple("seen", "datetime(6)", true, true),
                        org.assertj.core.groups.Tuple.tuple("changed", "timestamp", true, true),
                        org.assertj.core.groups.Tuple.tuple("born", "date", true, true),
                        org.assertj.core.groups.Tuple.tuple("amount", "decimal(10,2)", true, false),
                        org.assertj.core.groups.Tuple.tuple("ratio", "double", true, false),
                        org.assertj.core.groups.Tuple.tuple("kind", "enum('a','b')", true, false));
        assertThat(description.uniqueKeys()).containsExactly(List.of("id"), List.of("code"));
        assertThat(description.fields()).extracting(f -> FieldType.of("mariadb", f.type())).containsExactly(
                FieldType.INTEGER, FieldType.TEXT, FieldType.BOOLEAN, FieldType.LOCAL_TIMESTAMP, FieldType.TIMESTAMP,
                FieldType.DATE, FieldType.DECIMAL, FieldType.DECIMAL, FieldType.TEXT);
        assertThat(source.describe("Typed")).isEmpty();
        assertThat(source.describe("`" + url.substring(url.lastIndexOf('/') + 1) + "`.typed")).isPresent();
    }

    @Test
    void shouldReadValuesAsTheEngineTypes() {
        // given
        db.exec("CREATE TABLE typed (id bigint PRIMARY KEY, active tinyint(1), seen datetime(6), "
                + "changed timestamp(3) NULL, born date, amount decimal(10,2), ratio double, f float, "
                + "big bigint unsigned, label varchar(10))");
        db.exec("SET time_zone = '+00:00'");
        db.exec("INSERT INTO typed VALUES (1, 1, '2024-03-01 10:00:00.5', '2024-03-01 10:00:00.25', '2024-02-29', "
                + "12.50, 0.5, 1.1, 18446744073709551615, 'x'), (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
                + "NULL)");

        // when
        List<SourceRecord> records = read(new ReadRequest("typed", List.of("id", "active", "seen", "changed", "born",
                "amount", "ratio", "f", "big", "label"), "", List.of("id"), null, null, null, 10));

        // then
        assertThat(records.get(0).values()).containsExactlyEntriesOf(orderedMap(
                "id", 1L, "active", true, "seen", LocalDateTime.parse("2024-03-01T10:00:00.5"),
                "changed", OffsetDateTime.parse("2024-03-01T10:00:00.25Z"), "born", LocalDate.parse("2024-02-29"),
                "amount", new BigDecimal("12.50"), "ratio", 0.5, "f", 1.1,
                "big", new BigDecimal("18446744073709551615"), "label", "x"));
        assertThat(records.get(1).values().values().stream().skip(1)).containsOnlyNulls();
    }

    @Test
    void shouldReadTheWindowInCursorAndKeyOrder() {
        // when: [T0+2s, T0+5s) holds ids 7..15
        List<SourceRecord> records = read(new ReadRequest("people", FIELDS, "updated_at", List.of("id"),
                T0.plusSeconds(2), T0.plusSeconds(5), null, 4));

        // then
        assertThat(records).extracting(r -> r.value("id")).containsExactly(7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L,
                15L);
        assertThat(records.get(0).position()).isEqualTo(new Position(T0.plusSeconds(2), List.of("7")));
    }

    @Test
    void shouldResumeStrictlyAfterAPositionInsideATie() {
        // given: ids 4, 5, 6 share T0+1s; resume after 5
        Position after = read(new ReadRequest("people", FIELDS, "updated_at", List.of("id"), null, null, null, 100))
                .get(4).position();

        // when
        List<SourceRecord> records = read(new ReadRequest("people", FIELDS, "updated_at", List.of("id"), null, null,
                after, 100));

        // then
        assertThat(after.key()).containsExactly("5");
        assertThat(records).extracting(r -> r.value("id")).first().isEqualTo(6L);
        assertThat(records).hasSize(25);
    }

    @Test
    void shouldInterpretDateTimesInTheEndpointZone() {
        // given: Berlin is UTC+1 in March, so 10:00 there is 09:00 UTC
        try (MariaDbSource berlin = new MariaDbSource(MariaDbTestEndpoints.endpoint("crm", url, "Europe/Berlin"))) {

            // when: [09:00:02Z, 09:00:03Z) is 10:00:02..10:00:03 Berlin: ids 7..9
            List<SourceRecord> records = new ArrayList<>();
            berlin.read(new ReadRequest("people", FIELDS, "updated_at", List.of("id"), T0.minusSeconds(3598),
                    T0.minusSeconds(3597), null, 10)).forEachRemaining(records::add);

            // then
            assertThat(records).extracting(r -> r.value("id")).containsExactly(7L, 8L, 9L);
            assertThat(records.get(0).position().modifiedTime()).isEqualTo(T0.minusSeconds(3598));
        }
    }

    @Test
    void shouldUseTheCursorIndexForAResumedRead() {
        // when
        List<List<String>> plan = db.rows("EXPLAIN SELECT id FROM people WHERE updated_at >= ? AND (updated_at > ? "
                + "OR updated_at = ? AND (id > CAST(? AS SIGNED))) ORDER BY updated_at, id",
                LocalDateTime.parse("2024-03-01T10:00:05"), LocalDateTime.parse("2024-03-01T10:00:05"),
                LocalDateTime.parse("2024-03-01T10:00:05"), "16");

        // then: a range scan on (updated_at, id), no filesort
        assertThat(plan.get(0).get(3)).isEqualTo("range");
        assertThat(plan.get(0).get(5)).isEqualTo("people_cursor");
    }

    @Test
    void shouldStreamInsteadOfLoadingTheWholeResult() throws Exception {
        // when
        try (MariaDbRecordStream stream = (MariaDbRecordStream) source.read(new ReadRequest("people", FIELDS,
                "updated_at", List.of("id"), null, null, null, 5))) {

            // then
            assertThat(stream.resultSet().getClass().getSimpleName()).isEqualTo("StreamingResult");
            assertThat(stream.next().value("id")).isEqualTo(1L);
        }
    }

    @Test
    void shouldReadAKeyRangeWithNullKeysInTheFirstRange() {
        // given
        db.exec("CREATE TABLE typed (id int PRIMARY KEY, code int NULL)");
        db.exec("INSERT INTO typed VALUES (1, NULL), (2, 5), (3, 10), (4, 15)");
        List<String> fields = List.of("id", "code");

        // when
        List<SourceRecord> first = read(new ReadRequest("typed", fields, "", List.of("id"), null, null, null, 10,
                null, new KeyRange("code", null, "10")));
        List<SourceRecord> second = read(new ReadRequest("typed", fields, "", List.of("id"), null, null, null, 10,
                null, new KeyRange("code", "10", null)));

        // then
        assertThat(first).extracting(r -> r.value("id")).containsExactly(1L, 2L);
        assertThat(second).extracting(r -> r.value("id")).containsExactly(3L, 4L);
    }

    @Test
    void shouldApplyAFilterWithBoundValues() {
        // given
        FilterExpression filter = or(and(in("id", false, 1, 2, 3, 4), not(eq("name", "Person2"))),
                like("name", false, "Person3_"));

        // when
        List<SourceRecord> records = read(new ReadRequest("people", FIELDS, "updated_at", List.of("id"), null, null,
                null, 100, filter));

        // then
        assertThat(source.filterProblems("people", filter)).isEmpty();
        assertThat(records).extracting(r -> r.value("id")).containsExactly(1L, 3L, 4L, 30L);
    }

    @Test
    void shouldNameFilterValuesAndOperatorsTheFieldCannotTake() {
        // when
        List<String> problems = source.filterProblems("people",
                and(eq("id", "abc"), eq("id", 7), like("updated_at", false, "2024%"), eq("updated_at", "nope")));

        // then
        assertThat(problems).containsExactly(
                "filter value 'abc' cannot be compared with field 'id' of type bigint(20)",
                "filter field 'updated_at' has type datetime(6), but LIKE needs a text field",
                "filter value 'nope' cannot be compared with field 'updated_at' of type datetime(6)");
    }

    private List<SourceRecord> read(ReadRequest request) {
        List<SourceRecord> records = new ArrayList<>();
        try (var stream = source.read(request)) {
            stream.forEachRemaining(records::add);
        }
        return records;
    }

    private static Map<String, Object> orderedMap(Object... pairs) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
