package io.crmsync.worker.connector.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.crmsync.common.net.HostPolicy;
import io.crmsync.proto.config.v1.FilterOperator;
import io.crmsync.proto.config.v1.Operation;
import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorException.Reason;
import io.crmsync.worker.connector.ConnectorSession;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.Position;
import io.crmsync.worker.connector.ReadRequest;
import io.crmsync.worker.connector.RecordStream;
import io.crmsync.worker.connector.SourceRecord;
import io.crmsync.worker.connector.SourceSession;
import io.crmsync.worker.connector.TargetRow;
import io.crmsync.worker.connector.TargetSession;
import io.crmsync.worker.connector.WriteResult;
import io.crmsync.worker.connector.WriteSpec;

/** The connector over real HTTP against {@link FakeOrg}. */
class SalesforceConnectorTest {

    private static final String CONTACT_DESCRIBE = """
            {"name":"Contact","fields":[
             {"name":"Id","type":"id","nillable":false,"unique":false,"externalId":false},
             {"name":"LastName","type":"string","nillable":false,"unique":false,"externalId":false},
             {"name":"Ext_Id__c","type":"string","nillable":true,"unique":true,"externalId":true},
             {"name":"Amount__c","type":"currency","nillable":true,"unique":false,"externalId":false},
             {"name":"Active__c","type":"boolean","nillable":false,"unique":false,"externalId":false},
             {"name":"Birthdate","type":"date","nillable":true,"unique":false,"externalId":false},
             {"name":"SystemModstamp","type":"datetime","nillable":false,"unique":false,"externalId":false}]}""";
    private static final List<String> FIELDS = List.of("Id", "LastName", "Amount__c", "Active__c", "Birthdate",
            "SystemModstamp");
    private static final String V = "/services/data/v61.0";

    private final FakeOrg org = new FakeOrg();
    /** The in-test org runs on this machine, which the worker's SSRF policy allows only when listed. */
    private static final HostPolicy LOCAL_HOSTS = new HostPolicy(List.of("localhost", "127.0.0.1"));

    private final SalesforceConnector connector = new SalesforceConnector(LOCAL_HOSTS);

    SalesforceConnectorTest() {
        org.describe("Contact", CONTACT_DESCRIBE);
    }

    @AfterEach
    void stop() {
        org.close();
    }

    @Test
    void shouldSignJwtAssertionsForTheLoginHostSalesforceAcceptsAsAudience() {
        assertThat(SalesforceClient.jwtAudience(java.net.URI.create("https://login.salesforce.com")))
                .isEqualTo("https://login.salesforce.com");
        assertThat(SalesforceClient.jwtAudience(java.net.URI.create("https://acme.my.salesforce.com")))
                .isEqualTo("https://login.salesforce.com");
        assertThat(SalesforceClient.jwtAudience(java.net.URI.create("https://acme--uat.sandbox.my.salesforce.com")))
                .isEqualTo("https://test.salesforce.com");
        assertThat(SalesforceClient.jwtAudience(java.net.URI.create("https://partners.acme.com")))
                .isEqualTo("https://partners.acme.com");
    }

    @Test
    void fullReadPagesLazilyThroughNextRecordsUrl() {
        org.answer(200, page("/services/data/v61.0/query/01gX-2000", record("003A", "Ann", "2024-01-01T10:00:00.000+0000")
                .replace("\"Amount__c\":null", "\"Amount__c\":12.50"), record("003B", "Bob", "2024-01-02T10:00:00.000+0000")));
        org.answer(200, page(null, record("003C", "Cid", "2024-01-03T10:00:00.000+0000")));

        try (SourceSession session = connector.openSource(endpoint("client_credentials"));
                RecordStream stream = session.read(new ReadRequest("Contact", FIELDS, null, List.of("Id"), null, null,
                        null, 50))) {
            SourceRecord first = stream.next();
            assertThat(org.dataCalls()).hasSize(1);
            List<SourceRecord> records = new ArrayList<>(List.of(first));
            stream.forEachRemaining(records::add);

            assertThat(records).extracting(r -> r.value("Id")).containsExactly("003A", "003B", "003C");
            assertThat(first.values()).containsOnlyKeys(FIELDS).containsEntry("Amount__c", new BigDecimal("12.50"))
                    .containsEntry("Active__c", true).containsEntry("Birthdate", LocalDate.of(1990, 2, 3))
                    .containsEntry("SystemModstamp", OffsetDateTime.of(2024, 1, 1, 10, 0, 0, 0, ZoneOffset.UTC));
            assertThat(first.position()).isEqualTo(new Position(null, List.of("003A")));
        }
        List<FakeOrg.Call> calls = org.dataCalls();
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).soql()).isEqualTo("SELECT Id, LastName, Amount__c, Active__c, Birthdate, "
                + "SystemModstamp FROM Contact ORDER BY Id");
        assertThat(calls.get(0).headers()).containsEntry("sforce-query-options", "batchSize=200");
        assertThat(calls.get(1).path()).isEqualTo("/services/data/v61.0/query/01gX-2000");
    }

    @Test
    void incrementalReadResumesInsideATieAtAPageBoundary() {
        String tie = "2024-01-05T10:00:00.000+0000";
        org.answer(200, page("/services/data/v61.0/query/01gY-2", record("003A", "Ann", "2024-01-04T10:00:00.000+0000"),
                record("003B", "Bob", tie)));
        org.answer(200, page(null, record("003C", "Cid", tie)));
        Instant start = Instant.parse("2024-01-01T00:00:00Z");
        Instant end = Instant.parse("2024-02-01T00:00:00Z");

        Position resume;
        try (SourceSession session = connector.openSource(endpoint("client_credentials"));
                RecordStream stream = session.read(new ReadRequest("Contact", FIELDS, "SystemModstamp",
                        List.of("Id"), start, end, null, 2000))) {
            stream.next();
            resume = stream.next().position();
        }
        assertThat(resume).isEqualTo(new Position(Instant.parse("2024-01-05T10:00:00Z"), List.of("003B")));

        try (SourceSession session = connector.openSource(endpoint("client_credentials"));
                RecordStream stream = session.read(new ReadRequest("Contact", FIELDS, "SystemModstamp",
                        List.of("Id"), start, end, resume, 2000))) {
            assertThat(stream.next().value("Id")).isEqualTo("003C");
            assertThat(stream.hasNext()).isFalse();
        }
        List<FakeOrg.Call> calls = org.dataCalls();
        assertThat(calls).extracting(FakeOrg.Call::soql).containsExactly(
                "SELECT Id, LastName, Amount__c, Active__c, Birthdate, SystemModstamp FROM Contact "
                        + "WHERE SystemModstamp >= 2024-01-01T00:00:00Z AND SystemModstamp < 2024-02-01T00:00:00Z "
                        + "ORDER BY SystemModstamp, Id",
                "SELECT Id, LastName, Amount__c, Active__c, Birthdate, SystemModstamp FROM Contact "
                        + "WHERE SystemModstamp >= 2024-01-01T00:00:00Z AND SystemModstamp < 2024-02-01T00:00:00Z "
                        + "AND (SystemModstamp > 2024-01-05T10:00:00Z OR (SystemModstamp = 2024-01-05T10:00:00Z "
                        + "AND Id > '003B')) ORDER BY SystemModstamp, Id");
    }

    @Test
    void expiredSessionReauthenticatesOnceAndTheReadGoesOn() {
        org.answer(200, page("/services/data/v61.0/query/01gZ-1", record("003A", "Ann", "2024-01-01T10:00:00.000+0000")));
        org.answer(200, page(null, record("003B", "Bob", "2024-01-02T10:00:00.000+0000")));

        try (SourceSession session = connector.openSource(endpoint("refresh_token"));
                RecordStream stream = session.read(new ReadRequest("Contact", FIELDS, null, List.of("Id"), null, null,
                        null, 2000))) {
            assertThat(stream.next().value("Id")).isEqualTo("003A");
            org.expireSession();
            assertThat(stream.next().value("Id")).isEqualTo("003B");
            assertThat(stream.hasNext()).isFalse();
        }
        assertThat(org.tokensIssued()).isEqualTo(2);
        List<FakeOrg.Call> tokenCalls = org.calls().stream().filter(c -> c.path().contains("/oauth2/")).toList();
        assertThat(tokenCalls).allSatisfy(c -> assertThat(c.body()).contains("grant_type=refresh_token",
                "refresh_token=r3fresh"));
        assertThat(org.dataCalls()).last().satisfies(c -> assertThat(c.headers().get("authorization"))
                .isEqualTo("Bearer tok-2"));
    }

    @Test
    void upsertMapsCreatedUpdatedAndRejectedInRowOrder() throws Exception {
        org.answer(200, """
                [{"id":"003A","success":true,"errors":[],"created":true},
                 {"id":"003B","success":true,"errors":[],"created":false},
                 {"success":false,"errors":[{"statusCode":"x","errorCode":"DUPLICATE_VALUE",
                   "message":"duplicate value found: Ext_Id__c duplicates value on record with id: 003Q"}]}]""");
        AtomicInteger commits = new AtomicInteger();

        List<WriteResult> results;
        try (TargetSession session = connector.openTarget(endpoint("client_credentials"))) {
            results = session.write(upsert("Ext_Id__c"), List.of(row("e1", "Ann"), row("e2", "Bob"),
                    row("e3", "Cid")), commits::incrementAndGet);
        }

        assertThat(results).containsExactly(WriteResult.CREATED, WriteResult.UPDATED, WriteResult.rejected(
                "salesforce.DUPLICATE_VALUE", "duplicate value found: Ext_Id__c duplicates value on record with id: 003Q"));
        assertThat(commits).hasValue(1);
        FakeOrg.Call call = org.dataCalls().get(0);
        assertThat(call.method()).isEqualTo("PATCH");
        assertThat(call.path()).isEqualTo(V + "/composite/sobjects/Contact/Ext_Id__c");
        JsonNode body = SalesforceJson.MAPPER.readTree(call.body());
        assertThat(body.get("allOrNone").asBoolean()).isFalse();
        assertThat(body.at("/records/0").toString()).isEqualTo(
                "{\"attributes\":{\"type\":\"Contact\"},\"Ext_Id__c\":\"e1\",\"LastName\":\"Ann\","
                        + "\"Birthdate\":\"1990-02-03\",\"SystemModstamp\":\"2024-01-01T09:00:00.000Z\"}");
    }

    @Test
    void aRepeatedKeyGoesToALaterCallSoTheLastRowWins() throws Exception {
        org.answer(200, "[{\"id\":\"1\",\"success\":true,\"errors\":[],\"created\":true},"
                + "{\"id\":\"2\",\"success\":true,\"errors\":[],\"created\":true}]");
        org.answer(200, "[{\"id\":\"1\",\"success\":true,\"errors\":[],\"created\":false}]");
        AtomicInteger commits = new AtomicInteger();

        List<WriteResult> results;
        try (TargetSession session = connector.openTarget(endpoint("client_credentials"))) {
            results = session.write(upsert("Ext_Id__c"), List.of(row("e1", "Old"), row("e2", "Bob"),
                    row("e1", "New")), commits::incrementAndGet);
        }

        assertThat(results).containsExactly(WriteResult.CREATED, WriteResult.CREATED, WriteResult.UPDATED);
        assertThat(commits).hasValue(2);
        List<FakeOrg.Call> calls = org.dataCalls();
        assertThat(calls).hasSize(2);
        assertThat(SalesforceJson.MAPPER.readTree(calls.get(0).body()).get("records")).hasSize(2);
        assertThat(SalesforceJson.MAPPER.readTree(calls.get(1).body()).at("/records/0/LastName").asText())
                .isEqualTo("New");
    }

    @Test
    void callsHoldAtMostTwoHundredRecords() {
        List<TargetRow> rows = new ArrayList<>();
        for (int i = 0; i < 401; i++) {
            rows.add(new TargetRow(List.of("k" + i)));
        }
        assertThat(SalesforceSession.calls(rows, 0)).extracting(List::size).containsExactly(200, 200, 1);
    }

    @Test
    void upsertNeedsOneExternalIdKeyAndNewRecordsAllowed() {
        try (TargetSession session = connector.openTarget(endpoint("client_credentials"))) {
            assertThatThrownBy(() -> session.write(upsert("LastName"), List.of(row("e1", "Ann")), () -> { }))
                    .isInstanceOfSatisfying(ConnectorException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.CONFIGURATION))
                    .hasMessageContaining("Contact.LastName is not an external-id field");
            WriteSpec updateOnly = new WriteSpec("Contact", upsert("Ext_Id__c").columns(), List.of("Ext_Id__c"),
                    Operation.OPERATION_UPSERT, false, true);
            assertThatThrownBy(() -> session.write(updateOnly, List.of(row("e1", "Ann")), () -> { }))
                    .hasMessageContaining("cannot skip new or existing records");
        }
        assertThat(org.dataCalls()).isEmpty();
    }

    @Test
    void requestLimitExceededIsRateLimited() {
        org.answer(403, "[{\"message\":\"TotalRequests Limit exceeded.\",\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\"}]");
        org.answer(429, "[]", "Retry-After", "7");

        try (SourceSession session = connector.openSource(endpoint("client_credentials"))) {
            ReadRequest read = new ReadRequest("Contact", FIELDS, null, List.of("Id"), null, null, null, 2000);
            assertThatThrownBy(() -> session.read(read).hasNext()).isInstanceOfSatisfying(ConnectorException.class,
                    e -> {
                        assertThat(e.isTransient()).isTrue();
                        assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(60));
                    });
            assertThatThrownBy(() -> session.read(read).hasNext()).isInstanceOfSatisfying(ConnectorException.class,
                    e -> assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(7)));
        }
    }

    @Test
    void filterValuesWithQuotesAndBackslashesAreEscaped() {
        org.answer(200, page(null));

        try (SourceSession session = connector.openSource(endpoint("client_credentials"))) {
            var filter = SoqlTest.comparison("LastName", FilterOperator.FILTER_OPERATOR_EQUAL,
                    SoqlTest.text("x' OR LastName != '\\"));
            assertThat(session.filterProblems("Contact", filter)).isEmpty();
            try (RecordStream stream = session.read(new ReadRequest("Contact", List.of("Id", "LastName"), null,
                    List.of("Id"), null, null, new Position(null, List.of("003'\\")), 2000, filter))) {
                assertThat(stream.hasNext()).isFalse();
            }
        }
        assertThat(org.dataCalls().get(0).soql()).isEqualTo("SELECT Id, LastName FROM Contact WHERE Id > "
                + "'003\\'\\\\' AND LastName = 'x\\' OR LastName != \\'\\\\' ORDER BY Id");
    }

    @Test
    void describeGivesKeysOrNothingForAnUnknownObject() {
        org.answer(200, Fixtures.read("salesforce-camel/limits.json"));

        try (ConnectorSession session = connector.connect(endpoint("client_credentials"))) {
            assertThat(session.serverVersion()).isEqualTo(
                    "Salesforce REST API v61.0, 14998 of 15000 daily API requests left");
            assertThat(session.describe("Contact")).get().satisfies(d -> {
                assertThat(d.uniqueKeys()).containsExactly(List.of("Id"), List.of("Ext_Id__c"));
                assertThat(d.field("SystemModstamp")).get().satisfies(f -> assertThat(f.temporal()).isTrue());
            });
            assertThat(session.describe("Nope__c")).isEmpty();
            assertThatThrownBy(() -> session.describe("Contact/../x")).hasMessageContaining("not a salesforce object");
        }
    }

    @Test
    void refusedCredentialIsAuthenticationWithoutTheSecret() {
        EndpointAccess wrong = new EndpointAccess("e1", "crm", "salesforce", settings("client_credentials"),
                Map.of("clientSecret", "wrong-secret-123"));

        assertThatThrownBy(() -> connector.openSource(wrong)).isInstanceOfSatisfying(ConnectorException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION);
            assertThat(e.getMessage()).contains("invalid_grant: authentication failure")
                    .doesNotContain("wrong-secret-123");
        });
        assertThatThrownBy(() -> connector.openSource(endpoint("jwt_bearer"))).isInstanceOfSatisfying(
                ConnectorException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CONFIGURATION));
    }

    @Test
    void shouldRefuseAnInstanceTheWorkersHostPolicyForbidsBeforeSendingItTheToken() {
        // given: a worker whose SSRF policy does not list this machine, and an org answering with a local instance
        SalesforceConnector strict = new SalesforceConnector(new HostPolicy(List.of()));

        // when / then: refused after the token call, before any call carries the token to that instance
        assertThatThrownBy(() -> strict.openSource(endpoint("client_credentials"))).isInstanceOfSatisfying(
                ConnectorException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.CONFIGURATION);
                    assertThat(e.getMessage()).contains("instance_url host '127.0.0.1'");
                });
        assertThat(org.tokensIssued()).isEqualTo(1);
    }

    private EndpointAccess endpoint(String flow) {
        return new EndpointAccess("e1", "crm", "salesforce", settings(flow),
                Map.of("clientSecret", FakeOrg.CLIENT_SECRET, "refreshToken", "r3fresh"));
    }

    private Map<String, String> settings(String flow) {
        Map<String, String> settings = new HashMap<>();
        settings.put("loginUrl", org.url());
        settings.put("clientId", "client-1");
        settings.put("authFlow", flow);
        settings.put("apiVersion", "v61.0");
        settings.put("timeZone", "Europe/Berlin");
        return settings;
    }

    private static WriteSpec upsert(String key) {
        return new WriteSpec("Contact", List.of(key, "LastName", "Birthdate", "SystemModstamp"), List.of(key),
                Operation.OPERATION_UPSERT, true, true);
    }

    /** A row; its SystemModstamp is a wall-clock time of the endpoint's zone (Berlin, UTC+1 in January). */
    private static TargetRow row(String key, String lastName) {
        return new TargetRow(List.of(key, lastName, LocalDate.of(1990, 2, 3),
                LocalDateTime.of(2024, 1, 1, 10, 0)));
    }

    private static String page(String next, String... records) {
        return "{\"totalSize\":" + records.length + ",\"done\":" + (next == null) + (next == null ? ""
                : ",\"nextRecordsUrl\":\"" + next + "\"") + ",\"records\":[" + String.join(",", records) + "]}";
    }

    private static String record(String id, String lastName, String modstamp) {
        return "{\"attributes\":{\"type\":\"Contact\",\"url\":\"" + V + "/sobjects/Contact/" + id + "\"},\"Id\":\""
                + id + "\",\"LastName\":\"" + lastName + "\",\"Amount__c\":null,\"Active__c\":true,"
                + "\"Birthdate\":\"1990-02-03\",\"SystemModstamp\":\"" + modstamp + "\"}";
    }
}
