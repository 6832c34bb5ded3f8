package io.crmsync.worker.connector.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.KeyRange;
import io.crmsync.worker.connector.ObjectDescription;
import io.crmsync.worker.connector.Position;
import io.crmsync.worker.connector.ReadRequest;
import io.crmsync.worker.connector.RecordStream;
import io.crmsync.worker.connector.SourceRecord;
import io.crmsync.worker.connector.SourceSession;

class CsvSourceTest {

    private static final List<String> FIELDS = List.of("id", "name", "seen");

    @TempDir
    Path dir;

    @Test
    void shouldDescribeTheHeaderAsNullableTextWithoutKeys() throws IOException {
        // given
        write("contacts", "id,name,seen\n1,a,2024-01-01T00:00:00Z\n");

        // when
        ObjectDescription description = source().describe("contacts").orElseThrow();

        // then
        assertThat(description.fields()).containsExactly(
                new ObjectDescription.Field("id", "text", true, false, false),
                new ObjectDescription.Field("name", "text", true, false, false),
                new ObjectDescription.Field("seen", "text", true, false, false));
        assertThat(description.uniqueKeys()).isEmpty();
        assertThat(source().describe("missing")).isEmpty();
    }

    @Test
    void shouldNameFieldsByPositionWithoutAHeader() throws IOException {
        // given
        write("contacts", "1;a\n2;b\n");

        // when
        SourceSession source = open(Map.of("header", "false", "delimiter", ";"));

        // then
        assertThat(source.describe("contacts").orElseThrow().fields()).extracting(ObjectDescription.Field::name)
                .containsExactly("column1", "column2");
        assertThat(read(source, request(List.of("column1", "column2"), List.of("column1"), null)))
                .containsExactly("1 {column1=1, column2=a}", "2 {column1=2, column2=b}");
    }

    @ParameterizedTest
    @ValueSource(strings = { "../contacts", "..", "sub/contacts", "/etc/passwd", ".contacts.csv", "a\\b" })
    void shouldRefuseObjectNamesOutsideTheDirectory(String name) {
        assertThatThrownBy(() -> source().describe(name)).isInstanceOf(ConnectorException.class)
                .hasMessageContaining("'" + name + "'")
                .extracting(e -> ((ConnectorException) e).reason()).isEqualTo(ConnectorException.Reason.CONFIGURATION);
    }

    @Test
    void shouldRefuseAPathThatIsNoDirectory() {
        assertThatThrownBy(() -> new CsvConnector(dir).openSource(endpoint(Map.of("path", dir.resolve("nope").toString()))))
                .isInstanceOf(ConnectorException.class).hasMessageContaining("not a directory");
    }

    @Test
    void shouldRefuseADirectoryOutsideTheCsvRootAndResolveRelativePathsInsideIt() throws IOException {
        // given: a root holding "exports", a directory beside the root, and a link from the root to it
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(root.resolve("exports"));
        Files.writeString(root.resolve("exports/contacts.csv"), "id\n1\n");
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.createSymbolicLink(root.resolve("link"), outside);
        CsvConnector confined = new CsvConnector(root);

        // when / then
        for (String path : List.of(outside.toString(), "../outside", "link", "exports/../../outside")) {
            assertThatThrownBy(() -> confined.openSource(endpoint(Map.of("path", path))), path)
                    .isInstanceOf(ConnectorException.class).hasMessageContaining("outside the worker's CSV root");
        }
        try (var session = confined.openSource(endpoint(Map.of("path", "exports")))) {
            assertThat(session.describe("contacts")).isPresent();
        }
    }

    @Test
    void shouldReadInFileOrderAndRejectMalformedRecordsByLine() throws IOException {
        // given
        write("contacts", "id,name,seen\n3,c,x\n1,\"a\"b,x\n2,b\n4,\"d\nd\",x\n");

        // when
        List<String> records = read(source(), request(FIELDS, List.of("id"), null));

        // then
        assertThat(records).containsExactly("3 {id=3, name=c, seen=x}",
                "null REJECT source.malformed_csv line 3: unexpected text after the closing quote of field 2",
                "null REJECT source.malformed_csv line 4: expected 3 fields, found 2",
                "4 {id=4, name=d\nd, seen=x}");
    }

    @Test
    void shouldResumeStrictlyAfterTheFirstRecordWithTheCheckpointKey() throws IOException {
        // given
        write("contacts", "id,name,seen\n5,e,x\nbad\"\n2,b,x\n9,i,x\n1,a,x\n");

        // when
        List<String> records = read(source(), request(FIELDS, List.of("id"), new Position(null, List.of("2"))));

        // then: the malformed record was before the checkpoint and is not read again
        assertThat(records).containsExactly("9 {id=9, name=i, seen=x}", "1 {id=1, name=a, seen=x}");
    }

    @Test
    void shouldReadTheWholeFileAgainWhenTheCheckpointKeyIsGone() throws IOException {
        // given
        write("contacts", "id,name,seen\n5,e,x\n9,i,x\n");

        // when
        List<String> records = read(source(), request(FIELDS, List.of("id"), new Position(null, List.of("7"))));

        // then
        assertThat(records).containsExactly("5 {id=5, name=e, seen=x}", "9 {id=9, name=i, seen=x}");
    }

    @Test
    void shouldKeepTheCursorWindowAndRejectUnparsableCursorValues() throws IOException {
        // given
        write("contacts", "id,name,seen\n1,a,2024-03-01T09:59:59Z\n2,b,2024-03-01T10:00:00Z\n"
                + "3,c,2024-03-01T11:30:00+01:00\n4,d,yesterday\n5,e,\n6,f,2024-03-01T11:00:00\n"
                + "7,g,2024-03-01T11:00:00Z\n");
        ReadRequest request = new ReadRequest("contacts", FIELDS, "seen", List.of("id"),
                Instant.parse("2024-03-01T10:00:00Z"), Instant.parse("2024-03-01T11:00:00Z"), null, 100);

        // when: local date-times are in the endpoint's zone, UTC+1 in March
        List<SourceRecord> records = all(open(Map.of("timeZone", "Europe/Berlin")), request);

        // then
        assertThat(records).extracting(r -> r.unreadable() == null ? r.position().toString()
                : r.unreadable().message()).containsExactly(
                        "Position[modifiedTime=2024-03-01T10:00:00Z, key=[2]]",
                        "Position[modifiedTime=2024-03-01T10:30:00Z, key=[3]]",
                        "line 5: cursor field 'seen' holds 'yesterday', not an ISO-8601 date-time",
                        "line 6: cursor field 'seen' holds no value, not an ISO-8601 date-time",
                        "Position[modifiedTime=2024-03-01T10:00:00Z, key=[6]]");
        assertThat(records.get(2).unreadable().code()).isEqualTo("source.invalid_cursor_value");
        assertThat(records.get(2).values()).containsEntry(SourceRecord.RAW_TEXT, "4,d,yesterday");
        assertThat(records.get(2).position().isComplete()).isFalse();
    }

    @Test
    void shouldRefuseRangesFiltersMissingObjectsAndUnknownFields() throws IOException {
        // given
        write("contacts", "id,name,seen\n");
        SourceSession source = source();
        ReadRequest ranged = new ReadRequest("contacts", FIELDS, "", List.of("id"), null, null, null, 10, null,
                new KeyRange("id", null, "5"));

        // then
        assertThatThrownBy(() -> source.read(ranged)).hasMessageContaining("key range");
        assertThatThrownBy(() -> source.read(new ReadRequest("missing", FIELDS, "", List.of("id"), null, null, null,
                10)))
                .hasMessageContaining("object 'missing' does not exist");
        assertThatThrownBy(() -> source.read(request(List.of("id", "email"), List.of("id"), null)))
                .hasMessage("object 'contacts' has no field 'email'");
        assertThat(source.filterProblems("contacts", null)).isNotEmpty();
    }

    private ReadRequest request(List<String> fields, List<String> keys, Position after) {
        return new ReadRequest("contacts", fields, "", keys, null, null, after, 100);
    }

    /** Each record as {@code key values}, or {@code key REJECT code message}. */
    private static List<String> read(SourceSession source, ReadRequest request) {
        return all(source, request).stream().map(r -> r.unreadable() == null
                ? String.join(",", r.position().key()) + " " + r.values()
                : r.position().key().get(0) + " REJECT " + r.unreadable().code() + " " + r.unreadable().message())
                .toList();
    }

    private static List<SourceRecord> all(SourceSession source, ReadRequest request) {
        List<SourceRecord> records = new ArrayList<>();
        try (RecordStream stream = source.read(request)) {
            stream.forEachRemaining(records::add);
        }
        return records;
    }

    private SourceSession source() {
        return open(Map.of());
    }

    private SourceSession open(Map<String, String> settings) {
        return new CsvConnector(dir).openSource(endpoint(settings));
    }

    private EndpointAccess endpoint(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(Map.of("path", dir.toString()));
        all.putAll(settings);
        return new EndpointAccess("e1", "files", "csv", all, Map.of());
    }

    private void write(String object, String content) throws IOException {
        Files.writeString(dir.resolve(object + ".csv"), content, StandardCharsets.UTF_8);
    }
}
