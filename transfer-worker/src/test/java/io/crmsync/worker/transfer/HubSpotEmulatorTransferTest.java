package io.crmsync.worker.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.common.time.Timestamps;
import io.crmsync.emulator.CrmEmulator;
import io.crmsync.emulator.hubspot.HubSpotApi;
import io.crmsync.emulator.hubspot.HubSpotApi.Kind;
import io.crmsync.proto.config.v1.IntegrationPoint;
import io.crmsync.proto.config.v1.Operation;
import io.crmsync.proto.scheduler.v1.RecordKey;
import io.crmsync.proto.scheduler.v1.RunMode;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.worker.connector.ConnectorRegistry;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.hubspot.HubSpotConnector;
import io.crmsync.worker.connector.postgresql.PostgresConnector;
import io.crmsync.worker.task.TaskControl;
import io.crmsync.worker.testing.Fixtures;
import io.crmsync.worker.testing.RecordingReporter;

/**
 * The hubspot connector through the real engine against the project's CRM emulator: PostgreSQL contacts upserted
 * into HubSpot by a unique property, and HubSpot contacts copied into PostgreSQL fully, then incrementally across
 * an OAuth token expiring mid-run, a 429 storm and a run of records tied on one modification time.
 */
class HubSpotEmulatorTransferTest extends EngineTestBase {

    private static final String HS_TABLE = "CREATE TABLE hs_contacts (hs_id text PRIMARY KEY, email text, "
            + "first_name text, city text, modified timestamptz)";

    private CrmEmulator emulator;
    private HubSpotApi hubspot;

    @BeforeEach
    void startEmulator() {
        emulator = CrmEmulator.start(0);
        hubspot = emulator.hubspot();
        hubspot.seedContacts(250);
    }

    @AfterEach
    void stopEmulator() {
        emulator.close();
    }

    @Test
    void shouldUpsertDatabaseContactsInCallsOf100AndRejectWithHubSpotsMessage() {
        // given: 300 contacts in PostgreSQL, one with an email HubSpot refuses
        Fixtures.seedContacts(source, 300, 1);
        source.exec("UPDATE contacts SET email = 'not-an-email' WHERE id = 7");
        IntegrationPoint point = IntegrationPoint.newBuilder().setId("point-1").setName("contacts out")
                .setSourceEndpointId("source-id").setSourceObject("contacts")
                .setTargetEndpointId("target-id").setTargetObject("contacts")
                .setOperation(Operation.OPERATION_UPSERT).addMatchKey("external_id").setCursorField("updated_at")
                .addFieldRules(Fixtures.copy("id", "external_id"))
                .addFieldRules(Fixtures.copy("first_name", "firstname"))
                .addFieldRules(Fixtures.copy("last_name", "lastname"))
                .addFieldRules(Fixtures.copy("email", "email")).build();

        // when: written once, then again after 5 changed
        RecordingReporter created = new RecordingReporter();
        run(created, Fixtures.task().build(), point, sourceEndpoint, privateApp());
        long callsFirst = hubspot.calls().get(Kind.BATCH_UPSERT);
        source.exec("UPDATE contacts SET last_name = 'Renamed' WHERE id <= 5");
        RecordingReporter updated = new RecordingReporter();
        run(updated, Fixtures.task().build(), point, sourceEndpoint, privateApp());

        // then: created first, updated then, the bad record rejected with HubSpot's own code and message, and each
        // run took ceil(300 / 100) = 3 upsert calls, the minimum
        assertThat(created.completion().counts().getCreated()).isEqualTo(299);
        assertThat(created.completion().counts().getRejected()).isEqualTo(1);
        assertThat(created.rejects()).singleElement().satisfies(r -> {
            assertThat(r.getCode()).isEqualTo("hubspot.INVALID_EMAIL");
            assertThat(r.getMessage()).contains("Email address not-an-email is invalid");
        });
        assertThat(updated.completion().counts().getUpdated()).isEqualTo(299);
        assertThat(callsFirst).isEqualTo(3);
        assertThat(hubspot.calls().get(Kind.BATCH_UPSERT)).isEqualTo(6);
        assertThat(hubspot.find("contacts", "external_id", "3").get("lastname")).isEqualTo("Renamed");
    }

    @Test
    void shouldCopyContactsFullyThenIncrementallyAcrossATokenExpiringMidRun() {
        // given
        target.exec(HS_TABLE);
        IntegrationPoint point = contactsIntoPostgres();

        // when: a full run through the list endpoint, 100 a call
        RecordingReporter full = new RecordingReporter();
        TaskOutcome first = run(full, fullTask(), point, oauth(), targetEndpoint);

        // then
        assertThat(first).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(full.completion().counts().getCreated()).isEqualTo(250);
        assertThat(target.count("hs_contacts")).isEqualTo(250);
        assertThat(hubspot.calls().get(Kind.LIST)).isEqualTo(3);
        assertThat(hubspot.calls().get(Kind.SEARCH)).isZero();

        // when: ten contacts change, and the OAuth token expires after the next call of the incremental run
        Instant changedFrom = Instant.now().minusSeconds(2);
        target.rows("SELECT hs_id FROM hs_contacts ORDER BY hs_id LIMIT 10")
                .forEach(id -> hubspot.update("contacts", id.get(0), Map.of("city", "Changed City")));
        long tokensBefore = hubspot.calls().get(Kind.TOKEN);
        hubspot.expireTokensAfterCalls(1);
        RecordingReporter incremental = new RecordingReporter();
        TaskOutcome second = run(incremental, Fixtures.task().setMode(RunMode.RUN_MODE_INCREMENTAL)
                .setWindowStart(Timestamps.of(changedFrom)).setWindowEnd(Timestamps.of(Instant.now().plusSeconds(60)))
                .build(), point, oauth(), targetEndpoint);

        // then: the connector refreshed the token and went on; exactly the ten changed contacts came, in one search
        assertThat(second).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(incremental.completion().counts().getRead()).isEqualTo(10);
        assertThat(incremental.completion().counts().getUpdated()).isEqualTo(10);
        assertThat(hubspot.calls().get(Kind.TOKEN) - tokensBefore).isEqualTo(2);
        assertThat(hubspot.calls().get(Kind.SEARCH)).isEqualTo(2); // the one refused with 401, and its repeat
        assertThat(target.rows("SELECT count(*)::text FROM hs_contacts WHERE city = 'Changed City'"))
                .containsExactly(List.of("10"));
    }

    @Test
    void shouldRideOutA429StormWithoutLosingOrDuplicatingRecords() throws Exception {
        // given: two calls per half second, and for the first two seconds another client of the same app uses them
        // up, so the run's calls are refused whatever it paces
        target.exec(HS_TABLE);
        hubspot.seedContacts(750);
        hubspot.rateLimit(2, Duration.ofMillis(500));
        java.net.http.HttpClient other = java.net.http.HttpClient.newHttpClient();
        Thread noisy = new Thread(() -> {
            long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (!Thread.currentThread().isInterrupted() && System.nanoTime() < until) {
                try {
                    other.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(emulator.baseUrl()
                            + "/crm/v3/objects/contacts?limit=1")).header("Authorization", "Bearer "
                            + hubspot.privateAppToken()).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                } catch (java.io.IOException e) {
                    return;
                }
            }
        });
        noisy.start();

        // when
        RecordingReporter reporter = new RecordingReporter();
        TaskOutcome outcome;
        try {
            outcome = run(reporter, fullTask(), contactsIntoPostgres(), privateApp(), targetEndpoint);
        } finally {
            noisy.interrupt();
            noisy.join();
        }

        // then: the engine waited as HubSpot asked and resumed after the last committed record
        assertThat(outcome).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(target.count("hs_contacts")).isEqualTo(1000);
        assertThat(reporter.completion().counts().getCreated()).isEqualTo(1000);
        assertThat(reporter.failures).isEmpty();
        assertThat(emulator.throttledCalls()).as("calls refused with 429").isPositive();
    }

    @Test
    void shouldReadARunOfIdenticalModificationTimesAcrossPageBoundariesExactlyOnce() {
        // given: 250 contacts changed at one and the same millisecond, more than a search page of 200
        target.exec(HS_TABLE);
        Instant tie = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.MILLIS);
        emulator.clock(Clock.fixed(tie, ZoneOffset.UTC));
        for (int id = 51_001; id <= 51_250; id++) {
            hubspot.update("contacts", Integer.toString(id), Map.of("city", "Tied"));
        }
        emulator.clock(Clock.systemUTC());
        hubspot.searchRateLimit(1_000);

        // when: an incremental run whose window holds the tie
        RecordingReporter reporter = new RecordingReporter();
        TaskOutcome outcome = run(reporter, Fixtures.task().setMode(RunMode.RUN_MODE_INCREMENTAL)
                .setWindowStart(Timestamps.of(tie.minusSeconds(1)))
                .setWindowEnd(Timestamps.of(Instant.now().plusSeconds(60))).build(), contactsIntoPostgres(),
                privateApp(), targetEndpoint);

        // then: 250 read and written once, in two search calls
        assertThat(outcome).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(reporter.completion().counts().getRead()).isEqualTo(250);
        assertThat(target.rows("SELECT count(DISTINCT hs_id)::text FROM hs_contacts WHERE city = 'Tied'"))
                .containsExactly(List.of("250"));
        assertThat(hubspot.calls().get(Kind.SEARCH)).isEqualTo(2);
        assertThat(reporter.lastCheckpoint().cursor().getKey(0)).isEqualTo("51250");
    }

    @Test
    void shouldDeleteInPostgresTheContactsArchivedInHubSpotWithinTheWindow() {
        // given: the contacts copied, then 5 archived in HubSpot
        target.exec(HS_TABLE);
        run(new RecordingReporter(), fullTask(), contactsIntoPostgres(), privateApp(), targetEndpoint);
        long copied = target.count("hs_contacts");
        Instant archivedFrom = Instant.now().minusSeconds(2);
        List<List<String>> archived = target.rows("SELECT hs_id FROM hs_contacts ORDER BY email LIMIT 5");
        archived.forEach(id -> hubspot.archive("contacts", id.get(0)));
        IntegrationPoint point = contactsIntoPostgres().toBuilder()
                .setOperation(Operation.OPERATION_IMPORT_DELETED).build();

        // when: the window's deletions are imported
        RecordingReporter deletions = new RecordingReporter();
        TaskOutcome outcome = run(deletions, Fixtures.task().setMode(RunMode.RUN_MODE_INCREMENTAL)
                .setWindowStart(Timestamps.of(archivedFrom)).setWindowEnd(Timestamps.of(Instant.now().plusSeconds(60)))
                .build(), point, privateApp(), targetEndpoint);

        // then: exactly those 5 are gone, found in the archive list
        assertThat(outcome).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(deletions.completion().counts().getRead()).isEqualTo(5);
        assertThat(deletions.completion().counts().getDeleted()).isEqualTo(5);
        assertThat(target.count("hs_contacts")).isEqualTo(copied - 5);

        // and a window older than HubSpot's 90-day archive is refused, naming the way out
        RecordingReporter tooOld = new RecordingReporter();
        assertThat(run(tooOld, Fixtures.task().setMode(RunMode.RUN_MODE_INCREMENTAL)
                .setWindowStart(Timestamps.of(Instant.now().minus(Duration.ofDays(100))))
                .setWindowEnd(Timestamps.of(Instant.now().plusSeconds(60))).build(), point, privateApp(),
                targetEndpoint)).isEqualTo(TaskOutcome.FAILED);
        assertThat(tooOld.failures.get(0).message()).contains("hubspot keeps archived contacts for 90 days")
                .contains("run a full sync");
    }

    @Test
    void shouldReReadExactlyTheKeyedContactsOfARetry() {
        // given: three contacts' ids, from a full copy that is then emptied
        target.exec(HS_TABLE);
        run(new RecordingReporter(), fullTask(), contactsIntoPostgres(), privateApp(), targetEndpoint);
        List<String> ids = target.rows("SELECT hs_id FROM hs_contacts ORDER BY hs_id LIMIT 3").stream()
                .map(row -> row.get(0)).toList();
        target.exec("TRUNCATE hs_contacts");
        Task.Builder retry = fullTask().toBuilder();
        ids.forEach(id -> retry.addRecordKeys(RecordKey.newBuilder().addValues(id)));
        RecordingReporter reporter = new RecordingReporter();

        // when
        TaskOutcome outcome = run(reporter, retry.build(), contactsIntoPostgres(), privateApp(), targetEndpoint);

        // then
        assertThat(outcome).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(target.rows("SELECT hs_id FROM hs_contacts ORDER BY hs_id").stream().map(row -> row.get(0)))
                .containsExactlyElementsOf(ids);
    }

    @Test
    void shouldRefuseARetryOfMoreCompoundKeysThanHubSpotSearchHasFilterGroups() {
        // given: a key (hs_id, email) and six keys: six OR-ed groups, HubSpot searches take five
        target.exec("CREATE TABLE hs_contacts (hs_id text, email text, first_name text, city text, "
                + "modified timestamptz, UNIQUE (hs_id, email))");
        IntegrationPoint point = contactsIntoPostgres().toBuilder().addMatchKey("email").build();
        Task.Builder retry = fullTask().toBuilder();
        for (int i = 1; i <= 6; i++) {
            retry.addRecordKeys(RecordKey.newBuilder().addValues(Integer.toString(i)).addValues(i + "@example.com"));
        }
        RecordingReporter reporter = new RecordingReporter();

        // when
        TaskOutcome outcome = run(reporter, retry.build(), point, privateApp(), targetEndpoint);

        // then
        assertThat(outcome).isEqualTo(TaskOutcome.FAILED);
        assertThat(reporter.failures).singleElement().satisfies(f -> assertThat(f.message())
                .contains("HubSpot search takes at most 5 OR-ed filter groups; this filter has 6"));
        assertThat(target.count("hs_contacts")).isZero();
    }

    private static Task fullTask() {
        return Fixtures.task().setWindowEnd(Timestamps.of(Instant.now().plusSeconds(60))).build();
    }

    private static IntegrationPoint contactsIntoPostgres() {
        return IntegrationPoint.newBuilder().setId("point-1").setName("contacts in")
                .setSourceEndpointId("source-id").setSourceObject("contacts")
                .setTargetEndpointId("target-id").setTargetObject("hs_contacts")
                .setOperation(Operation.OPERATION_UPSERT).addMatchKey("hs_id").setCursorField("lastmodifieddate")
                .addFieldRules(Fixtures.copy("hs_object_id", "hs_id"))
                .addFieldRules(Fixtures.copy("email", "email"))
                .addFieldRules(Fixtures.copy("firstname", "first_name"))
                .addFieldRules(Fixtures.copy("city", "city"))
                .addFieldRules(Fixtures.copy("lastmodifieddate", "modified")).build();
    }

    private EndpointAccess privateApp() {
        return new EndpointAccess(UUID.randomUUID().toString(), "emulated portal", "hubspot",
                Map.of("baseUrl", emulator.baseUrl(), "authFlow", "private_app", "searchLagSeconds", "5"),
                Map.of("accessToken", hubspot.privateAppToken()));
    }

    private EndpointAccess oauth() {
        return new EndpointAccess(UUID.randomUUID().toString(), "emulated portal (oauth)", "hubspot",
                Map.of("baseUrl", emulator.baseUrl(), "authFlow", "oauth", "clientId", "crmsync-client",
                        "searchLagSeconds", "5"),
                Map.of("clientSecret", "crmsync-secret", "refreshToken", hubspot.refreshToken()));
    }

    private TaskOutcome run(RecordingReporter reporter, Task task, IntegrationPoint point, EndpointAccess from,
            EndpointAccess to) {
        TransferRunner runner = new TransferRunner(task2 -> Fixtures.definition(point, from, to), reporter,
                ConnectorRegistry.of(new PostgresConnector(), new HubSpotConnector()),
                new TransferSettings(100, 200, 2, Duration.ofMillis(10)));
        return runner.run(task, new TaskControl());
    }
}
