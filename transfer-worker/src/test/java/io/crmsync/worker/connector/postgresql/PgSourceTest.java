package io.crmsync.worker.connector.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.worker.connector.Position;
import io.crmsync.worker.connector.ReadRequest;
import io.crmsync.worker.connector.RecordStream;
import io.crmsync.worker.connector.SourceRecord;
import io.crmsync.worker.testing.Db;
import io.crmsync.worker.testing.Fixtures;

class PgSourceTest {

    private static final List<String> FIELDS = List.of("id", "email", "updated_at");
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
        db.exec(Fixtures.SOURCE_TABLE);
        Fixtures.seedContacts(db, 30, 10);
        source = new PgSource(Fixtures.endpoint("src", url));
    }

    @AfterEach
    void close() {
        source.close();
        db.close();
    }

    @Test
    void shouldResumeStrictlyAfterAPositionInsideAGroupOfTiedTimes() {
        // given: ids 11..20 share one modification time
        Position fifteen = read(request(null, null, null)).get(14).position();

        // when
        List<SourceRecord> rest = read(request(null, null, fifteen));

        // then
        assertThat(fifteen.key()).containsExactly("15");
        assertThat(rest).extracting(r -> r.value("id")).containsExactlyElementsOf(range(16, 30));
    }

    @Test
    void shouldApplyAnInclusiveStartAndAnExclusiveEnd() {
        // when
        List<SourceRecord> window = read(request(Fixtures.T0.plusSeconds(1), Fixtures.T0.plusSeconds(2), null));

        // then
        assertThat(window).extracting(r -> r.value("id")).containsExactlyElementsOf(range(11, 20));
        assertThat(window.get(0).position().modifiedTime()).isEqualTo(Fixtures.T0.plusSeconds(1));
    }

    @Test
    void shouldResumeOnATimestampWithoutTimeZoneAsUtc() {
        // given
        db.exec("CREATE TABLE naive (code text PRIMARY KEY, changed timestamp NOT NULL)");
        db.exec("INSERT INTO naive VALUES ('a', '2024-01-01 10:00'), ('b', '2024-01-01 10:00'), "
                + "('c', '2024-01-01 10:00:00.000001')");
        ReadRequest all = new ReadRequest("naive", List.of("code", "changed"), "changed", List.of("code"), null,
                Instant.parse("2024-01-02T00:00:00Z"), null, 10);
        Position a = read(all).get(0).position();

        // when
        List<SourceRecord> rest = read(new ReadRequest("naive", List.of("code", "changed"), "changed",
                List.of("code"), null, null, a, 10));

        // then
        assertThat(a.modifiedTime()).isEqualTo(Instant.parse("2024-01-01T10:00:00Z"));
        assertThat(rest).extracting(r -> r.value("code")).containsExactly("b", "c");
    }

    @Test
    void shouldDescribeColumnsAndUniqueKeys() {
        // when
        var description = source.describe("public.contacts").orElseThrow();

        // then
        assertThat(description.fields()).extracting(f -> f.name() + ":" + f.type() + ":" + f.nullable() + ":" + f.key())
                .containsExactly("id:bigint:false:true", "email:character varying(200):true:false",
                        "first_name:text:true:false", "last_name:text:true:false", "age:integer:true:false",
                        "updated_at:timestamp with time zone:false:false");
        assertThat(description.uniqueKeys()).containsExactly(List.of("id"));
        assertThat(source.describe("no_such_table")).isEmpty();
    }

    private ReadRequest request(Instant start, Instant end, Position after) {
        return new ReadRequest("contacts", FIELDS, "updated_at", List.of("id"), start, end, after, 7);
    }

    private List<SourceRecord> read(ReadRequest request) {
        List<SourceRecord> records = new ArrayList<>();
        try (RecordStream stream = source.read(request)) {
            stream.forEachRemaining(records::add);
        }
        return records;
    }

    private static List<Object> range(long from, long to) {
        List<Object> ids = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            ids.add(i);
        }
        return ids;
    }
}
