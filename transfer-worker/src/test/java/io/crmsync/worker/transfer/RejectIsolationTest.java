package io.crmsync.worker.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.common.time.Timestamps;
import io.crmsync.proto.exception.v1.RejectedRecord;
import io.crmsync.proto.scheduler.v1.RunCounts;
import io.crmsync.proto.scheduler.v1.TaskState;
import io.crmsync.worker.testing.Fixtures;
import io.crmsync.worker.testing.RecordingReporter;

class RejectIsolationTest extends EngineTestBase {

    @Test
    void shouldRejectTheRowViolatingTheCheckWhileTheOthersLand() throws Exception {
        // given
        Fixtures.seedContacts(source, 50, 5);
        source.exec("UPDATE contacts SET age = -5 WHERE id = 17");
        RecordingReporter reporter = new RecordingReporter();

        // when
        TaskOutcome outcome = run(reporter, 500, Fixtures.task().build(), Fixtures.contactsPoint().build());

        // then
        assertThat(outcome).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(reporter.completion().counts())
                .isEqualTo(RunCounts.newBuilder().setRead(50).setCreated(49).setRejected(1).build());
        RejectedRecord reject = reporter.rejects().get(0);
        assertThat(reject.getRecordKey()).isEqualTo("id=17");
        assertThat(reject.getCode()).isEqualTo("target.constraint_violation");
        assertThat(reject.getMessage()).contains("contacts_age_check");
        JsonNode payload = new ObjectMapper().readTree(reject.getPayloadJson());
        assertThat(payload.get("id").asLong()).isEqualTo(17);
        assertThat(payload.get("age").asInt()).isEqualTo(-5);
        assertThat(payload.get("email").asText()).isEqualTo("person17@example.com");
        assertThat(target.count("contacts")).isEqualTo(49);
        assertThat(target.rows("SELECT 1 FROM contacts WHERE id = 17")).isEmpty();
    }

    @Test
    void shouldIsolateSeveralBadRowsInOneBatch() {
        // given: five bad rows scattered over one batch of 400, of two kinds
        Fixtures.seedContacts(source, 400, 10);
        source.exec("UPDATE contacts SET age = -1 WHERE id IN (1, 2, 200, 400)");
        source.exec("UPDATE contacts SET email = repeat('x', 60) || '@example.com' WHERE id = 333");
        RecordingReporter reporter = new RecordingReporter();

        // when
        run(reporter, 400, Fixtures.task().build(), Fixtures.contactsPoint().build());

        // then
        assertThat(reporter.rejectsByBatch).hasSize(1);
        assertThat(reporter.rejects()).extracting(RejectedRecord::getRecordKey, RejectedRecord::getCode)
                .containsExactly(
                        tuple("id=1", "target.constraint_violation"),
                        tuple("id=2", "target.constraint_violation"),
                        tuple("id=200", "target.constraint_violation"),
                        tuple("id=333", "target.invalid_value"),
                        tuple("id=400", "target.constraint_violation"));
        assertThat(reporter.rejects().get(3).getMessage()).contains("too long");
        assertThat(reporter.completion().counts())
                .isEqualTo(RunCounts.newBuilder().setRead(400).setCreated(395).setRejected(5).build());
        assertThat(target.rows("SELECT count(*)::text FROM contacts WHERE id NOT IN (1, 2, 200, 333, 400)"))
                .containsExactly(List.of("395"));
        assertThat(target.count("contacts")).isEqualTo(395);
    }

    @Test
    void shouldReportRejectsBeforeTheCheckpointUnderAStableBatchId() {
        // given
        Fixtures.seedContacts(source, 30, 1);
        source.exec("UPDATE contacts SET age = -1 WHERE id = 12");
        RecordingReporter first = new RecordingReporter();
        RecordingReporter replay = new RecordingReporter();

        // when: the same task runs twice from the same (empty) checkpoint, as after a crash
        run(first, 10, Fixtures.task().build(), Fixtures.contactsPoint().build());
        run(replay, 10, Fixtures.task().setEpoch(2).build(), Fixtures.contactsPoint().build());

        // then
        assertThat(first.rejectsByBatch.keySet()).hasSize(1).isEqualTo(replay.rejectsByBatch.keySet());
        assertThat(first.rejectsByBatch.keySet().iterator().next()).startsWith("task-1:");
        assertThat(first.checkpoints.get(1).counts().getRejected()).isEqualTo(1);
        assertThat(first.completion().outcome()).isEqualTo(TaskState.TASK_STATE_SUCCEEDED);
    }

    @Test
    void shouldRejectRecordsWithoutAMatchKeyValue() {
        // given: a source whose key column may be empty
        source.exec("CREATE TABLE leads (code text, email text, changed timestamptz NOT NULL)");
        source.exec("INSERT INTO leads VALUES ('a', 'a@example.com', now()), (NULL, 'n@example.com', now())");
        target.exec("CREATE TABLE leads (code text PRIMARY KEY, email text)");
        var point = Fixtures.contactsPoint().setSourceObject("leads").setTargetObject("leads").clearFieldRules()
                .clearMatchKey().addMatchKey("code").setCursorField("changed")
                .addFieldRules(Fixtures.copy("code", "code")).addFieldRules(Fixtures.copy("email", "email")).build();
        RecordingReporter reporter = new RecordingReporter();

        // when
        run(reporter, 500, Fixtures.task().setWindowEnd(Timestamps.of(Instant.now().plusSeconds(60))).build(), point);

        // then
        assertThat(reporter.rejects()).extracting(RejectedRecord::getCode).containsExactly("record.missing_match_key");
        assertThat(reporter.rejects().get(0).getMessage()).contains("'code'");
        assertThat(target.rows("SELECT code FROM leads")).containsExactly(List.of("a"));
    }
}
