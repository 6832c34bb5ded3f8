package io.crmsync.worker.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.crmsync.common.time.Timestamps;
import io.crmsync.proto.config.v1.IntegrationPoint;
import io.crmsync.proto.config.v1.Operation;
import io.crmsync.proto.scheduler.v1.RunCounts;
import io.crmsync.proto.scheduler.v1.RunMode;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.proto.scheduler.v1.TaskState;
import io.crmsync.worker.testing.Fixtures;
import io.crmsync.worker.testing.RecordingReporter;

class TransferRunnerTest extends EngineTestBase {

    @Test
    void shouldCopyEveryRowAndCountThemCreated() {
        // given
        Fixtures.seedContacts(source, 1200, 10);
        RecordingReporter reporter = new RecordingReporter();

        // when
        TaskOutcome outcome = run(reporter, 500, Fixtures.task().build(), Fixtures.contactsPoint().build());

        // then
        assertThat(outcome).isEqualTo(TaskOutcome.SUCCEEDED);
        RecordingReporter.Completion completion = reporter.completion();
        assertThat(completion.outcome()).isEqualTo(TaskState.TASK_STATE_SUCCEEDED);
        assertThat(completion.counts()).isEqualTo(RunCounts.newBuilder().setRead(1200).setCreated(1200).build());
        assertThat(completion.cursor().getKeyList()).containsExactly("1200");
        assertThat(Timestamps.toInstant(completion.cursor().getModifiedTime())).isEqualTo(Fixtures.T0.plusSeconds(119));
        assertThat(reporter.checkpoints).hasSize(3);
        assertThat(reporter.checkpoints.get(0).counts().getCreated()).isEqualTo(500);
        assertThat(reporter.checkpoints.get(0).cursor().getKeyList()).containsExactly("500");
        assertThat(target.rows("SELECT " + CONTACT_COLUMNS + " FROM contacts ORDER BY id"))
                .isEqualTo(source.rows("SELECT " + CONTACT_COLUMNS + " FROM contacts ORDER BY id"));
    }

    @Test
    void shouldWriteNothingWhenNothingChanged() {
        // given
        Fixtures.seedContacts(source, 300, 10);
        run(new RecordingReporter(), 100, Fixtures.task().build(), Fixtures.contactsPoint().build());
        List<List<String>> versionsBefore = target.rows("SELECT id, xmin::text FROM contacts ORDER BY id");
        RecordingReporter reporter = new RecordingReporter();

        // when
        run(reporter, 100, Fixtures.task().setId("task-2").build(), Fixtures.contactsPoint().build());

        // then
        assertThat(reporter.completion().counts())
                .isEqualTo(RunCounts.newBuilder().setRead(300).setUnchanged(300).build());
        assertThat(target.rows("SELECT id, xmin::text FROM contacts ORDER BY id")).isEqualTo(versionsBefore);
    }

    @Test
    void shouldRewriteEveryMatchedRowOnARebuild() {
        // given: a target already equal to the source
        Fixtures.seedContacts(source, 300, 10);
        run(new RecordingReporter(), 100, Fixtures.task().build(), Fixtures.contactsPoint().build());
        List<List<String>> versionsBefore = target.rows("SELECT id, xmin::text FROM contacts ORDER BY id");
        RecordingReporter reporter = new RecordingReporter();

        // when
        run(reporter, 100, Fixtures.task().setId("task-2").setMode(RunMode.RUN_MODE_REBUILD).build(),
                Fixtures.contactsPoint().build());

        // then: every row matched and written again, none skipped as unchanged
        assertThat(reporter.completion().counts())
                .isEqualTo(RunCounts.newBuilder().setRead(300).setUpdated(300).build());
        List<List<String>> versionsAfter = target.rows("SELECT id, xmin::text FROM contacts ORDER BY id");
        for (int i = 0; i < versionsBefore.size(); i++) {
            assertThat(versionsAfter.get(i)).as("row version of id " + versionsBefore.get(i).get(0))
                    .isNotEqualTo(versionsBefore.get(i));
        }
        assertThat(target.rows("SELECT " + CONTACT_COLUMNS + " FROM contacts ORDER BY id"))
                .isEqualTo(source.rows("SELECT " + CONTACT_COLUMNS + " FROM contacts ORDER BY id"));
    }

    @Test
    void shouldUpdateOnlyTheRowsThatChanged() {
        // given
        Fixtures.seedContacts(source, 300, 10);
        run(new RecordingReporter(), 100, Fixtures.task().build(), Fixtures.contactsPoint().build());
        source.exec("UPDATE contacts SET first_name = 'Changed', updated_at = updated_at + interval '1 hour' "
                + "WHERE id IN (5, 150, 299)");
        List<List<String>> untouchedBefore = target.rows(
                "SELECT id, xmin::text FROM contacts WHERE id NOT IN (5, 150, 299) ORDER BY id");
        RecordingReporter reporter = new RecordingReporter();

        // when
        run(reporter, 100, Fixtures.task().setId("task-2").build(), Fixtures.contactsPoint().build());

        // then
        assertThat(reporter.completion().counts())
                .isEqualTo(RunCounts.newBuilder().setRead(300).setUpdated(3).setUnchanged(297).build());
        assertThat(target.rows("SELECT id FROM contacts WHERE first_name = 'Changed' ORDER BY id"))
                .containsExactly(List.of("5"), List.of("150"), List.of("299"));
        assertThat(target.rows("SELECT id, xmin::text FROM contacts WHERE id NOT IN (5, 150, 299) ORDER BY id"))
                .isEqualTo(untouchedBefore);
    }

    @Test
    void shouldReadOnlyTheTaskWindow() {
        // given: ids 1..100, one second apart
        Fixtures.seedContacts(source, 100, 1);
        Task task = Fixtures.task().setMode(RunMode.RUN_MODE_INCREMENTAL)
                .setWindowStart(Timestamps.of(Fixtures.T0.plusSeconds(10)))
                .setWindowEnd(Timestamps.of(Fixtures.T0.plusSeconds(20))).build();
        RecordingReporter reporter = new RecordingReporter();

        // when
        run(reporter, 500, task, Fixtures.contactsPoint().build());

        // then: [T0+10s, T0+20s) holds ids 11..20
        assertThat(reporter.completion().counts().getRead()).isEqualTo(10);
        assertThat(target.rows("SELECT min(id)::text, max(id)::text FROM contacts"))
                .containsExactly(List.of("11", "20"));
    }

    @Test
    void shouldResumeFromCheckpointWithoutSkippingOrDuplicatingTiedRows() {
        // given: 95 rows in groups of 10 sharing a modification time; the lease is lost at the 3rd checkpoint
        Fixtures.seedContacts(source, 95, 10);
        RecordingReporter first = new RecordingReporter().loseLeaseAtCheckpoint(3);
        assertThat(run(first, 7, Fixtures.task().build(), Fixtures.contactsPoint().build()))
                .isEqualTo(TaskOutcome.STOPPED);
        RecordingReporter.Checkpoint checkpoint = first.lastCheckpoint();
        assertThat(checkpoint.cursor().getKeyList()).containsExactly("14");
        Task resumed = Fixtures.task().setEpoch(2).setCheckpoint(checkpoint.cursor())
                .setCounts(checkpoint.counts()).build();
        RecordingReporter second = new RecordingReporter();

        // when
        run(second, 7, resumed, Fixtures.contactsPoint().build());

        // then: rows 15..21 were written before the lease was lost and are found unchanged on replay
        assertThat(second.completion().counts())
                .isEqualTo(RunCounts.newBuilder().setRead(95).setCreated(88).setUnchanged(7).build());
        assertThat(second.checkpoints.get(0).cursor().getKeyList()).containsExactly("21");
        assertThat(target.rows("SELECT " + CONTACT_COLUMNS + " FROM contacts ORDER BY id"))
                .isEqualTo(source.rows("SELECT " + CONTACT_COLUMNS + " FROM contacts ORDER BY id"));
    }

    @Test
    void shouldWriteConstantsCastToTheTargetType() {
        // given
        Fixtures.seedContacts(source, 3, 1);
        IntegrationPoint point = Fixtures.contactsPoint().clearFieldRules()
                .addFieldRules(Fixtures.copy("id", "id"))
                .addFieldRules(Fixtures.constant("42", "age"))
                .addFieldRules(Fixtures.constant("2030-01-01T00:00:00Z", "updated_at")).build();

        // when
        run(new RecordingReporter(), 500, Fixtures.task().build(), point);

        // then
        assertThat(target.rows("SELECT DISTINCT age::text, updated_at::text FROM contacts"))
                .containsExactly(List.of("42", "2030-01-01 00:00:00+00"));
    }

    @Test
    void shouldSkipNewRecordsWhenTheyAreNotAllowed() {
        // given: the target already holds 1 (stale) and 2 (current)
        Fixtures.seedContacts(source, 5, 1);
        target.exec("INSERT INTO contacts (" + CONTACT_COLUMNS + ") SELECT " + CONTACT_COLUMNS
                + " FROM (VALUES (1, 'old@example.com', 'Old', 'Old', 1, now())) v(" + CONTACT_COLUMNS + ")");
        copyRow(2);
        RecordingReporter reporter = new RecordingReporter();

        // when
        run(reporter, 500, Fixtures.task().build(), Fixtures.integration(Fixtures.contactsPoint().build(), false, true));

        // then
        assertThat(reporter.completion().counts())
                .isEqualTo(RunCounts.newBuilder().setRead(5).setUpdated(1).setUnchanged(1).setSkipped(3).build());
        assertThat(target.rows("SELECT id::text, first_name FROM contacts ORDER BY id"))
                .containsExactly(List.of("1", "First1"), List.of("2", "First2"));
    }

    @Test
    void shouldSkipMatchesWhenUpdatingExistingRecordsIsOff() {
        // given
        Fixtures.seedContacts(source, 5, 1);
        target.exec("INSERT INTO contacts (id, first_name) VALUES (1, 'Kept')");
        RecordingReporter reporter = new RecordingReporter();

        // when
        run(reporter, 500, Fixtures.task().build(), Fixtures.integration(Fixtures.contactsPoint().build(), true, false));

        // then
        assertThat(reporter.completion().counts())
                .isEqualTo(RunCounts.newBuilder().setRead(5).setCreated(4).setSkipped(1).build());
        assertThat(target.rows("SELECT first_name FROM contacts WHERE id = 1")).containsExactly(List.of("Kept"));
    }

    @Test
    void shouldInsertOnlyNewRecordsAndCountExistingOnesSkipped() {
        // given
        Fixtures.seedContacts(source, 4, 1);
        target.exec("INSERT INTO contacts (id, first_name) VALUES (3, 'Kept')");
        IntegrationPoint point = Fixtures.contactsPoint()
                .setOperation(Operation.OPERATION_INSERT_ONLY).build();
        RecordingReporter reporter = new RecordingReporter();

        // when
        run(reporter, 500, Fixtures.task().build(), point);

        // then
        assertThat(reporter.completion().counts())
                .isEqualTo(RunCounts.newBuilder().setRead(4).setCreated(3).setSkipped(1).build());
        assertThat(target.rows("SELECT first_name FROM contacts WHERE id = 3")).containsExactly(List.of("Kept"));
    }

    @Test
    void shouldPlainInsertWhenInsertOnlyHasNoMatchKey() {
        // given: a target without any unique key
        Fixtures.seedContacts(source, 20, 3);
        target.exec("CREATE TABLE events (email text, seen_at timestamptz)");
        IntegrationPoint point = Fixtures.contactsPoint().clearMatchKey().clearFieldRules()
                .setOperation(Operation.OPERATION_INSERT_ONLY).setTargetObject("events")
                .addFieldRules(Fixtures.copy("email", "email")).addFieldRules(Fixtures.copy("updated_at", "seen_at"))
                .build();
        RecordingReporter reporter = new RecordingReporter();

        // when
        run(reporter, 8, Fixtures.task().build(), point);

        // then
        assertThat(reporter.completion().counts()).isEqualTo(RunCounts.newBuilder().setRead(20).setCreated(20).build());
        assertThat(target.count("events")).isEqualTo(20);
    }

    private void copyRow(long id) {
        List<String> row = source.rows("SELECT " + CONTACT_COLUMNS + " FROM contacts WHERE id = ?", id).get(0);
        target.exec("INSERT INTO contacts (" + CONTACT_COLUMNS + ") VALUES (CAST(? AS bigint), ?, ?, ?, "
                + "CAST(? AS integer), CAST(? AS timestamptz))", row.toArray());
    }
}
