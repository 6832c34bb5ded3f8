package io.crmsync.worker.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.common.net.HostPolicy;
import io.crmsync.common.time.Timestamps;
import io.crmsync.emulator.CrmEmulator;
import io.crmsync.emulator.salesforce.SalesforceApi;
import io.crmsync.proto.config.v1.IntegrationPoint;
import io.crmsync.proto.config.v1.Operation;
import io.crmsync.proto.scheduler.v1.RunMode;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.worker.connector.ConnectorRegistry;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.postgresql.PostgresConnector;
import io.crmsync.worker.connector.salesforce.SalesforceConnector;
import io.crmsync.worker.task.TaskControl;
import io.crmsync.worker.testing.Fixtures;
import io.crmsync.worker.testing.RecordingReporter;

/**
 * The salesforce connector through the real engine against the project's CRM emulator (no real Salesforce can
 * run here; the emulator answers as the documented API does): Contacts into PostgreSQL, full then incremental
 * with an expired session in between, and PostgreSQL contacts upserted into Salesforce by external id.
 */
class SalesforceEmulatorTransferTest extends EngineTestBase {

    private CrmEmulator emulator;

    @BeforeEach
    void startEmulator() {
        emulator = CrmEmulator.start(0);
        emulator.salesforce().credentials("crmsync-client", "client-secret");
        emulator.salesforce().seedContacts(250);
    }

    @AfterEach
    void stopEmulator() {
        emulator.close();
    }

    @Test
    void shouldCopyContactsFullyThenIncrementallyAcrossAnExpiredSession() {
        // given
        target.exec("CREATE TABLE sf_contacts (sf_id text PRIMARY KEY, first_name text, last_name text, email text,"
                + " city text, modified timestamptz)");
        IntegrationPoint point = contactsIntoPostgres();
        RecordingReporter full = new RecordingReporter();

        // when: a full run, in pages of 200 and batches of 100
        TaskOutcome first = run(full, Fixtures.task().setWindowEnd(Timestamps.of(Instant.now().plusSeconds(60)))
                .build(), point, salesforce(), targetEndpoint);

        // then
        assertThat(first).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(full.completion().counts().getRead()).isEqualTo(250);
        assertThat(full.completion().counts().getCreated()).isEqualTo(250);
        assertThat(target.count("sf_contacts")).isEqualTo(250);

        // when: ten contacts change in the CRM, every session expires, and an incremental run reads the change
        Instant changedFrom = Instant.now().minusSeconds(2);
        List<List<String>> ids = target.rows("SELECT sf_id FROM sf_contacts ORDER BY sf_id LIMIT 10");
        ids.forEach(id -> emulator.salesforce().update("Contact", id.get(0), Map.of("MailingCity", "Changed City")));
        emulator.salesforce().expireAllTokens();
        RecordingReporter incremental = new RecordingReporter();
        Task task = Fixtures.task().setMode(RunMode.RUN_MODE_INCREMENTAL).setWindowStart(Timestamps.of(changedFrom))
                .setWindowEnd(Timestamps.of(Instant.now().plusSeconds(60))).build();
        TaskOutcome second = run(incremental, task, point, salesforce(), targetEndpoint);

        // then: the connector signed in again and went on; exactly the ten changed contacts were read and updated
        assertThat(second).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(incremental.completion().counts().getRead()).isEqualTo(10);
        assertThat(incremental.completion().counts().getUpdated()).isEqualTo(10);
        assertThat(target.rows("SELECT count(*)::text FROM sf_contacts WHERE city = 'Changed City'"))
                .containsExactly(List.of("10"));
    }

    @Test
    void shouldDeleteInPostgresTheContactsDeletedInSalesforceWithinTheWindowAndRefuseAnOlderWindow() {
        // given: the 250 contacts copied, then 7 deleted in Salesforce
        target.exec("CREATE TABLE sf_contacts (sf_id text PRIMARY KEY, first_name text, last_name text, email text,"
                + " city text, modified timestamptz)");
        run(new RecordingReporter(), Fixtures.task().setWindowEnd(Timestamps.of(Instant.now().plusSeconds(60)))
                .build(), contactsIntoPostgres(), salesforce(), targetEndpoint);
        assertThat(target.count("sf_contacts")).isEqualTo(250);
        Instant deletedFrom = Instant.now().minusSeconds(2);
        List<List<String>> deleted = target.rows("SELECT sf_id FROM sf_contacts ORDER BY email LIMIT 7");
        deleted.forEach(id -> emulator.salesforce().delete("Contact", id.get(0)));
        IntegrationPoint point = contactsIntoPostgres().toBuilder()
                .setOperation(Operation.OPERATION_IMPORT_DELETED).build();

        // when: an incremental import of the window's deletions
        RecordingReporter deletions = new RecordingReporter();
        TaskOutcome outcome = run(deletions, Fixtures.task().setMode(RunMode.RUN_MODE_INCREMENTAL)
                .setWindowStart(Timestamps.of(deletedFrom)).setWindowEnd(Timestamps.of(Instant.now().plusSeconds(60)))
                .build(), point, salesforce(), targetEndpoint);

        // then: exactly those 7 are gone from the target, found through queryAll
        assertThat(outcome).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(deletions.completion().counts().getRead()).isEqualTo(7);
        assertThat(deletions.completion().counts().getDeleted()).isEqualTo(7);
        assertThat(target.count("sf_contacts")).isEqualTo(243);
        assertThat(target.rows("SELECT sf_id FROM sf_contacts WHERE sf_id IN ('" + String.join("','",
                deleted.stream().map(r -> r.get(0)).toList()) + "')")).isEmpty();

        // when: a window starting before Salesforce's 15-day delete log
        RecordingReporter tooOld = new RecordingReporter();
        TaskOutcome refused = run(tooOld, Fixtures.task().setMode(RunMode.RUN_MODE_INCREMENTAL)
                .setWindowStart(Timestamps.of(Instant.now().minus(Duration.ofDays(20))))
                .setWindowEnd(Timestamps.of(Instant.now().plusSeconds(60))).build(), point, salesforce(),
                targetEndpoint);

        // then: refused, naming the limit and the way out, nothing more deleted
        assertThat(refused).isEqualTo(TaskOutcome.FAILED);
        assertThat(tooOld.failures.get(0).message()).contains("salesforce keeps deleted Contact records for 15 days")
                .contains("run a full sync");
        assertThat(target.count("sf_contacts")).isEqualTo(243);
    }

    @Test
    void shouldSignInWithTheJwtBearerFlowAgainAfterTheSessionExpiredAndNameARefusalWithoutTheKey()
            throws Exception {
        // given: a connected app with an uploaded certificate, and the worker holding its private key
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        emulator.salesforce().jwtBearer(keys.getPublic(), "integration@example.com");
        target.exec("CREATE TABLE sf_contacts (sf_id text PRIMARY KEY, first_name text, last_name text, email text,"
                + " city text, modified timestamptz)");
        EndpointAccess jwt = new EndpointAccess(UUID.randomUUID().toString(), "emulated org", "salesforce",
                Map.of("loginUrl", emulator.baseUrl(), "clientId", "crmsync-client", "authFlow", "jwt_bearer",
                        "username", "integration@example.com"), Map.of("privateKey", pem));
        Task window = Fixtures.task().setWindowEnd(Timestamps.of(Instant.now().plusSeconds(60))).build();

        // when: a full copy, then every session expires and a second run starts
        RecordingReporter first = new RecordingReporter();
        run(first, window, contactsIntoPostgres(), jwt, targetEndpoint);
        emulator.salesforce().expireAllTokens();
        RecordingReporter second = new RecordingReporter();
        run(second, window, contactsIntoPostgres(), jwt, targetEndpoint);

        // then: both signed in with a fresh assertion
        assertThat(first.completion().counts().getCreated()).isEqualTo(250);
        assertThat(second.completion().counts().getUnchanged()).isEqualTo(250);

        // when: the org does not know the user
        EndpointAccess stranger = new EndpointAccess(UUID.randomUUID().toString(), "emulated org", "salesforce",
                Map.of("loginUrl", emulator.baseUrl(), "clientId", "crmsync-client", "authFlow", "jwt_bearer",
                        "username", "someone@example.com"), Map.of("privateKey", pem));
        RecordingReporter refused = new RecordingReporter();
        TaskOutcome outcome = run(refused, window, contactsIntoPostgres(), stranger, targetEndpoint);

        // then: Salesforce's reason, and nothing of the key
        assertThat(outcome).isEqualTo(TaskOutcome.FAILED);
        assertThat(refused.failures.get(0).message()).contains("user hasn't approved this consumer")
                .doesNotContain(pem.substring(40, 80));
    }

    @Test
    void shouldUpsertDatabaseContactsByExternalIdInCallsOf200() {
        // given: 300 contacts in PostgreSQL, 250 others in Salesforce
        Fixtures.seedContacts(source, 300, 1);
        IntegrationPoint point = IntegrationPoint.newBuilder().setId("point-1").setName("contacts out")
                .setSourceEndpointId("source-id").setSourceObject("contacts")
                .setTargetEndpointId("target-id").setTargetObject("Contact")
                .setOperation(Operation.OPERATION_UPSERT).addMatchKey("External_Id__c").setCursorField("updated_at")
                .addFieldRules(Fixtures.copy("email", "External_Id__c"))
                .addFieldRules(Fixtures.copy("first_name", "FirstName"))
                .addFieldRules(Fixtures.copy("last_name", "LastName"))
                .addFieldRules(Fixtures.copy("email", "Email")).build();

        // when: written once, then again after 5 changed
        RecordingReporter created = new RecordingReporter();
        run(created, Fixtures.task().build(), point, sourceEndpoint, salesforce());
        source.exec("UPDATE contacts SET last_name = 'Renamed' WHERE id <= 5");
        RecordingReporter updated = new RecordingReporter();
        run(updated, Fixtures.task().build(), point, sourceEndpoint, salesforce());

        // then: created first, updated then (Salesforce reports no "unchanged"); one collections call per batch of
        // 100 (at most 200 records a call), so 3 calls a run
        assertThat(created.completion().counts().getCreated()).isEqualTo(300);
        assertThat(updated.completion().counts().getUpdated()).isEqualTo(300);
        assertThat(updated.failures).isEmpty();
        assertThat(emulator.salesforce().calls().get(SalesforceApi.Kind.COLLECTIONS_UPSERT)).isEqualTo(6);
    }

    private static IntegrationPoint contactsIntoPostgres() {
        return IntegrationPoint.newBuilder().setId("point-1").setName("contacts in")
                .setSourceEndpointId("source-id").setSourceObject("Contact")
                .setTargetEndpointId("target-id").setTargetObject("sf_contacts")
                .setOperation(Operation.OPERATION_UPSERT).addMatchKey("sf_id").setCursorField("SystemModstamp")
                .addFieldRules(Fixtures.copy("Id", "sf_id"))
                .addFieldRules(Fixtures.copy("FirstName", "first_name"))
                .addFieldRules(Fixtures.copy("LastName", "last_name"))
                .addFieldRules(Fixtures.copy("Email", "email"))
                .addFieldRules(Fixtures.copy("MailingCity", "city"))
                .addFieldRules(Fixtures.copy("SystemModstamp", "modified")).build();
    }

    private EndpointAccess salesforce() {
        return new EndpointAccess(UUID.randomUUID().toString(), "emulated org", "salesforce",
                Map.of("loginUrl", emulator.baseUrl(), "clientId", "crmsync-client", "authFlow", "client_credentials"),
                Map.of("clientSecret", "client-secret"));
    }

    private TaskOutcome run(RecordingReporter reporter, Task task, IntegrationPoint point, EndpointAccess from,
            EndpointAccess to) {
        TransferRunner runner = new TransferRunner(task2 -> Fixtures.definition(point, from, to), reporter,
                ConnectorRegistry.of(new PostgresConnector(), new SalesforceConnector(new HostPolicy(List.of("localhost", "127.0.0.1")))),
                new TransferSettings(100, 200, 2, Duration.ofMillis(10)));
        return runner.run(task, new TaskControl());
    }
}
