package io.crmsync.worker.connector.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.emulator.CrmEmulator;
import io.crmsync.emulator.hubspot.HubSpotApi;
import io.crmsync.emulator.hubspot.HubSpotApi.Kind;
import io.crmsync.proto.config.v1.FilterComparison;
import io.crmsync.proto.config.v1.FilterExpression;
import io.crmsync.proto.config.v1.FilterJunction;
import io.crmsync.proto.config.v1.FilterLike;
import io.crmsync.proto.config.v1.FilterOperator;
import io.crmsync.proto.config.v1.FilterValue;
import io.crmsync.proto.config.v1.Operation;
import io.crmsync.worker.connector.CommitGuard;
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

/** The connector over real HTTP against the project's HubSpot emulator. */
class HubSpotConnectorTest {

    private static final List<String> FIELDS = List.of("hs_object_id", "email", "city", "lastmodifieddate");

    private CrmEmulator emulator;
    private HubSpotApi hubspot;
    private final HubSpotConnector connector = new HubSpotConnector();

    @BeforeEach
    void start() {
        emulator = CrmEmulator.start(0);
        hubspot = emulator.hubspot();
        hubspot.seedContacts(250);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private EndpointAccess privateApp(String token) {
        return new EndpointAccess("e1", "portal", "hubspot", Map.of("baseUrl", emulator.baseUrl(),
                "searchLagSeconds", "60"), Map.of("accessToken", token));
    }

    private EndpointAccess oauth(String refreshToken) {
        return new EndpointAccess("e2", "oauth portal", "hubspot", Map.of("baseUrl", emulator.baseUrl(), "authFlow",
                "oauth", "clientId", "crmsync-client"), Map.of("clientSecret", "crmsync-secret", "refreshToken",
                refreshToken));
    }

    private List<SourceRecord> readAll(SourceSession session, ReadRequest request) {
        List<SourceRecord> out = new ArrayList<>();
        try (RecordStream records = session.read(request)) {
            records.forEachRemaining(out::add);
        }
        return out;
    }

    private static ReadRequest full(Position after) {
        return new ReadRequest("contacts", FIELDS, "lastmodifieddate", List.of("hs_object_id"), null,
                Instant.now().plusSeconds(60), after, 200);
    }

    private static ReadRequest window(Instant start, Instant end, Position after, FilterExpression filter) {
        return new ReadRequest("contacts", FIELDS, "lastmodifieddate", List.of("hs_object_id"), start, end, after, 200,
                filter);
    }

    @Test
    void shouldDescribePropertiesWithTheirTypesAndUniqueKeys() {
        try (SourceSession session = connector.openSource(privateApp(hubspot.privateAppToken()))) {
            ObjectDescription contacts = session.describe("contacts").orElseThrow();
            assertThat(contacts.field("lastmodifieddate").orElseThrow().temporal()).isTrue();
            assertThat(contacts.field("annualrevenue").orElseThrow().type()).isEqualTo("number");
            assertThat(contacts.uniqueKeys()).contains(List.of("hs_object_id"), List.of("external_id"),
                    List.of("email"));
            assertThat(session.describe("companies").orElseThrow().uniqueKeys()).doesNotContain(List.of("email"));
            assertThat(session.describe("widgets")).isEmpty();
            assertThatThrownBy(() -> session.describe("contacts; drop")).isInstanceOf(ConnectorException.class);
        }
    }

    @Test
    void shouldReadAFullCopyThroughTheListAndResumeAfterAPositionInIdOrder() {
        try (SourceSession session = connector.openSource(privateApp(hubspot.privateAppToken()))) {
            List<SourceRecord> all = readAll(session, full(null));
            assertThat(all).hasSize(250);
            assertThat(all.get(0).value("lastmodifieddate")).isInstanceOf(OffsetDateTime.class);
            assertThat(all.get(0).value("hs_object_id")).isInstanceOf(BigDecimal.class);
            assertThat(hubspot.calls().get(Kind.LIST)).isEqualTo(3);
            assertThat(hubspot.calls().get(Kind.SEARCH)).isZero();

            List<SourceRecord> rest = readAll(session, full(all.get(119).position()));
            assertThat(rest).extracting(SourceRecord::position).containsExactlyElementsOf(
                    all.subList(120, 250).stream().map(SourceRecord::position).toList());
        }
    }

    @Test
    void shouldSearchPastTheCapAndAcrossTiedTimesWithoutSkippingOrRepeating() {
        hubspot.searchRateLimit(1_000);
        hubspot.seedContacts(10_000);
        Instant tie = Instant.now().minusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        emulator.clock(Clock.fixed(tie, ZoneOffset.UTC));
        for (int id = 51_001; id <= 51_250; id++) {
            hubspot.update("contacts", Integer.toString(id), Map.of("city", "Tied"));
        }
        emulator.clock(Clock.systemUTC());
        try (SourceSession session = connector.openSource(privateApp(hubspot.privateAppToken()))) {
            List<SourceRecord> read = readAll(session, window(Instant.now().minus(Duration.ofDays(30)),
                    Instant.now().plusSeconds(60), null, null));
            assertThat(read).hasSize(10_250);
            assertThat(new HashSet<>(read.stream().map(r -> r.position().key().get(0)).toList())).hasSize(10_250);
            for (int i = 1; i < read.size(); i++) {
                Position a = read.get(i - 1).position();
                Position b = read.get(i).position();
                assertThat(a.modifiedTime().isBefore(b.modifiedTime()) || a.modifiedTime().equals(b.modifiedTime())
                        && Long.parseLong(a.key().get(0)) < Long.parseLong(b.key().get(0))).isTrue();
            }
            // 10,250 results: one search of 50 pages, then one restarted at the last time seen for the rest
            assertThat(hubspot.calls().get(Kind.SEARCH)).isBetween(52L, 53L);

            // A resume inside the run of 250 records tied on one time continues with the next one.
            List<SourceRecord> tied = read.stream().filter(r -> r.position().modifiedTime().equals(tie)).toList();
            assertThat(tied).hasSize(250);
            List<SourceRecord> resumed = readAll(session, window(Instant.now().minus(Duration.ofDays(30)),
                    tie.plusMillis(1), tied.get(149).position(), null));
            assertThat(resumed).extracting(SourceRecord::position).containsExactlyElementsOf(
                    tied.subList(150, 250).stream().map(SourceRecord::position).toList());
        }
    }

    @Test
    void shouldReadChangesSearchShowedLateOnTheNextRunThroughTheLag() {
        Instant t = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        emulator.clock(Clock.fixed(t, ZoneOffset.UTC));
        hubspot.searchLag(Duration.ofSeconds(30));
        hubspot.update("contacts", "51001", Map.of("city", "Late"));
        try (SourceSession session = connector.openSource(privateApp(hubspot.privateAppToken()))) {
            // the run whose window holds the change does not see it yet...
            assertThat(readAll(session, window(t.minusSeconds(1), t.plusSeconds(10), null, null))).isEmpty();
            // ...the next one, 31 s later, starts its search 60 s before its window and does
            emulator.clock(Clock.fixed(t.plusSeconds(31), ZoneOffset.UTC));
            assertThat(readAll(session, window(t.plusSeconds(10), t.plusSeconds(31), null, null)))
                    .extracting(r -> r.value("city")).containsExactly("Late");
        }
    }

    @Test
    void shouldRenderFiltersAsFilterGroupsAndRefuseWhatSearchCannotExpress() {
        FilterExpression oslo = comparison("city", FilterOperator.FILTER_OPERATOR_EQUAL, "Oslo");
        FilterExpression lyon = comparison("city", FilterOperator.FILTER_OPERATOR_EQUAL, "Lyon");
        FilterExpression either = FilterExpression.newBuilder().setAnyOf(FilterJunction.newBuilder()
                .addOperands(oslo).addOperands(lyon)).build();
        try (SourceSession session = connector.openSource(privateApp(hubspot.privateAppToken()))) {
            List<SourceRecord> all = readAll(session, full(null));
            List<SourceRecord> filtered = readAll(session, window(null, Instant.now().plusSeconds(60), null, either));
            assertThat(filtered).isNotEmpty().allMatch(r -> List.of("Oslo", "Lyon").contains(r.value("city")))
                    .hasSize((int) all.stream().filter(r -> List.of("Oslo", "Lyon").contains(r.value("city")))
                            .count());

            FilterExpression nested = FilterExpression.newBuilder().setAllOf(FilterJunction.newBuilder()
                    .addOperands(comparison("email", FilterOperator.FILTER_OPERATOR_NOT_EQUAL, "x@example.com"))
                    .addOperands(either)).build();
            assertThat(session.filterProblems("contacts", nested)).singleElement().asString()
                    .contains("OR may only join the top level");
            assertThat(session.filterProblems("contacts", FilterExpression.newBuilder().setNegation(oslo).build()))
                    .singleElement().asString().contains("cannot be negated");
            assertThat(session.filterProblems("contacts", FilterExpression.newBuilder().setLike(FilterLike
                    .newBuilder().setField("email").setPattern("%@example.com")).build())).singleElement()
                    .asString().contains("not LIKE patterns");
            assertThat(session.filterProblems("contacts", comparison("lastmodifieddate",
                    FilterOperator.FILTER_OPERATOR_GREATER, "yesterday"))).singleElement().asString()
                    .contains("'yesterday' is not a datetime");
            assertThatThrownBy(() -> session.read(window(null, null, null, FilterExpression.newBuilder()
                    .setNegation(oslo).build()))).isInstanceOf(ConnectorException.class)
                    .extracting(e -> ((ConnectorException) e).reason()).isEqualTo(Reason.CONFIGURATION);
        }
    }

    @Test
    void shouldRefuseAFilterOnArchivedRecordsRatherThanDeleteEveryArchivedOne() {
        try (SourceSession session = connector.openSource(privateApp(hubspot.privateAppToken()))) {
            assertThatThrownBy(() -> session.readDeleted(window(Instant.now().minusSeconds(60), null, null,
                    comparison("city", FilterOperator.FILTER_OPERATOR_EQUAL, "Oslo"))))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.CONFIGURATION);
                        assertThat(e.getMessage()).contains("hubspot cannot filter archived records");
                    });
        }
    }

    @Test
    void shouldReadADatePropertyAsItsMidnightUtc() {
        assertThat(HubSpotValues.instant("2024-05-06")).isEqualTo(Instant.parse("2024-05-06T00:00:00Z"));
        assertThat(HubSpotValues.instant("1714953600000")).isEqualTo(Instant.parse("2024-05-06T00:00:00Z"));
    }

    private static FilterExpression comparison(String field, FilterOperator op, String value) {
        return FilterExpression.newBuilder().setComparison(FilterComparison.newBuilder().setField(field)
                .setOperator(op).setValue(FilterValue.newBuilder().setStringValue(value))).build();
    }

    @Test
    void shouldUpsertInCallsOf100AndRejectInvalidAndConflictingRecordsWithHubSpotsReason() {
        WriteSpec spec = new WriteSpec("contacts", List.of("external_id", "email", "lifecyclestage"),
                List.of("external_id"), Operation.OPERATION_UPSERT, true, true);
        String taken = hubspot.find("contacts", "external_id", "C-000007").get("email");
        List<TargetRow> rows = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            rows.add(new TargetRow(List.of("N-" + i, "new" + i + "@example.com", "lead")));
        }
        rows.set(10, new TargetRow(List.of("N-10", "new10@example.com", "bogus")));
        rows.set(20, new TargetRow(List.of("N-20", taken, "lead")));
        try (TargetSession session = connector.openTarget(privateApp(hubspot.privateAppToken()))) {
            List<WriteResult> first = session.write(spec, rows, CommitGuard.NONE);
            assertThat(first.get(10).outcome()).isEqualTo(WriteResult.Outcome.REJECTED);
            assertThat(first.get(10).code()).isEqualTo("hubspot.INVALID_OPTION");
            assertThat(first.get(10).message()).contains("bogus was not one of the allowed options");
            assertThat(first.get(20).code()).isEqualTo("hubspot.CONFLICT");
            assertThat(first.get(20).message()).isEqualTo("Contact already exists. Existing ID: "
                    + hubspot.find("contacts", "external_id", "C-000007").get("hs_object_id"));
            assertThat(first.stream().filter(r -> r.outcome() == WriteResult.Outcome.CREATED)).hasSize(248);
            long firstCalls = hubspot.calls().get(Kind.BATCH_UPSERT);
            // 3 calls, and the call holding the conflict halved down to it: 1 + 2 + 2 + 2 + 2 + 2 + 2 + 2
            assertThat(firstCalls).isBetween(3L, 3L + 2 * 7);

            List<WriteResult> second = session.write(spec, rows, CommitGuard.NONE);
            assertThat(second.stream().filter(r -> r.outcome() == WriteResult.Outcome.UPDATED)).hasSize(248);
            assertThat(hubspot.calls().get(Kind.BATCH_UPSERT) - firstCalls).isLessThanOrEqualTo(firstCalls);
        }
    }

    @Test
    void shouldArchiveDeletedRecordsAndSkipUnknownKeys() {
        WriteSpec spec = new WriteSpec("contacts", List.of("external_id"), List.of("external_id"),
                Operation.OPERATION_DELETE, true, true);
        try (TargetSession session = connector.openTarget(privateApp(hubspot.privateAppToken()))) {
            List<WriteResult> results = session.write(spec, List.of(new TargetRow(List.of("C-000001")),
                    new TargetRow(List.of("C-000002")), new TargetRow(List.of("C-999999"))), CommitGuard.NONE);
            assertThat(results).extracting(WriteResult::outcome).containsExactly(WriteResult.Outcome.DELETED,
                    WriteResult.Outcome.DELETED, WriteResult.Outcome.SKIPPED);
        }
        assertThat(hubspot.find("contacts", "external_id", "C-000001")).isNull();
        assertThat(hubspot.calls()).containsEntry(Kind.BATCH_READ, 1L).containsEntry(Kind.BATCH_ARCHIVE, 1L);
    }

    @Test
    void shouldTurnA429IntoARateLimitedFailureWithTheIntervalsWait() throws Exception {
        // another client of the same app uses up the window the connector has not seen yet
        hubspot.rateLimit(3, Duration.ofSeconds(2));
        for (int i = 0; i < 3; i++) {
            anotherClientCalls();
        }
        try (SourceSession session = connector.openSource(privateApp(hubspot.privateAppToken()))) {
            assertThatThrownBy(() -> readAll(session, full(null))).isInstanceOfSatisfying(ConnectorException.class,
                    e -> {
                        assertThat(e.isTransient()).isTrue();
                        assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
                        assertThat(e.getMessage()).contains("RATE_LIMIT").contains("ten_secondly_rolling");
                    });
        }
    }

    @Test
    void shouldPaceItsCallsUnderTheBurstLimitInsteadOfRunningIntoIt() {
        // given: 3 calls per second; a full read of 250 contacts takes 3 list calls after the properties call
        hubspot.rateLimit(3, Duration.ofSeconds(1));
        long refusedBefore = emulator.throttledCalls();

        // when
        long started = System.nanoTime();
        List<SourceRecord> read;
        try (SourceSession session = connector.openSource(privateApp(hubspot.privateAppToken()))) {
            read = readAll(session, full(null));
        }

        // then: everything, no 429, and the fourth call waited for the window to roll
        assertThat(read).hasSize(250);
        assertThat(emulator.throttledCalls() - refusedBefore).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    private void anotherClientCalls() throws Exception {
        java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(emulator.baseUrl() + "/crm/v3/objects/contacts?limit=1"))
                .header("Authorization", "Bearer " + hubspot.privateAppToken()).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
    }

    @Test
    void shouldRefreshAnExpiredOAuthTokenMidReadAndRefuseBadCredentialsWithoutShowingThem() {
        try (SourceSession session = connector.openSource(oauth(hubspot.refreshToken()))) {
            hubspot.expireTokensAfterCalls(2);
            assertThat(readAll(session, full(null))).hasSize(250);
        }
        assertThat(hubspot.calls().get(Kind.TOKEN)).isEqualTo(2);
        assertThatThrownBy(() -> connector.openSource(oauth("na1-stale-secret")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION);
                    assertThat(e.getMessage()).contains("BAD_REFRESH_TOKEN").doesNotContain("na1-stale-secret")
                            .doesNotContain("crmsync-secret");
                });
        assertThatThrownBy(() -> connector.connect(privateApp("pat-na1-wrong-secret")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION);
                    assertThat(e.getMessage()).contains("INVALID_AUTHENTICATION").doesNotContain("wrong-secret");
                });
        assertThat(HubSpotSettings.of(oauth("na1-stale-secret")).toString()).doesNotContain("secret");
        assertThat(connector.connect(privateApp(hubspot.privateAppToken())).serverVersion())
                .matches("HubSpot CRM API v3, \\d+ of 500000 daily API calls left");
    }
}
