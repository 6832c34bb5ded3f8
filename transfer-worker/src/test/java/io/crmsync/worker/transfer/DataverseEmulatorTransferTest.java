package io.crmsync.worker.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.common.time.Timestamps;
import io.crmsync.emulator.CrmEmulator;
import io.crmsync.emulator.dataverse.DataverseApi;
import io.crmsync.emulator.dataverse.DataverseApi.Kind;
import io.crmsync.proto.config.v1.IntegrationPoint;
import io.crmsync.proto.config.v1.Operation;
import io.crmsync.proto.scheduler.v1.RunMode;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.worker.connector.ConnectorRegistry;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.dynamics.DynamicsConnector;
import io.crmsync.worker.connector.postgresql.PostgresConnector;
import io.crmsync.worker.task.TaskControl;
import io.crmsync.worker.testing.Fixtures;
import io.crmsync.worker.testing.RecordingReporter;

/**
 * The dynamics connector through the real engine against the project's Dataverse emulator over HTTP (no real
 * organization can run here): PostgreSQL contacts upserted by alternate key in $batch calls, and Dataverse
 * contacts copied into PostgreSQL fully then incrementally, across an expired token, a 429 and page boundaries
 * inside rows that share one modifiedon.
 */
class DataverseEmulatorTransferTest extends EngineTestBase {

    private CrmEmulator emulator;
    private DataverseApi dataverse;

    @BeforeEach
    void startEmulator() {
        emulator = CrmEmulator.start(0);
        dataverse = emulator.dataverse();
        dataverse.credentials("tenant-1", "crmsync-app", "client-secret");
        target.exec("CREATE TABLE dv_contacts (dv_id text PRIMARY KEY, first_name text, last_name text, email text,"
                + " city text, modified timestamptz)");
    }

    @AfterEach
    void stopEmulator() {
        emulator.close();
    }

    @Test
    void shouldUpsertDatabaseContactsByAlternateKeyInBatchesOf1000() {
        // given: 10,000 contacts in PostgreSQL, one with a last name longer than Dataverse's 50 characters
        Fixtures.seedContacts(source, 10_000, 1);
        source.exec("UPDATE contacts SET last_name = repeat('x', 51) WHERE id = 7");
        IntegrationPoint point = IntegrationPoint.newBuilder().setId("point-1").setName("contacts out")
                .setSourceEndpointId("source-id").setSourceObject("contacts")
                .setTargetEndpointId("target-id").setTargetObject("contacts")
                .setOperation(Operation.OPERATION_UPSERT).addMatchKey("crmsync_externalid").setCursorField("updated_at")
                .addFieldRules(Fixtures.copy("email", "crmsync_externalid"))
                .addFieldRules(Fixtures.copy("first_name", "firstname"))
                .addFieldRules(Fixtures.copy("last_name", "lastname"))
                .addFieldRules(Fixtures.copy("email", "emailaddress1")).build();

        // when: written once, then again after five changed
        RecordingReporter created = new RecordingReporter();
        run(created, Fixtures.task().build(), point, sourceEndpoint, dataverse(), 1000, 1000);
        Map<Kind, Long> firstRun = dataverse.calls();
        source.exec("UPDATE contacts SET first_name = 'Renamed' WHERE id <= 5");
        RecordingReporter updated = new RecordingReporter();
        run(updated, Fixtures.task().build(), point, sourceEndpoint, dataverse(), 1000, 1000);

        // then: exact created/updated counts, the CRM's own code on the reject, and one $batch per 1000 records
        assertThat(created.completion().counts().getCreated()).isEqualTo(9999);
        assertThat(created.completion().counts().getRejected()).isEqualTo(1);
        assertThat(created.rejects()).singleElement().satisfies(r -> {
            assertThat(r.getCode()).isEqualTo("dynamics.0x80044331");
            assertThat(r.getMessage()).isEqualTo("A validation error occurred.  The length of the 'lastname' "
                    + "attribute of the 'contact' entity exceeded the maximum allowed length of '50'.");
        });
        assertThat(updated.completion().counts().getUpdated()).isEqualTo(9999);
        assertThat(updated.completion().counts().getCreated()).isZero();
        assertThat(dataverse.records("contact")).hasSize(9999)
                .filteredOn(r -> "Renamed".equals(r.get("firstname"))).hasSize(5);
        assertThat(firstRun.get(Kind.BATCH)).isEqualTo(10); // ceil(10,000 / 1000)
        assertThat(firstRun.get(Kind.TOKEN)).isEqualTo(1);
        assertThat(firstRun.get(Kind.METADATA)).isEqualTo(2); // 'contacts' is an entity set: by name, then by set
        assertThat(firstRun.get(Kind.UPSERT)).isZero();
        assertThat(dataverse.calls().get(Kind.BATCH)).isEqualTo(20);
        assertThat(dataverse.calls().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(26);
    }

    @Test
    void shouldCopyContactsFullyThenIncrementallyAcrossAnExpiredToken() {
        // given
        dataverse.seedContacts(1000);
        IntegrationPoint point = contactsIntoPostgres();
        // the token expires mid-run, after the first committed batch
        RecordingReporter full = new RecordingReporter().afterCheckpoint(n -> {
            if (n == 1) {
                dataverse.expireAllTokens();
            }
        });

        // when: a full run, in pages of 100 and batches of 100
        TaskOutcome first = run(full, Fixtures.task().setWindowEnd(Timestamps.of(Instant.now().plusSeconds(60)))
                .build(), point, dataverse(), targetEndpoint, 100, 100);

        // then: the connector signed in again and repeated the refused page; ten pages plus that one
        assertThat(first).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(full.completion().counts().getRead()).isEqualTo(1000);
        assertThat(full.completion().counts().getCreated()).isEqualTo(1000);
        assertThat(target.count("dv_contacts")).isEqualTo(1000);
        assertThat(dataverse.calls().get(Kind.TOKEN)).isEqualTo(2);
        assertThat(dataverse.calls().get(Kind.QUERY)).isEqualTo(1);
        assertThat(dataverse.calls().get(Kind.NEXT_PAGE)).isEqualTo(10);

        // when: ten contacts change in the CRM and an incremental run reads the change
        Instant changedFrom = Instant.now().minusSeconds(2);
        List<List<String>> ids = target.rows("SELECT dv_id FROM dv_contacts ORDER BY dv_id LIMIT 10");
        ids.forEach(id -> dataverse.update("contact", id.get(0), Map.of("address1_city", "Changed City")));
        RecordingReporter incremental = new RecordingReporter();
        Task task = Fixtures.task().setMode(RunMode.RUN_MODE_INCREMENTAL).setWindowStart(Timestamps.of(changedFrom))
                .setWindowEnd(Timestamps.of(Instant.now().plusSeconds(60))).build();
        TaskOutcome second = run(incremental, task, point, dataverse(), targetEndpoint, 100, 100);

        // then: exactly the ten changed contacts were read and updated
        assertThat(second).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(incremental.completion().counts().getRead()).isEqualTo(10);
        assertThat(incremental.completion().counts().getUpdated()).isEqualTo(10);
        assertThat(target.rows("SELECT count(*)::text FROM dv_contacts WHERE city = 'Changed City'"))
                .containsExactly(List.of("10"));
    }

    @Test
    void shouldResumeInsideRowsSharingOneModifiedOnAfterA429() {
        // given: 1,000 contacts modified in the same second, so pages of 100 and the resume point fall inside the tie
        emulator.clock(Clock.fixed(Instant.now().minusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                ZoneOffset.UTC));
        for (int i = 0; i < 1000; i++) {
            dataverse.insert("contact", Map.of("lastname", "Tie " + i, "crmsync_externalid", "T-" + i));
        }
        emulator.clock(Clock.systemUTC());
        // after the first committed batch the service protection limit answers once, asking to wait a second
        RecordingReporter reporter = new RecordingReporter().afterCheckpoint(n -> {
            if (n == 1) {
                dataverse.throttleNext(1, 1);
            }
        });

        // when
        long started = System.nanoTime();
        TaskOutcome outcome = run(reporter, Fixtures.task().setWindowEnd(Timestamps.of(Instant.now().plusSeconds(60)))
                .build(), contactsIntoPostgres(), dataverse(), targetEndpoint, 100, 100);

        // then: every contact exactly once, after waiting as long as asked
        assertThat(outcome).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(reporter.failures).isEmpty();
        assertThat(reporter.completion().counts().getCreated()).isEqualTo(1000);
        assertThat(reporter.completion().counts().getUpdated()).isZero();
        assertThat(target.count("dv_contacts")).isEqualTo(1000);
        // the reopened session resumed with a new query (the compound position), not from the first row
        assertThat(dataverse.calls().get(Kind.QUERY)).isEqualTo(2);
        assertThat(target.rows("SELECT count(DISTINCT modified)::text FROM dv_contacts")).containsExactly(List.of("1"));
    }

    @Test
    void shouldDeleteInPostgresTheContactsDeletedInDataverseWithinTheWindow() {
        // given: 300 contacts copied, then 7 deleted in Dataverse
        dataverse.seedContacts(300);
        run(new RecordingReporter(), Fixtures.task().setWindowEnd(Timestamps.of(Instant.now().plusSeconds(60)))
                .build(), contactsIntoPostgres(), dataverse(), targetEndpoint, 100, 100);
        assertThat(target.count("dv_contacts")).isEqualTo(300);
        Instant deletedFrom = Instant.now().minusSeconds(2);
        List<List<String>> deleted = target.rows("SELECT dv_id FROM dv_contacts ORDER BY email LIMIT 7");
        deleted.forEach(id -> dataverse.delete("contact", id.get(0)));
        IntegrationPoint point = contactsIntoPostgres().toBuilder()
                .setOperation(Operation.OPERATION_IMPORT_DELETED).build();

        // when: an incremental import of the window's deletions, in pages of 3
        RecordingReporter deletions = new RecordingReporter();
        TaskOutcome outcome = run(deletions, Fixtures.task().setMode(RunMode.RUN_MODE_INCREMENTAL)
                .setWindowStart(Timestamps.of(deletedFrom)).setWindowEnd(Timestamps.of(Instant.now().plusSeconds(60)))
                .build(), point, dataverse(), targetEndpoint, 100, 3);

        // then: exactly those 7 are gone from the target, found in the audit log
        assertThat(outcome).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(deletions.completion().counts().getRead()).isEqualTo(7);
        assertThat(deletions.completion().counts().getDeleted()).isEqualTo(7);
        assertThat(target.count("dv_contacts")).isEqualTo(293);
        assertThat(target.rows("SELECT dv_id FROM dv_contacts WHERE dv_id IN ('" + String.join("','",
                deleted.stream().map(r -> r.get(0)).toList()) + "')")).isEmpty();

        // when: a window that ends before the deletions
        RecordingReporter before = new RecordingReporter();
        run(before, Fixtures.task().setMode(RunMode.RUN_MODE_INCREMENTAL)
                .setWindowStart(Timestamps.of(deletedFrom.minusSeconds(3600)))
                .setWindowEnd(Timestamps.of(deletedFrom.minusSeconds(60))).build(), point, dataverse(), targetEndpoint,
                100, 100);
        assertThat(before.completion().counts().getRead()).isZero();
    }

    private static IntegrationPoint contactsIntoPostgres() {
        return IntegrationPoint.newBuilder().setId("point-1").setName("contacts in")
                .setSourceEndpointId("source-id").setSourceObject("contact")
                .setTargetEndpointId("target-id").setTargetObject("dv_contacts")
                .setOperation(Operation.OPERATION_UPSERT).addMatchKey("dv_id").setCursorField("modifiedon")
                .addFieldRules(Fixtures.copy("contactid", "dv_id"))
                .addFieldRules(Fixtures.copy("firstname", "first_name"))
                .addFieldRules(Fixtures.copy("lastname", "last_name"))
                .addFieldRules(Fixtures.copy("emailaddress1", "email"))
                .addFieldRules(Fixtures.copy("address1_city", "city"))
                .addFieldRules(Fixtures.copy("modifiedon", "modified")).build();
    }

    private EndpointAccess dataverse() {
        return new EndpointAccess(UUID.randomUUID().toString(), "emulated org", "dynamics",
                Map.of("url", emulator.baseUrl(), "authorityUrl", emulator.baseUrl(), "tenantId", "tenant-1",
                        "clientId", "crmsync-app"), Map.of("clientSecret", "client-secret"));
    }

    private TaskOutcome run(RecordingReporter reporter, Task task, IntegrationPoint point, EndpointAccess from,
            EndpointAccess to, int batchSize, int fetchSize) {
        TransferRunner runner = new TransferRunner(task2 -> Fixtures.definition(point, from, to), reporter,
                ConnectorRegistry.of(new PostgresConnector(), new DynamicsConnector()),
                new TransferSettings(batchSize, fetchSize, 2, Duration.ofMillis(10)));
        return runner.run(task, new TaskControl());
    }
}
