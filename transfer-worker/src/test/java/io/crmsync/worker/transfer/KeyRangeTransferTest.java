package io.crmsync.worker.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.crmsync.proto.config.v1.Integration;
import io.crmsync.proto.scheduler.v1.KeyRange;
import io.crmsync.proto.scheduler.v1.RunMode;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.worker.connector.ConnectorRegistry;
import io.crmsync.worker.connector.postgresql.PostgresConnector;
import io.crmsync.worker.task.TaskControl;
import io.crmsync.worker.testing.Fixtures;
import io.crmsync.worker.testing.RecordingReporter;

/** A large full read split into key-range tasks, each then run on its own: the target ends equal to the source. */
class KeyRangeTransferTest extends EngineTestBase {

    private static final int ROWS = 12_000;

    @Test
    void shouldSplitALargeFullReadAndCopyEveryRowOnceThroughItsRanges() {
        // given: a source of 12,000 rows, and a worker that splits full reads above 3,000 rows
        Fixtures.seedContacts(source, ROWS, 7);
        source.exec("ANALYZE contacts");
        Integration integration = Fixtures.integration(Fixtures.contactsPoint().build(), true, true);
        RecordingReporter splitter = new RecordingReporter();

        // when: the run's one task is leased
        TaskOutcome outcome = splittingRunner(splitter, integration).run(Fixtures.task().build(), new TaskControl());

        // then: it is split, nothing written
        assertThat(outcome).isEqualTo(TaskOutcome.SPLIT);
        assertThat(splitter.splits).hasSize(1);
        List<io.crmsync.worker.connector.KeyRange> ranges = splitter.splits.get(0);
        assertThat(ranges.size()).isBetween(3, 5);
        assertThat(splitter.completions).isEmpty();
        assertThat(splitter.checkpoints).isEmpty();
        assertThat(target.rows("SELECT count(*) FROM contacts")).containsExactly(List.of("0"));

        // when: each range task runs (on a splitting worker: range tasks are never split again)
        long read = 0;
        long created = 0;
        for (int i = 0; i < ranges.size(); i++) {
            RecordingReporter reporter = new RecordingReporter();
            Task range = Fixtures.task().setId("range-" + i).setKeyRange(toProto(ranges.get(i))).build();
            assertThat(splittingRunner(reporter, integration).run(range, new TaskControl()))
                    .isEqualTo(TaskOutcome.SUCCEEDED);
            read += reporter.completion().counts().getRead();
            created += reporter.completion().counts().getCreated();
        }

        // then: every row once
        assertThat(read).isEqualTo(ROWS);
        assertThat(created).isEqualTo(ROWS);
        assertThat(target.rows("SELECT " + CONTACT_COLUMNS + " FROM contacts ORDER BY id"))
                .isEqualTo(source.rows("SELECT " + CONTACT_COLUMNS + " FROM contacts ORDER BY id"));
    }

    @Test
    void shouldNotSplitAnIncrementalReadAResumedTaskOrAWorkerThatDoesNotSplit() {
        // given
        Fixtures.seedContacts(source, ROWS, 7);
        source.exec("ANALYZE contacts");
        Integration integration = Fixtures.integration(Fixtures.contactsPoint().build(), true, true);

        // when / then: an incremental run reads its window as one task
        RecordingReporter incremental = new RecordingReporter();
        assertThat(splittingRunner(incremental, integration).run(
                Fixtures.task().setMode(RunMode.RUN_MODE_INCREMENTAL).build(), new TaskControl()))
                .isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(incremental.splits).isEmpty();

        // when / then: a worker configured not to split
        RecordingReporter whole = new RecordingReporter();
        assertThat(run(whole, 1_000, Fixtures.task().setId("task-2").build(), integration))
                .isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(whole.splits).isEmpty();
        assertThat(whole.completion().counts().getUnchanged()).isEqualTo(ROWS);
    }

    private TransferRunner splittingRunner(RecordingReporter reporter, Integration integration) {
        return new TransferRunner(task -> Fixtures.definition(integration, sourceEndpoint, targetEndpoint), reporter,
                ConnectorRegistry.of(new PostgresConnector()),
                new TransferSettings(1_000, 1_000, 2, Duration.ofMillis(10), 3_000, 64));
    }

    private static KeyRange toProto(io.crmsync.worker.connector.KeyRange range) {
        KeyRange.Builder proto = KeyRange.newBuilder().setField(range.field());
        if (range.lower() != null) {
            proto.setLower(range.lower());
        }
        if (range.upper() != null) {
            proto.setUpper(range.upper());
        }
        return proto.build();
    }
}
