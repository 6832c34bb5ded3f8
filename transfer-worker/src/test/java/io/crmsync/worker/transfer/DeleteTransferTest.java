package io.crmsync.worker.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.crmsync.proto.config.v1.IntegrationPoint;
import io.crmsync.proto.config.v1.Operation;
import io.crmsync.proto.scheduler.v1.RunCounts;
import io.crmsync.worker.testing.Fixtures;
import io.crmsync.worker.testing.RecordingReporter;

/** Operation DELETE through the engine: every record read deletes the target record with its key. */
class DeleteTransferTest extends EngineTestBase {

    @Test
    void shouldDeleteTheTargetRecordOfEverySourceRecordAndCountThem() {
        // given: the target holds contacts 1..10; the source lists 1..4 and 20 as deleted
        Fixtures.seedContacts(target, 10, 1);
        source.exec("INSERT INTO contacts (id, email, updated_at) SELECT g, 'gone', CAST(? AS timestamptz) "
                + "FROM unnest(ARRAY[1, 2, 3, 4, 20]) g", Fixtures.T0.toString());
        IntegrationPoint point = Fixtures.contactsPoint().setOperation(Operation.OPERATION_DELETE).build();
        RecordingReporter reporter = new RecordingReporter();

        // when
        TaskOutcome outcome = run(reporter, 2, Fixtures.task().build(), point);

        // then
        assertThat(outcome).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(reporter.completion().counts())
                .isEqualTo(RunCounts.newBuilder().setRead(5).setDeleted(4).setSkipped(1).build());
        assertThat(target.rows("SELECT id FROM contacts ORDER BY id")).extracting(r -> r.get(0))
                .containsExactly("5", "6", "7", "8", "9", "10");
        assertThat(reporter.failures).isEmpty();
    }
}
