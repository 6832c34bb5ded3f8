package io.crmsync.worker.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.proto.config.v1.FieldRule;
import io.crmsync.proto.config.v1.IntegrationPoint;
import io.crmsync.proto.config.v1.LookupUse;
import io.crmsync.proto.config.v1.Operation;
import io.crmsync.proto.config.v1.UnmappedValue;
import io.crmsync.proto.exception.v1.ExceptionSide;
import io.crmsync.proto.exception.v1.RejectedRecord;
import io.crmsync.worker.connector.ConnectorRegistry;
import io.crmsync.worker.connector.postgresql.PostgresConnector;
import io.crmsync.worker.task.TaskControl;
import io.crmsync.worker.task.TaskDefinition;
import io.crmsync.worker.testing.Fixtures;
import io.crmsync.proto.scheduler.v1.TaskState;
import io.crmsync.worker.testing.RecordingReporter;

/**
 * What exception-service is told about records, on real PostgreSQL: where each reject happened and the key it is
 * retried by, the open items a run resolves by writing their records, and the snapshot's redactions.
 */
class ExceptionReportingTest extends EngineTestBase {

    @Test
    void shouldReportATargetRefusalWithItsKeyValuesSideAndOperation() {
        // given
        Fixtures.seedContacts(source, 20, 1);
        source.exec("UPDATE contacts SET age = -5 WHERE id = 17");
        RecordingReporter reporter = new RecordingReporter();

        // when
        run(reporter, 500, Fixtures.task().build(), Fixtures.contactsPoint().build());

        // then
        assertThat(reporter.rejects()).singleElement().satisfies(r -> {
            assertThat(r.getRecordKey()).isEqualTo("id=17");
            assertThat(r.getKeyValuesList()).containsExactly("17");
            assertThat(r.getSide()).isEqualTo(ExceptionSide.EXCEPTION_SIDE_TARGET);
            assertThat(r.getCode()).isEqualTo("target.constraint_violation");
            assertThat(r.getMessage()).contains("contacts_age_check");
        });
        assertThat(reporter.operationsByBatch.values()).containsExactly(Operation.OPERATION_UPSERT);
    }

    @Test
    void shouldReportAnUnmappedLookupValueOnTheSourceSideWithACompoundKey() {
        // given: a key (id, email) and a country the lookup has no row for
        source.exec("ALTER TABLE contacts ADD COLUMN country text");
        source.exec("INSERT INTO contacts (id, email, country, updated_at) VALUES (1, 'a@x.io', 'DE', now()), "
                + "(2, 'b@x.io', 'XX', now())");
        target.exec("ALTER TABLE contacts ADD COLUMN country text, "
                + "ADD CONSTRAINT contacts_id_email_key UNIQUE (id, email)");
        IntegrationPoint point = Fixtures.contactsPoint().setOperation(Operation.OPERATION_INSERT_ONLY)
                .addMatchKey("email").addFieldRules(FieldRule.newBuilder().setTargetField("country")
                        .setSourceField("country").setLookup(LookupUse.newBuilder().setName("countries")
                                .setUnmapped(UnmappedValue.UNMAPPED_VALUE_REJECT)))
                .build();
        RecordingReporter reporter = new RecordingReporter();

        // when
        runWithLookups(reporter, point, Map.of("countries", Map.of("DE", "Germany")));

        // then
        assertThat(reporter.rejects()).singleElement().satisfies(r -> {
            assertThat(r.getRecordKey()).isEqualTo("id=2, email=b@x.io");
            assertThat(r.getKeyValuesList()).containsExactly("2", "b@x.io");
            assertThat(r.getSide()).isEqualTo(ExceptionSide.EXCEPTION_SIDE_SOURCE);
            assertThat(r.getCode()).isEqualTo("UNMAPPED_VALUE");
        });
        assertThat(reporter.operationsByBatch.values()).containsExactly(Operation.OPERATION_INSERT_ONLY);
        assertThat(target.rows("SELECT id::text, country FROM contacts")).containsExactly(List.of("1", "Germany"));
    }

    @Test
    void shouldSendNoKeyValuesForARecordMissingOne() {
        // given
        source.exec("INSERT INTO contacts (id, email, updated_at) VALUES (1, NULL, now())");
        target.exec("ALTER TABLE contacts ADD CONSTRAINT contacts_id_email_key UNIQUE (id, email)");
        RecordingReporter reporter = new RecordingReporter();

        // when
        run(reporter, 500, Fixtures.task().setWindowEnd(io.crmsync.common.time.Timestamps.of(
                java.time.Instant.now().plusSeconds(60))).build(), Fixtures.contactsPoint().addMatchKey("email").build());

        // then
        assertThat(reporter.rejects()).singleElement().satisfies(r -> {
            assertThat(r.getCode()).isEqualTo(BatchProcessor.MISSING_KEY);
            assertThat(r.getKeyValuesList()).isEmpty();
            assertThat(r.getSide()).isEqualTo(ExceptionSide.EXCEPTION_SIDE_SOURCE);
        });
    }

    @Test
    void shouldResolveTheOpenItemsOfRecordsWrittenBeforeEachCheckpoint() {
        // given: 30 rows in batches of 10; open items for a row written (3), one refused again (17), one in the
        // last batch (25) and one the run never reads (99)
        Fixtures.seedContacts(source, 30, 1);
        source.exec("UPDATE contacts SET age = -5 WHERE id = 17");
        RecordingReporter reporter = new RecordingReporter().openItems(List.of("id=3", "id=17", "id=25", "id=99"));

        // when
        run(reporter, 10, Fixtures.task().build(), Fixtures.contactsPoint().build());

        // then
        assertThat(reporter.openItemKeyReads).isEqualTo(1);
        assertThat(reporter.resolved).containsExactly(List.of("id=3"), List.of("id=25"));
        assertThat(reporter.calls).containsExactly("resolve", "checkpoint", "rejects", "checkpoint", "resolve",
                "checkpoint");
    }

    @Test
    void shouldResolveUnchangedAndUpdatedRecordsButNotSkippedOnes() {
        // given: no new records allowed; row 3 is at the target already as it is, row 4 differs, rows 5.. are new
        Fixtures.seedContacts(source, 6, 1);
        target.exec("INSERT INTO contacts SELECT * FROM (VALUES (3, 'person3@example.com', 'First3', 'Last3', 23, "
                + "CAST('2024-03-01T10:00:02Z' AS timestamptz)), (4, 'old@example.com', 'First4', 'Last4', 24, "
                + "CAST('2024-03-01T10:00:03Z' AS timestamptz))) v");
        RecordingReporter reporter = new RecordingReporter().openItems(List.of("id=3", "id=4", "id=5"));

        // when
        run(reporter, 500, Fixtures.task().build(), Fixtures.integration(Fixtures.contactsPoint().build(), false,
                true));

        // then
        assertThat(reporter.completion().counts().getSkipped()).isEqualTo(4);
        assertThat(reporter.resolved).singleElement().satisfies(keys -> assertThat(keys)
                .containsExactlyInAnyOrder("id=3", "id=4"));
    }

    @Test
    void shouldMoveTheDataWithoutResolvingWhenExceptionServiceCannotListOpenItems() {
        // given
        Fixtures.seedContacts(source, 30, 1);
        RecordingReporter reporter = new RecordingReporter().openItems(List.of("id=3"));
        reporter.openItemKeysUnavailable = true;

        // when
        run(reporter, 10, Fixtures.task().build(), Fixtures.contactsPoint().build());

        // then: the run succeeds with every row written; only the resolving is skipped
        assertThat(reporter.completion().outcome()).isEqualTo(TaskState.TASK_STATE_SUCCEEDED);
        assertThat(reporter.completion().counts().getCreated()).isEqualTo(30);
        assertThat(reporter.resolved).isEmpty();
    }

    @Test
    void shouldSendEveryWrittenKeyWhenThePointHasTooManyOpenItemsToKeep() {
        // given: more open keys than a task keeps in memory
        Fixtures.seedContacts(source, 20, 1);
        List<String> open = new java.util.ArrayList<>();
        for (int i = 0; i <= OpenItems.MAX_KEPT; i++) {
            open.add("id=x" + i);
        }
        RecordingReporter reporter = new RecordingReporter().openItems(open);

        // when
        run(reporter, 10, Fixtures.task().build(), Fixtures.contactsPoint().build());

        // then: exception-service gets each batch's written keys and picks the open ones itself
        assertThat(reporter.resolved).hasSize(2);
        assertThat(reporter.resolved.get(0)).hasSize(10).contains("id=1", "id=10");
    }

    @Test
    void shouldMakeNoResolveCallWithoutOpenItems() {
        // given
        Fixtures.seedContacts(source, 30, 1);
        RecordingReporter reporter = new RecordingReporter();

        // when
        run(reporter, 10, Fixtures.task().build(), Fixtures.contactsPoint().build());

        // then
        assertThat(reporter.openItemKeyReads).isEqualTo(1);
        assertThat(reporter.resolved).isEmpty();
        assertThat(reporter.calls).containsExactly("checkpoint", "checkpoint", "checkpoint");
    }

    @Test
    void shouldRedactSensitiveAndSecretLookingFieldsInTheSnapshot() throws Exception {
        // given: last_name is marked sensitive, api_token looks like a secret
        source.exec("ALTER TABLE contacts ADD COLUMN api_token text");
        target.exec("ALTER TABLE contacts ADD COLUMN api_token text");
        source.exec("INSERT INTO contacts (id, email, last_name, age, api_token, updated_at) "
                + "VALUES (1, 'a@x.io', 'Lovelace', -1, 'tok-123', now())");
        IntegrationPoint point = Fixtures.contactsPoint().addFieldRules(Fixtures.copy("api_token", "api_token"))
                .addSensitiveFields("last_name").build();
        RecordingReporter reporter = new RecordingReporter();

        // when
        run(reporter, 500, Fixtures.task().setWindowEnd(io.crmsync.common.time.Timestamps.of(
                java.time.Instant.now().plusSeconds(60))).build(), point);

        // then
        RejectedRecord reject = reporter.rejects().get(0);
        JsonNode payload = new ObjectMapper().readTree(reject.getPayloadJson());
        assertThat(payload.get("last_name").asText()).isEqualTo("[redacted]");
        assertThat(payload.get("api_token").asText()).isEqualTo("[redacted]");
        assertThat(payload.get("email").asText()).isEqualTo("a@x.io");
        assertThat(payload.get("age").asInt()).isEqualTo(-1);
        assertThat(reject.getPayloadJson()).doesNotContain("tok-123").doesNotContain("Lovelace");
    }

    private TaskOutcome runWithLookups(RecordingReporter reporter, IntegrationPoint point,
            Map<String, Map<String, String>> lookups) {
        var integration = Fixtures.integration(point, true, true);
        TransferRunner runner = new TransferRunner(
                task -> new TaskDefinition(integration, point, sourceEndpoint, targetEndpoint, lookups), reporter,
                ConnectorRegistry.of(new PostgresConnector()),
                new TransferSettings(500, 100, 2, Duration.ofMillis(10)));
        return runner.run(Fixtures.task().setWindowEnd(io.crmsync.common.time.Timestamps.of(
                java.time.Instant.now().plusSeconds(60))).build(), new TaskControl());
    }
}
