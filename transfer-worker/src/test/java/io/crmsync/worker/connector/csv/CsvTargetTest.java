package io.crmsync.worker.connector.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.crmsync.proto.config.v1.Operation;
import io.crmsync.worker.connector.CommitGuard;
import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.TargetRow;
import io.crmsync.worker.connector.TargetSession;
import io.crmsync.worker.connector.WriteResult;
import io.crmsync.worker.connector.WriteSpec;
import io.crmsync.worker.task.LeaseLostException;

class CsvTargetTest {

    private static final WriteSpec APPEND = new WriteSpec("contacts", List.of("id", "name"), List.of("id"),
            Operation.OPERATION_INSERT_ONLY, true, true);

    @TempDir
    Path dir;

    @Test
    void shouldWriteANewFileWithHeaderQuotingListsAndIsoDates() throws IOException {
        // given
        WriteSpec spec = new WriteSpec("contacts", List.of("id", "name", "tags", "born", "seen", "at", "note"),
                List.of(), Operation.OPERATION_INSERT_ONLY, true, true);
        TargetSession target = target(Map.of());

        // when
        List<WriteResult> results = target.write(spec, List.of(
                row(1L, "Dupont, Jean", List.of("a", "b c"), LocalDate.of(1980, 2, 29),
                        OffsetDateTime.of(2024, 3, 1, 10, 0, 0, 0, ZoneOffset.UTC),
                        LocalDateTime.of(2024, 3, 1, 10, 0, 30), null),
                row(2L, "say \"hi\"", List.of(), null, null, null, ""),
                row(3L, "two\nlines", null, null, null, null, new java.math.BigDecimal("1E+3"))), CommitGuard.NONE);
        assertThat(dir.resolve("contacts.csv")).doesNotExist();
        target.close();

        // then
        assertThat(results).containsOnly(WriteResult.CREATED).hasSize(3);
        assertThat(content("contacts")).isEqualTo("id,name,tags,born,seen,at,note\r\n"
                + "1,\"Dupont, Jean\",a;b c,1980-02-29,2024-03-01T10:00:00Z,2024-03-01T10:00:30,\r\n"
                + "2,\"say \"\"hi\"\"\",\"\",,,,\"\"\r\n"
                + "3,\"two\nlines\",,,,,1000\r\n");
        assertThat(Files.list(dir).map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("contacts.csv", ".contacts.csv.lock");
    }

    @Test
    void shouldAppendInTheHeaderOrderOfAnExistingFile() throws IOException {
        // given: no line break after the last record, and a column the write does not fill
        Files.writeString(dir.resolve("contacts.csv"), "name;extra;id\nold;x;0");
        TargetSession target = target(Map.of("delimiter", ";"));

        // when
        target.write(APPEND, List.of(row(1L, "a;b")), CommitGuard.NONE);
        target.write(APPEND, List.of(row(2L, "c")), CommitGuard.NONE);
        target.close();

        // then
        assertThat(content("contacts")).isEqualTo("name;extra;id\nold;x;0\r\n\"a;b\";;1\r\nc;;2\r\n");
    }

    @Test
    void shouldLeaveOutTheBatchWhoseGuardRefuses() throws IOException {
        // given
        TargetSession target = target(Map.of());
        target.write(APPEND, List.of(row(1L, "kept")), CommitGuard.NONE);

        // when
        assertThatThrownBy(() -> target.write(APPEND, List.of(row(2L, "dropped")), () -> {
            throw new LeaseLostException("task-1", null);
        })).isInstanceOf(LeaseLostException.class);
        target.write(APPEND, List.of(row(3L, "after")), CommitGuard.NONE);
        target.close();

        // then
        assertThat(content("contacts")).isEqualTo("id,name\r\n1,kept\r\n3,after\r\n");
    }

    @Test
    void shouldAdoptTheCommittedPartOfAWorkFileADeadWorkerLeft() throws IOException {
        // given: a work file with one committed batch and half of another, and the target as it was before
        Files.writeString(dir.resolve("contacts.csv"), "id,name\r\n");
        String committed = "id,name\r\n1,committed\r\n";
        Files.writeString(dir.resolve(".contacts.csv.partial"), committed + "2,torn-of");
        Files.write(dir.resolve(".contacts.csv.committed"),
                ByteBuffer.allocate(Long.BYTES).putLong(committed.length()).array());

        // when
        TargetSession target = target(Map.of());
        target.write(APPEND, List.of(row(2L, "again")), CommitGuard.NONE);
        target.close();

        // then
        assertThat(content("contacts")).isEqualTo("id,name\r\n1,committed\r\n2,again\r\n");
        assertThat(dir.resolve(".contacts.csv.partial")).doesNotExist();
        assertThat(dir.resolve(".contacts.csv.committed")).doesNotExist();
    }

    @Test
    void shouldStartAfreshFromAWorkFileThatNeverCommitted() throws IOException {
        // given: a dead worker copied the file but never committed a batch (no marker)
        Files.writeString(dir.resolve("contacts.csv"), "id,name\r\n0,old\r\n");
        Files.writeString(dir.resolve(".contacts.csv.partial"), "id,name\r\n0,old\r\n9,never");

        // when
        TargetSession target = target(Map.of());
        target.write(APPEND, List.of(row(1L, "new")), CommitGuard.NONE);
        target.close();

        // then
        assertThat(content("contacts")).isEqualTo("id,name\r\n0,old\r\n1,new\r\n");
    }

    @Test
    void shouldRefuseASecondWriterOfTheSameObjectAsTransient() {
        // given
        TargetSession first = target(Map.of());
        first.write(APPEND, List.of(row(1L, "a")), CommitGuard.NONE);
        TargetSession second = target(Map.of());

        // then
        assertThatThrownBy(() -> second.write(APPEND, List.of(row(2L, "b")), CommitGuard.NONE))
                .isInstanceOf(ConnectorException.class).hasMessage("another task is writing to object 'contacts' now")
                .extracting(e -> ((ConnectorException) e).isTransient()).isEqualTo(true);
        first.close();
        second.write(APPEND, List.of(row(2L, "b")), CommitGuard.NONE);
        second.close();
    }

    @Test
    void shouldRejectARowTheEncodingCannotHold() throws IOException {
        // given
        TargetSession target = target(Map.of("encoding", "ISO-8859-1"));

        // when
        List<WriteResult> results = target.write(APPEND, List.of(row(1L, "Orl\u00e9ans"), row(2L, "\u20ac"),
                row(3L, "x")), CommitGuard.NONE);
        target.close();

        // then
        assertThat(results).containsExactly(WriteResult.CREATED, WriteResult.rejected("target.unencodable_value",
                "field 'name' holds a character that encoding ISO-8859-1 cannot represent"), WriteResult.CREATED);
        assertThat(Files.readAllBytes(dir.resolve("contacts.csv")))
                .isEqualTo("id,name\r\n1,Orl\u00e9ans\r\n3,x\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void shouldWriteUtf16WithOneByteOrderMark() throws IOException {
        // given
        TargetSession target = target(Map.of("encoding", "UTF-16"));

        // when
        target.write(APPEND, List.of(row(1L, "a")), CommitGuard.NONE);
        target.write(APPEND, List.of(row(2L, "b")), CommitGuard.NONE);
        target.close();

        // then
        byte[] bytes = Files.readAllBytes(dir.resolve("contacts.csv"));
        assertThat(Arrays.copyOf(bytes, 2)).isEqualTo(new byte[] { (byte) 0xFE, (byte) 0xFF });
        assertThat(new String(bytes, StandardCharsets.UTF_16)).isEqualTo("id,name\r\n1,a\r\n2,b\r\n");
    }

    @Test
    void shouldOnlyAppend() {
        // given
        TargetSession target = target(Map.of());

        // then
        assertThatThrownBy(() -> target.write(new WriteSpec("contacts", List.of("id"), List.of("id"),
                Operation.OPERATION_UPSERT, true, true), List.of(row(1L)), CommitGuard.NONE))
                .hasMessageContaining("UPSERT is not supported by the csv connector");
        assertThat(target.write(new WriteSpec("contacts", List.of("id"), List.of("id"),
                Operation.OPERATION_INSERT_ONLY, false, true), List.of(row(1L)), CommitGuard.NONE))
                .containsExactly(WriteResult.SKIPPED);
        target.close();
        assertThat(dir.resolve("contacts.csv")).doesNotExist();
        assertThat(new CsvConnector(dir).supportedOperations()).containsExactly(Operation.OPERATION_INSERT_ONLY);
    }

    private TargetSession target(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(Map.of("path", dir.toString()));
        all.putAll(settings);
        return new CsvConnector(dir).openTarget(new EndpointAccess("e1", "files", "csv", all, Map.of()));
    }

    private String content(String object) throws IOException {
        return Files.readString(dir.resolve(object + ".csv"));
    }

    private static TargetRow row(Object... values) {
        return new TargetRow(Arrays.asList(values));
    }
}
