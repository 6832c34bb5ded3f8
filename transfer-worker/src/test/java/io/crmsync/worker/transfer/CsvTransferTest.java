package io.crmsync.worker.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.crmsync.proto.config.v1.IntegrationPoint;
import io.crmsync.proto.config.v1.Operation;
import io.crmsync.proto.exception.v1.RejectedRecord;
import io.crmsync.proto.scheduler.v1.RunCounts;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.worker.connector.ConnectorRegistry;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.csv.CsvConnector;
import io.crmsync.worker.connector.postgresql.PostgresConnector;
import io.crmsync.worker.task.TaskControl;
import io.crmsync.worker.testing.Fixtures;
import io.crmsync.worker.testing.RecordingReporter;

/** CSV files through the real engine, to and from a real PostgreSQL database. */
class CsvTransferTest extends EngineTestBase {

    private static final String HEADER = "id,email,first_name,last_name,age,updated_at\n";

    @TempDir
    Path dir;
    EndpointAccess files;

    @BeforeEach
    void csvEndpoint() {
        files = new EndpointAccess("csv-id", "files", "csv", Map.of("path", dir.toString()), Map.of());
    }

    @Test
    void shouldUpsertAFileIntoPostgresAndFindItUnchangedTheSecondTime() throws IOException {
        // given: 25 contacts, in batches of 10
        StringBuilder file = new StringBuilder(HEADER);
        for (int i = 25; i >= 1; i--) {
            file.append(line(i));
        }
        write(file.toString().getBytes(StandardCharsets.UTF_8));
        RecordingReporter first = new RecordingReporter();
        RecordingReporter second = new RecordingReporter();

        // when
        TaskOutcome outcome = fromFile(first, 10, Fixtures.task().build());
        fromFile(second, 10, Fixtures.task().setId("task-2").build());

        // then
        assertThat(outcome).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(first.completion().counts()).isEqualTo(RunCounts.newBuilder().setRead(25).setCreated(25).build());
        assertThat(second.completion().counts())
                .isEqualTo(RunCounts.newBuilder().setRead(25).setUnchanged(25).build());
        assertThat(target.count("contacts")).isEqualTo(25);
        assertThat(target.rows("SELECT id::text, email, first_name, last_name, age::text, updated_at = ?::timestamptz "
                + "FROM contacts WHERE id = 7", Fixtures.T0.plusSeconds(7).toString()))
                .containsExactly(List.of("7", "p7@example.com", "First \"7\"", "Last, 7", "27", "t"));
        // file order, not key order: the last checkpoint is the last line's key
        assertThat(first.lastCheckpoint().cursor().getKeyList()).containsExactly("1");
    }

    @Test
    void shouldRejectMalformedLinesByNumberAndWriteOnlyTheGoodRows() throws IOException {
        // given: eight records over ten lines, three of them malformed, in batches of 3
        write(bytes(HEADER, line(1), line(2),
                "3,p3@example.com,Fi\"rst,Last,23,2024-03-01T10:00:00Z\n", // line 4: stray quote
                line(4),
                "5,p5@example.com,First,Last,25\n", // line 6: a field short
                "6,p6@example.com,", new byte[] { (byte) 0xC3, 0x28 }, ",Last,26,2024-03-01T10:00:00Z\n", // line 7
                "7,p7@example.com,First,\"Last\n7\",27,2024-03-01T10:00:00Z\n", // lines 8-9
                line(8)));
        RecordingReporter reporter = new RecordingReporter();

        // when
        TaskOutcome outcome = fromFile(reporter, 3, Fixtures.task().build());

        // then
        assertThat(outcome).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(reporter.completion().counts())
                .isEqualTo(RunCounts.newBuilder().setRead(8).setCreated(5).setRejected(3).build());
        assertThat(reporter.rejects()).extracting(RejectedRecord::getCode, RejectedRecord::getMessage).containsExactly(
                tuple("source.malformed_csv", "line 4: quote inside an unquoted field (field 3)"),
                tuple("source.malformed_csv", "line 6: expected 6 fields, found 5"),
                tuple("source.malformed_csv", "line 7: invalid byte sequence for encoding UTF-8"));
        assertThat(reporter.rejects().get(1).getPayloadJson())
                .isEqualTo("{\"raw_text\":\"5,p5@example.com,First,Last,25\"}");
        assertThat(target.rows("SELECT id::text FROM contacts ORDER BY id"))
                .containsExactly(List.of("1"), List.of("2"), List.of("4"), List.of("7"), List.of("8"));
        assertThat(target.rows("SELECT last_name FROM contacts WHERE id = 7")).containsExactly(List.of("Last\n7"));
        assertThat(reporter.lastCheckpoint().cursor().getKeyList()).containsExactly("8");
    }

    @Test
    void shouldResumeAfterTheCheckpointedLineInFileOrder() throws IOException {
        // given: the lease is lost at the 2nd checkpoint of batches of 2, after that batch was written
        write(bytes(HEADER, line(5), line(3), line(1), line(4), line(2)));
        RecordingReporter first = new RecordingReporter().loseLeaseAtCheckpoint(2);
        assertThat(fromFile(first, 2, Fixtures.task().build())).isEqualTo(TaskOutcome.STOPPED);
        RecordingReporter.Checkpoint checkpoint = first.lastCheckpoint();
        Task resumed = Fixtures.task().setEpoch(2).setCheckpoint(checkpoint.cursor()).setCounts(checkpoint.counts())
                .build();
        target.exec("UPDATE contacts SET first_name = 'changed' WHERE id IN (5, 3)");
        RecordingReporter second = new RecordingReporter();

        // when
        fromFile(second, 2, resumed);

        // then: 5 and 3 were committed and are not read again; 1 and 4 were written but not checkpointed
        assertThat(checkpoint.cursor().getKeyList()).containsExactly("3");
        assertThat(second.completion().counts())
                .isEqualTo(RunCounts.newBuilder().setRead(5).setCreated(3).setUnchanged(2).build());
        assertThat(target.rows("SELECT id::text, first_name FROM contacts ORDER BY id")).containsExactly(
                List.of("1", "First \"1\""), List.of("2", "First \"2\""), List.of("3", "changed"),
                List.of("4", "First \"4\""), List.of("5", "changed"));
    }

    @Test
    void shouldExportPostgresToAFileWithHeaderAndQuoting() throws IOException {
        // given: the admin created the file with its header; rows with a delimiter, quotes, a null, an empty text
        Fixtures.seedContacts(source, 4, 1);
        source.exec("UPDATE contacts SET first_name = 'Ann, \"Nan\"' WHERE id = 2");
        source.exec("UPDATE contacts SET last_name = NULL, email = '' WHERE id = 3");
        Files.writeString(dir.resolve("contacts.csv"), "id,email,first_name,last_name,age,updated_at\r\n");
        IntegrationPoint point = Fixtures.contactsPoint().setOperation(Operation.OPERATION_INSERT_ONLY).build();
        RecordingReporter reporter = new RecordingReporter();

        // when
        TaskOutcome outcome = runner(reporter, 3, point, sourceEndpoint, files).run(Fixtures.task().build(),
                new TaskControl());

        // then: the rules convert into the text fields; their ISO-8601 leaves out zero seconds
        assertThat(outcome).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(reporter.completion().counts()).isEqualTo(RunCounts.newBuilder().setRead(4).setCreated(4).build());
        assertThat(Files.readString(dir.resolve("contacts.csv"))).isEqualTo("""
                id,email,first_name,last_name,age,updated_at\r
                1,person1@example.com,First1,Last1,21,2024-03-01T10:00Z\r
                2,person2@example.com,"Ann, ""Nan\""",Last2,22,2024-03-01T10:00:01Z\r
                3,"",First3,,23,2024-03-01T10:00:02Z\r
                4,person4@example.com,First4,Last4,24,2024-03-01T10:00:03Z\r
                """);
    }

    private TaskOutcome fromFile(RecordingReporter reporter, int batchSize, Task task) {
        IntegrationPoint point = Fixtures.contactsPoint().clearCursorField().build();
        return runner(reporter, batchSize, point, files, targetEndpoint).run(task, new TaskControl());
    }

    private TransferRunner runner(RecordingReporter reporter, int batchSize, IntegrationPoint point,
            EndpointAccess from, EndpointAccess to) {
        return new TransferRunner(task -> Fixtures.definition(point, from, to), reporter,
                ConnectorRegistry.of(new PostgresConnector(), new CsvConnector(dir)),
                new TransferSettings(batchSize, 100, 2, Duration.ofMillis(10)));
    }

    /** A good record of contact {@code i}, one line, with a quoted comma and doubled quotes. */
    private static String line(int i) {
        return i + ",p" + i + "@example.com,\"First \"\"" + i + "\"\"\",\"Last, " + i + "\"," + (20 + i) + ","
                + Fixtures.T0.plusSeconds(i) + "\n";
    }

    private void write(byte[] content) throws IOException {
        Files.write(dir.resolve("contacts.csv"), content);
    }

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            out.writeBytes(part instanceof byte[] b ? b : ((String) part).getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
