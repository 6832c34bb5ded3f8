package io.crmsync.worker.connector.dynamics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.emulator.CrmEmulator;
import io.crmsync.emulator.dataverse.DataverseApi;
import io.crmsync.emulator.dataverse.DataverseApi.Kind;
import io.crmsync.proto.config.v1.Operation;
import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorException.Reason;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.ObjectDescription;
import io.crmsync.worker.connector.Position;
import io.crmsync.worker.connector.ReadRequest;
import io.crmsync.worker.connector.RecordStream;
import io.crmsync.worker.connector.SourceRecord;
import io.crmsync.worker.connector.SourceSession;
import io.crmsync.worker.connector.TargetRow;
import io.crmsync.worker.connector.TargetSession;
import io.crmsync.worker.connector.WriteResult;
import io.crmsync.worker.connector.WriteSpec;
import io.crmsync.worker.connector.CommitGuard;
import io.crmsync.worker.testing.FilterTrees;

/** The connector over real HTTP against the project's Dataverse emulator. */
class DynamicsConnectorTest {

    private static final List<String> FIELDS = List.of("contactid", "lastname", "crmsync_externalid", "modifiedon");

    private CrmEmulator emulator;
    private DataverseApi dataverse;
    private final MovableClock clock = new MovableClock();
    private DynamicsConnector connector;

    /** A clock tests move forward, as the emulator's is moved, to reach token expiry without waiting. */
    static final class MovableClock extends Clock {
        Duration offset = Duration.ZERO;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }

    @BeforeEach
    void start() {
        emulator = CrmEmulator.start(0).clock(clock);
        dataverse = emulator.dataverse();
        dataverse.credentials("tenant-1", "app-1", "s3cret-value");
        dataverse.seedContacts(120);
        connector = new DynamicsConnector(DynamicsClient.httpClient(), clock);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private EndpointAccess endpoint(String secret) {
        return new EndpointAccess(UUID.randomUUID().toString(), "emulated org", "dynamics",
                Map.of("url", emulator.baseUrl(), "authorityUrl", emulator.baseUrl(), "tenantId", "tenant-1",
                        "clientId", "app-1"), Map.of("clientSecret", secret));
    }

    private static List<SourceRecord> all(RecordStream stream) {
        List<SourceRecord> out = new ArrayList<>();
        stream.forEachRemaining(out::add);
        stream.close();
        return out;
    }

    @Test
    void shouldDescribeTablesByLogicalOrEntitySetName() {
        try (SourceSession session = connector.openSource(endpoint("s3cret-value"))) {
            ObjectDescription contact = session.describe("contact").orElseThrow();
            assertThat(contact.uniqueKeys()).containsExactly(List.of("contactid"), List.of("crmsync_externalid"));
            assertThat(contact.field("modifiedon").orElseThrow().temporal()).isTrue();
            assertThat(contact.field("contactid").orElseThrow().nullable()).isFalse();
            assertThat(session.describe("accounts").orElseThrow().hasUniqueKeyOn(List.of("accountnumber"))).isTrue();
            assertThat(session.describe("nothere")).isEmpty();
            assertThat(session.serverVersion()).isEqualTo("Dataverse Web API v9.2");
        }
    }

    @Test
    void shouldReadEveryPageAndResumeStrictlyAfterACompoundPosition() {
        try (SourceSession session = connector.openSource(endpoint("s3cret-value"))) {
            List<SourceRecord> records = all(session.read(new ReadRequest("contact", FIELDS, "modifiedon",
                    List.of("contactid"), null, null, null, 50)));

            assertThat(records).hasSize(120);
            assertThat(records).extracting(r -> r.value("contactid")).doesNotHaveDuplicates();
            assertThat(records.get(0).value("modifiedon")).isInstanceOf(OffsetDateTime.class);
            assertThat(dataverse.calls().get(Kind.QUERY)).isEqualTo(1);
            assertThat(dataverse.calls().get(Kind.NEXT_PAGE)).isEqualTo(2);

            Position after = records.get(59).position();
            List<SourceRecord> rest = all(session.read(new ReadRequest("contact", FIELDS, "modifiedon",
                    List.of("contactid"), null, null, after, 5000)));
            assertThat(rest).extracting(r -> r.value("contactid"))
                    .containsExactlyElementsOf(records.subList(60, 120).stream().map(r -> r.value("contactid")).toList());
        }
    }

    @Test
    void shouldFilterWithODataAndRefuseWhatItCannotExpress() {
        dataverse.insert("contact", Map.of("lastname", "O'Brien", "address1_city", "Cork"));
        try (SourceSession session = connector.openSource(endpoint("s3cret-value"))) {
            var filter = FilterTrees.and(FilterTrees.like("lastname", false, "O'B%"),
                    FilterTrees.in("address1_city", false, "Cork", "Dublin"));
            assertThat(session.filterProblems("contact", filter)).isEmpty();
            List<SourceRecord> found = all(session.read(new ReadRequest("contact", FIELDS, null, List.of("contactid"),
                    null, null, null, 100, filter)));
            assertThat(found).extracting(r -> r.value("lastname")).containsExactly("O'Brien");

            assertThat(session.filterProblems("contact", FilterTrees.and(FilterTrees.like("lastname", false, "O_B"),
                    FilterTrees.eq("numberofchildren", "many"), FilterTrees.eq("nope", "x")))).containsExactly(
                    "field lastname: $filter matches text only with startswith, endswith and contains, so the pattern "
                            + "'O_B' may have % only at its start and/or end, and no _",
                    "field numberofchildren: 'many' is not a Integer", "field nope: contact has no such column");
        }
    }

    @Test
    void shouldUpsertByAlternateKeyTellingCreatedFromUpdatedAndRejectingWithTheCrmCode() {
        WriteSpec spec = new WriteSpec("contacts", List.of("crmsync_externalid", "lastname", "numberofchildren"),
                List.of("crmsync_externalid"), Operation.OPERATION_UPSERT, true, true);
        try (TargetSession session = connector.openTarget(endpoint("s3cret-value"))) {
            List<WriteResult> first = session.write(spec, List.of(row("C-000001", "Renamed", 2L),
                    row("N-1", "New", "3"), row("N-2", "x".repeat(51), null), row(null, "No key", null)),
                    CommitGuard.NONE);

            assertThat(first).containsExactly(WriteResult.UPDATED, WriteResult.CREATED,
                    WriteResult.rejected("dynamics.0x80044331", "A validation error occurred.  The length of the "
                            + "'lastname' attribute of the 'contact' entity exceeded the maximum allowed length of "
                            + "'50'."),
                    WriteResult.rejected("dynamics.invalid_value", "the match key crmsync_externalid is empty"));
            assertThat(dataverse.calls().get(Kind.BATCH)).isEqualTo(1);

            WriteSpec insertOnly = new WriteSpec("contact", spec.columns(), spec.keyColumns(),
                    Operation.OPERATION_INSERT_ONLY, true, true);
            assertThat(session.write(insertOnly, List.of(row("N-1", "Again", null), row("N-3", "Third", null)),
                    CommitGuard.NONE)).containsExactly(WriteResult.SKIPPED, WriteResult.CREATED);
            WriteSpec updateOnly = new WriteSpec("contact", spec.columns(), spec.keyColumns(),
                    Operation.OPERATION_UPDATE_ONLY, true, true);
            assertThat(session.write(updateOnly, List.of(row("N-9", "Missing", null), row("N-3", "Third2", null)),
                    CommitGuard.NONE)).containsExactly(WriteResult.SKIPPED, WriteResult.UPDATED);
            WriteSpec delete = new WriteSpec("contact", List.of("crmsync_externalid"), List.of("crmsync_externalid"),
                    Operation.OPERATION_DELETE, true, true);
            assertThat(session.write(delete, List.of(new TargetRow(List.of("N-3")), new TargetRow(List.of("N-9"))),
                    CommitGuard.NONE)).containsExactly(WriteResult.DELETED, WriteResult.SKIPPED);
        }
        assertThat(dataverse.records("contact")).filteredOn(r -> "N-1".equals(r.get("crmsync_externalid")))
                .singleElement().satisfies(r -> assertThat(r.get("numberofchildren")).isEqualTo(3L));
    }

    @Test
    void shouldRefuseAMatchKeyThatIsNoKeyOfTheTable() {
        WriteSpec spec = new WriteSpec("contact", List.of("emailaddress1", "lastname"), List.of("emailaddress1"),
                Operation.OPERATION_UPSERT, true, true);
        try (TargetSession session = connector.openTarget(endpoint("s3cret-value"))) {
            assertThatThrownBy(() -> session.write(spec, List.of(row("a@b.c", "x", null)), CommitGuard.NONE))
                    .isInstanceOf(ConnectorException.class).hasMessage("a dynamics write into contact matches on the "
                            + "primary id contactid or on an alternate key, not on [emailaddress1]; its alternate keys: "
                            + "crmsync_externalid_key [crmsync_externalid]");
        }
    }

    @Test
    void shouldTurnServiceProtectionIntoARateLimitWithTheWait() {
        try (SourceSession session = connector.openSource(endpoint("s3cret-value"))) {
            session.describe("contact");
            dataverse.throttleNext(1, 7);
            assertThatThrownBy(() -> all(session.read(new ReadRequest("contact", FIELDS, null, List.of("contactid"),
                    null, null, null, 100)))).isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.isTransient()).isTrue();
                        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
                        assertThat(e.getMessage()).isEqualTo("dynamics query on contacts failed: 0x80072322: Number "
                                + "of requests exceeded the limit of 6000 over time window of 300 seconds.");
                    });
        }
    }

    @Test
    void shouldRefuseWrongCredentialsWithoutShowingTheSecret() {
        assertThatThrownBy(() -> connector.connect(endpoint("wrong-secret")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION);
                    assertThat(e.getMessage()).startsWith("dynamics endpoint 'emulated org': Entra ID refused the "
                            + "client credentials of app app-1 in tenant tenant-1: invalid_client: AADSTS7000215")
                            .doesNotContain("wrong-secret");
                });
        assertThat(DynamicsSettings.of(endpoint("s3cret-value")).toString()).doesNotContain("s3cret-value");
    }

    @Test
    void shouldReadDeletionsFromTheAuditLogByPrimaryIdOnly() {
        List<Map<String, Object>> rows = dataverse.records("contact");
        Instant before = Instant.now().minusSeconds(2);
        dataverse.delete("contact", (String) rows.get(0).get("contactid"));
        dataverse.delete("contact", (String) rows.get(1).get("contactid"));
        try (SourceSession session = connector.openSource(endpoint("s3cret-value"))) {
            List<SourceRecord> deleted = all(session.readDeleted(new ReadRequest("contact",
                    List.of("contactid", "modifiedon"), "modifiedon", List.of("contactid"), before, null, null, 1)));

            assertThat(deleted).extracting(r -> r.value("contactid")).containsExactlyInAnyOrder(
                    rows.get(0).get("contactid"), rows.get(1).get("contactid"));
            assertThat(deleted.get(0).position().modifiedTime()).isAfterOrEqualTo(before.minusSeconds(1));
            assertThatThrownBy(() -> session.readDeleted(new ReadRequest("contact", List.of("crmsync_externalid"),
                    "modifiedon", List.of("crmsync_externalid"), before, null, null, 100)))
                    .isInstanceOf(ConnectorException.class).hasMessage("dynamics finds deleted contact rows in the "
                            + "audit log, which names them by contactid only; match on contactid to import deletions, "
                            + "not on [crmsync_externalid]");
        }
    }

    @Test
    void shouldTestTheConnectionWithWhoAmI() {
        try (var session = connector.connect(endpoint("s3cret-value"))) {
            assertThat(session.serverVersion()).matches("Dataverse Web API v9\\.2, organization [0-9a-f-]{36}");
        }
        assertThat(dataverse.calls().get(Kind.TOKEN)).isEqualTo(1);
        assertThat(dataverse.calls().get(Kind.OTHER)).isEqualTo(1);
    }

    @Test
    void shouldNeverFollowALinkOutsideTheWebApiRoot() {
        DynamicsClient client = new DynamicsClient(DynamicsSettings.of(endpoint("s3cret-value")),
                DynamicsClient.httpClient(), clock);
        for (String link : List.of("http://169.254.169.254/api/data/v9.2/contacts", emulator.baseUrl()
                .replace("127.0.0.1", "localhost") + "/api/data/v9.2/contacts", emulator.baseUrl() + "/other")) {
            assertThatThrownBy(() -> client.call("GET", link, null, Map.of()))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.REFUSED);
                        assertThat(e.getMessage()).contains("sent a link outside its Web API root");
                    });
        }
        assertThat(dataverse.calls().values().stream().mapToLong(Long::longValue).sum()).isZero();
    }

    @Test
    void shouldRenewTheTokenBeforeItExpiresAndAfterA401() {
        try (SourceSession session = connector.openSource(endpoint("s3cret-value"))) {
            session.describe("contact");
            clock.offset = Duration.ofSeconds(3400);
            all(session.read(new ReadRequest("contact", FIELDS, null, List.of("contactid"), null, null, null, 500)));
            // renewed ahead of expiry: no call was refused
            assertThat(dataverse.calls().get(Kind.TOKEN)).isEqualTo(2);

            dataverse.expireAllTokens();
            assertThat(all(session.read(new ReadRequest("contact", FIELDS, null, List.of("contactid"), null, null,
                    null, 500)))).hasSize(120);
            assertThat(dataverse.calls().get(Kind.TOKEN)).isEqualTo(3);
            assertThat(dataverse.calls().get(Kind.QUERY)).isEqualTo(3);
        }
    }

    private static TargetRow row(Object key, Object lastName, Object children) {
        List<Object> values = new ArrayList<>();
        values.add(key);
        values.add(lastName);
        values.add(children);
        return new TargetRow(values);
    }
}
