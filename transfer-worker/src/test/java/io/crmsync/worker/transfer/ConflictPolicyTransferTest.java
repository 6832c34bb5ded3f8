package io.crmsync.worker.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.crmsync.proto.config.v1.ConflictPolicy;
import io.crmsync.proto.config.v1.Integration;
import io.crmsync.proto.config.v1.IntegrationPoint;
import io.crmsync.proto.scheduler.v1.RunCounts;
import io.crmsync.worker.testing.Fixtures;
import io.crmsync.worker.testing.RecordingReporter;

/** Conflict policy most-recent-wins through the engine: the target's newer changes survive a sync. */
class ConflictPolicyTransferTest extends EngineTestBase {

    @Test
    void shouldKeepTargetRecordsChangedAfterTheSourceAndCountThemSkipped() {
        // given: contacts 1..10 in both; at the target, 3 and 7 were edited after the source's last change
        Fixtures.seedContacts(source, 10, 1);
        Fixtures.seedContacts(target, 10, 1);
        source.exec("UPDATE contacts SET first_name = 'From source', updated_at = updated_at + interval '1 hour'");
        target.exec("UPDATE contacts SET first_name = 'Edited at target', updated_at = updated_at + interval '2 hours'"
                + " WHERE id IN (3, 7)");
        Integration integration = Fixtures.integration(Fixtures.contactsPoint().build(), true, true).toBuilder()
                .setConflictPolicy(ConflictPolicy.CONFLICT_POLICY_MOST_RECENT_WINS).build();
        RecordingReporter reporter = new RecordingReporter();

        // when
        TaskOutcome outcome = run(reporter, 4, Fixtures.task().build(), integration);

        // then
        assertThat(outcome).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(reporter.completion().counts())
                .isEqualTo(RunCounts.newBuilder().setRead(10).setUpdated(8).setSkipped(2).build());
        assertThat(target.rows("SELECT id::text, first_name FROM contacts WHERE first_name <> 'From source'"))
                .extracting(r -> r.get(0) + ":" + r.get(1))
                .containsExactlyInAnyOrder("3:Edited at target", "7:Edited at target");
    }

    @Test
    void shouldRefuseMostRecentWinsWhenTheCursorFieldIsNotCopiedToTheTarget() {
        // given
        IntegrationPoint point = Fixtures.contactsPoint().removeFieldRules(5).build();
        Integration integration = Fixtures.integration(point, true, true).toBuilder()
                .setConflictPolicy(ConflictPolicy.CONFLICT_POLICY_MOST_RECENT_WINS).build();
        RecordingReporter reporter = new RecordingReporter();

        // when
        TaskOutcome outcome = run(reporter, 4, Fixtures.task().build(), integration);

        // then
        assertThat(outcome).isEqualTo(TaskOutcome.FAILED);
        assertThat(reporter.failures.get(0).message()).contains("most_recent_wins")
                .contains("must copy its cursor field 'updated_at' to a target field");
    }
}
