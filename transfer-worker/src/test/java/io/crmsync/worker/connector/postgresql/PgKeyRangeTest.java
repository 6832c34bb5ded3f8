package io.crmsync.worker.connector.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.worker.connector.KeyRange;
import io.crmsync.worker.connector.ReadRequest;
import io.crmsync.worker.connector.RecordStream;
import io.crmsync.worker.testing.Db;
import io.crmsync.worker.testing.Fixtures;

/** Planning key ranges on a real table, and reading them back: every row in exactly one range. */
class PgKeyRangeTest {

    private static String url;
    private Db db;
    private PgSource source;

    @BeforeAll
    static void createDatabase() {
        url = Db.recreate(Fixtures.SOURCE_DB);
    }

    @BeforeEach
    void connect() {
        db = Db.connect(url);
        db.exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
        source = new PgSource(Fixtures.endpoint("src", url));
    }

    @AfterEach
    void close() {
        source.close();
        db.close();
    }

    @Test
    void shouldCoverEveryRowOnceWithRangesOfAboutTheAskedSize() {
        // given: 20,000 analyzed contacts
        db.exec(Fixtures.SOURCE_TABLE);
        Fixtures.seedContacts(db, 20_000, 10);
        db.exec("ANALYZE contacts");

        // when
        List<KeyRange> ranges = source.planRanges("contacts", "id", 5_000, 64);

        // then: about four contiguous ranges, each read holding a fair share
        assertContiguous(ranges, "id");
        assertThat(ranges.size()).isBetween(3, 5);
        List<String> ids = new ArrayList<>();
        for (KeyRange range : ranges) {
            List<String> part = readIds("contacts", "id", range);
            assertThat(part.size()).as("rows of " + range).isBetween(1_000, 9_000);
            ids.addAll(part);
        }
        assertThat(ids).hasSize(20_000).doesNotHaveDuplicates();
    }

    @Test
    void shouldCountAnUnanalyzedTableAndPutRowsWithoutAKeyInTheFirstRange() {
        // given: a text key, some rows without one, never analyzed
        db.exec("CREATE TABLE accounts (code text, name text)");
        db.exec("INSERT INTO accounts SELECT 'acct-' || lpad(g::text, 6, '0'), 'n' || g FROM generate_series(1, 3000) g");
        db.exec("INSERT INTO accounts SELECT NULL, 'keyless' || g FROM generate_series(1, 5) g");

        // when
        List<KeyRange> ranges = source.planRanges("accounts", "code", 1_000, 64);

        // then
        assertContiguous(ranges, "code");
        assertThat(ranges.size()).isBetween(2, 4);
        List<String> names = new ArrayList<>();
        ranges.forEach(range -> names.addAll(readIds("accounts", "name", "code", range)));
        assertThat(names).hasSize(3005).doesNotHaveDuplicates();
        assertThat(readIds("accounts", "name", "code", ranges.get(0))).contains("keyless1", "keyless5");
    }

    @Test
    void shouldNotSplitASmallTableAViewOrAKeyWithoutAnOrderedScalarType() {
        // given
        db.exec(Fixtures.SOURCE_TABLE);
        Fixtures.seedContacts(db, 500, 10);
        db.exec("CREATE VIEW contacts_view AS SELECT * FROM contacts");
        db.exec("CREATE TABLE docs (body jsonb)");
        db.exec("INSERT INTO docs SELECT jsonb_build_object('n', g) FROM generate_series(1, 5000) g");

        // when / then
        assertThat(source.planRanges("contacts", "id", 1_000, 64)).as("one range's worth").isEmpty();
        assertThat(source.planRanges("contacts_view", "id", 10, 64)).as("a view").isEmpty();
        assertThat(source.planRanges("docs", "body", 10, 64)).as("a jsonb key").isEmpty();
    }

    @Test
    void shouldCapTheNumberOfRanges() {
        // given
        db.exec(Fixtures.SOURCE_TABLE);
        Fixtures.seedContacts(db, 10_000, 10);
        db.exec("ANALYZE contacts");

        // when
        List<KeyRange> ranges = source.planRanges("contacts", "id", 10, 8);

        // then
        assertContiguous(ranges, "id");
        assertThat(ranges.size()).isBetween(2, 8);
    }

    private static void assertContiguous(List<KeyRange> ranges, String field) {
        assertThat(ranges).isNotEmpty().allSatisfy(range -> assertThat(range.field()).isEqualTo(field));
        assertThat(ranges.get(0).lower()).isNull();
        assertThat(ranges.get(ranges.size() - 1).upper()).isNull();
        for (int i = 1; i < ranges.size(); i++) {
            assertThat(ranges.get(i).lower()).isNotNull().isEqualTo(ranges.get(i - 1).upper());
        }
    }

    private List<String> readIds(String table, String key, KeyRange range) {
        return readIds(table, key, key, range);
    }

    private List<String> readIds(String table, String field, String key, KeyRange range) {
        List<String> values = new ArrayList<>();
        try (RecordStream records = source.read(new ReadRequest(table, List.of(field, key), "", List.of(key), null,
                null, null, 500, null, range))) {
            while (records.hasNext()) {
                values.add(String.valueOf(records.next().value(field)));
            }
        }
        return values;
    }
}
