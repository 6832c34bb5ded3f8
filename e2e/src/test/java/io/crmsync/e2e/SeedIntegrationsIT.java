package io.crmsync.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.crmsync.testsupport.TestDatabases;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The four integrations the product documents describe, declared through the admin API alone, then validated,
 * previewed, run, exported and imported back. The CRM side is a PostgreSQL database shaped like the CRM objects
 * (Account, Contact, Product__c with their CRM field names): the CRM connectors come with the CRM emulator, and
 * what is tested here (the model, the rules, the round trip) does not depend on the wire protocol.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeedIntegrationsIT {

    static final String CRM_DB = "crmsync_e2e_seed_crm";
    static final String HOME_DB = "crmsync_e2e_seed_home";
    private static final List<String> SEEDS = List.of("veeva-accounts", "adobe-contacts-import", "m3ter-accounts",
            "totango-accounts");

    private static CrmsyncStack stack;
    private static String crmUrl;
    private static String homeUrl;
    private static String connection;
    private static final Map<String, String> INTEGRATIONS = new LinkedHashMap<>();
    private static String exportedJson;
    private static String exportedYaml;

    @BeforeAll
    static void startStack() throws Exception {
        stack = CrmsyncStack.start();
        crmUrl = TestDatabases.recreate(CRM_DB);
        homeUrl = TestDatabases.recreate(HOME_DB);
        try (Connection crm = connect(crmUrl); Statement s = crm.createStatement()) {
            s.execute("""
                    CREATE TABLE "Account" ("Id" text PRIMARY KEY, "Name" text NOT NULL, "AccountType__c" text,
                        "Status__c" text, "Industry" text, "BillingCountry" text, "AnnualRevenue" numeric(18,2),
                        "Tags__c" text, "Account_Code__c" text, "LastModifiedDate" timestamptz NOT NULL);
                    INSERT INTO "Account" VALUES
                      ('001A', 'Acme', 'customer', 'Active', 'Manufacturing', 'DE', 2500000, 'gold;emea', 'ACME-1',
                       '2024-05-01 10:00Z'),
                      ('001B', 'Globex', 'customer', 'Disabled', 'Energy', 'US', 500000, 'silver', 'GLX-7',
                       '2024-05-01 11:00Z'),
                      ('001C', 'Initech', 'prospect', 'Active', 'Software', 'US', 90000, NULL, 'INI-3',
                       '2024-05-01 12:00Z'),
                      ('001D', 'Umbrella', 'customer', 'Merged', 'Pharma', 'FR', 7000000, 'gold', 'UMB-9',
                       '2024-05-01 13:00Z');
                    CREATE TABLE "Contact" ("Id" text PRIMARY KEY, "Email" text, "FirstName" text, "LastName" text,
                        "MailingCountry" text, "Birthdate__txt" text, "CreatedDate" timestamptz NOT NULL,
                        "LastModifiedDate" timestamptz NOT NULL);
                    INSERT INTO "Contact" VALUES
                      ('003A', 'ada@acme.example', 'Ada', 'Lovelace', 'DE', '10/12/1815', '2024-03-31 00:30Z',
                       '2024-05-02 09:00Z'),
                      ('003B', NULL, 'Bob', 'Nomail', 'US', '01/01/1990', '2024-04-01 08:00Z', '2024-05-02 09:05Z'),
                      ('003C', 'carl@gauss.example', 'Carl', 'Gauss', 'XX', '30/04/1777', '2024-04-02 08:00Z',
                       '2024-05-02 09:10Z');
                    CREATE TABLE "Product__c" ("External_Id__c" text PRIMARY KEY, "Name" text, "Status__c" text);
                    """);
        }
        try (Connection home = connect(homeUrl); Statement s = home.createStatement()) {
            s.execute("""
                    CREATE TABLE vault_accounts (crm_id text PRIMARY KEY, name text, status text,
                                                 modified timestamptz);
                    CREATE TABLE vault_products (id text PRIMARY KEY, name__v text, status__v text,
                                                 modified_date__v timestamptz NOT NULL);
                    INSERT INTO vault_products VALUES ('P-1', 'Cholecap', 'active__v', '2024-05-03 08:00Z'),
                                                      ('P-2', 'Labrinone', 'inactive__v', '2024-05-03 08:05Z');
                    CREATE TABLE nms_recipient (crm_id text PRIMARY KEY, email text, birth_date date,
                                                created_wall timestamp, created_raw text, modified_local timestamp);
                    CREATE TABLE m3ter_accounts (code text PRIMARY KEY, name text, crm_id text, revenue numeric);
                    CREATE TABLE totango_accounts (account_id text PRIMARY KEY, display_name text, segment text,
                                                   health text, tags text[]);
                    """);
        }
        stack.driveWithRestAssured(null);
    }

    @AfterAll
    static void stopStack() {
        RestAssured.reset();
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void shouldDeclareTheFourSeedIntegrationsThroughTheApi() {
        // Endpoints: the CRM, and the company's system whose wall-clock times are Paris time.
        String crm = endpoint("seed-crm", crmUrl, Map.of());
        String home = endpoint("seed-home", homeUrl, Map.of("timeZone", "Europe/Paris"));
        connection = given().contentType(ContentType.JSON)
                .body(Map.of("name", "seed", "homeEndpointId", home, "remoteEndpointId", crm))
                .post("/api/v1/connections").then().statusCode(201).extract().path("id");
        lookup("veeva-status", "source,target\nActive,active__v\nDisabled,inactive__v\n");
        lookup("totango-segments", "source,target\nManufacturing,Industrial\nEnergy,Industrial\nSoftware,Tech\n");

        // Veeva: CRM accounts into Vault (filtered, statuses translated) and Vault products out to the CRM.
        declare("veeva-accounts", Map.of("description", "Veeva CRM <-> Vault", "failureThreshold", 10,
                "notificationRecipients", List.of(Map.of("type", "email", "address", "vault-admins@pharma.example")),
                "schedule", Map.of("type", "every_n_minutes", "everyMinutes", 15),
                "points", List.of(
                        point("crm-accounts-in", "inbound", "Account", "vault_accounts", List.of("crm_id"),
                                "LastModifiedDate", List.of(
                                        copy("crm_id", "Id"), copy("name", "Name"),
                                        Map.of("targetField", "status", "sourceField", "Status__c",
                                                "lookup", Map.of("name", "veeva-status", "unmapped", "reject")),
                                        copy("modified", "LastModifiedDate")),
                                "AccountType__c = \"customer\" AND Status__c IN (\"Active\", \"Disabled\")"),
                        point("vault-products-out", "outbound", "vault_products", "Product__c",
                                List.of("External_Id__c"), "modified_date__v", List.of(
                                        copy("External_Id__c", "id"), copy("Name", "name__v"),
                                        Map.of("targetField", "Status__c", "expression",
                                                "status__v == 'active__v' ? 'Active' : 'Inactive'")),
                                null))));

        // Adobe Campaign: an import of contacts with conversions and a filter.
        declare("adobe-contacts-import", Map.of("description", "Contacts into Campaign recipients",
                "schedule", Map.of("type", "daily", "time", "02:00", "timeZone", "Europe/Paris"),
                "points", List.of(point("contacts-in", "inbound", "Contact", "nms_recipient", List.of("crm_id"),
                        "LastModifiedDate", List.of(
                                copy("crm_id", "Id"), copy("email", "Email"),
                                Map.of("targetField", "birth_date", "sourceField", "Birthdate__txt",
                                        "conversion", "date_only", "sourceFormat", Map.of("date", "dd/MM/yyyy")),
                                Map.of("targetField", "created_wall", "sourceField", "CreatedDate",
                                        "conversion", "without_offset"),
                                Map.of("targetField", "created_raw", "sourceField", "CreatedDate",
                                        "conversion", "raw", "note", "kept as the CRM sent it"),
                                Map.of("targetField", "modified_local", "sourceField", "LastModifiedDate",
                                        "conversion", "default")),
                        "Email IS NOT NULL AND MailingCountry NOT IN (\"XX\")"))));

        // m3ter: accounts in scope by allow/deny lists, custom field mappings, hourly with auto-disable alerts.
        declare("m3ter-accounts", Map.of("description", "CRM accounts into m3ter",
                "accountAllowList", List.of("001A", "001B", "001D"), "accountDenyList", List.of("001C"),
                "conflictPolicy", "source_wins", "failureThreshold", 10,
                "notificationRecipients", List.of(Map.of("type", "email", "address", "billing-ops@saas.example")),
                "schedule", Map.of("type", "hourly", "minute", 5),
                "points", List.of(point("accounts-in", "inbound", "Account", "m3ter_accounts", List.of("code"),
                        "LastModifiedDate", List.of(
                                copy("code", "Account_Code__c"), copy("name", "Name"), copy("crm_id", "Id"),
                                copy("revenue", "AnnualRevenue")),
                        null, "Id"))));

        // Totango: lookups with a default, expressions, and a multi-value field into an array.
        declare("totango-accounts", Map.of("description", "Accounts with segments and health",
                "schedule", Map.of("type", "workdays", "time", "06:30", "timeZone", "America/New_York"),
                "fullSyncSchedule", Map.of("type", "weekly", "days", List.of("sun"), "time", "03:00"),
                "points", List.of(point("accounts-in", "inbound", "Account", "totango_accounts",
                        List.of("account_id"), "LastModifiedDate", List.of(
                                copy("account_id", "Id"),
                                Map.of("targetField", "display_name", "expression",
                                        "Name + ' (' + BillingCountry + ')'"),
                                Map.of("targetField", "segment", "sourceField", "Industry", "lookup",
                                        Map.of("name", "totango-segments", "unmapped", "default", "default", "Other")),
                                Map.of("targetField", "health", "expression",
                                        "AnnualRevenue > 1000000.0 ? 'strategic' : 'standard'"),
                                Map.of("targetField", "tags", "sourceField", "Tags__c",
                                        "multiValue", Map.of("sourceDelimiter", ";"))),
                        null))));

        assertThat(INTEGRATIONS).containsOnlyKeys(SEEDS);
    }

    @Test
    @Order(2)
    void shouldValidateAndActivateEveryOneAgainstTheRealObjects() {
        for (String name : SEEDS) {
            String id = INTEGRATIONS.get(name);
            given().post("/api/v1/integrations/{id}/validate", id).then().log().ifValidationFails().statusCode(200)
                    .body("valid", equalTo(true));
            given().post("/api/v1/integrations/{id}/activate", id).then().log().ifValidationFails().statusCode(200)
                    .body("active", equalTo(true));
        }
        // The scheduler runs their cadences: m3ter hourly at :05, Totango on workdays plus a weekly full sync.
        JsonPath m3ter = given().get("/api/v1/integrations/{id}/schedule", INTEGRATIONS.get("m3ter-accounts")).then()
                .statusCode(200).body("active", equalTo(true)).body("disabled", equalTo(false))
                .body("consecutiveFailures", equalTo(0)).body("failureThreshold", equalTo(10)).extract().jsonPath();
        Instant nextM3ter = Instant.parse(m3ter.getString("nextRunTime"));
        assertThat(nextM3ter).isAfter(Instant.now()).isBefore(Instant.now().plusSeconds(3_600));
        assertThat(nextM3ter.atZone(java.time.ZoneOffset.UTC).getMinute()).isEqualTo(5);
        JsonPath totango = given().get("/api/v1/integrations/{id}/schedule", INTEGRATIONS.get("totango-accounts"))
                .then().statusCode(200).extract().jsonPath();
        assertThat(Instant.parse(totango.getString("nextRunTime")).atZone(java.time.ZoneId.of("America/New_York"))
                .toLocalTime()).isEqualTo(java.time.LocalTime.of(6, 30));
        assertThat(totango.getString("nextFullSyncTime")).isNotNull();
    }

    @Test
    @Order(3)
    void shouldPreviewEachThroughItsRules() {
        // Veeva: the filter keeps customers that are Active or Disabled; statuses go through the lookup.
        JsonPath veeva = preview("veeva-accounts", 0);
        assertThat(veeva.getList("records")).hasSize(2);
        assertThat(target(veeva, 0)).containsEntry("crm_id", "001A").containsEntry("status", "active__v");
        assertThat(target(veeva, 1)).containsEntry("crm_id", "001B").containsEntry("status", "inactive__v");
        JsonPath products = preview("veeva-accounts", 1);
        assertThat(target(products, 0)).containsEntry("External_Id__c", "P-1").containsEntry("Status__c", "Active");
        assertThat(target(products, 1)).containsEntry("Status__c", "Inactive");

        // Adobe: only Ada passes the filter; each conversion shows.
        JsonPath adobe = preview("adobe-contacts-import", 0);
        assertThat(adobe.getList("records")).hasSize(1);
        assertThat(target(adobe, 0)).containsEntry("birth_date", "1815-12-10")
                .containsEntry("created_wall", "2024-03-31T00:30")
                .containsEntry("created_raw", "2024-03-31T00:30Z")
                .containsEntry("modified_local", "2024-05-02T11:00"); // 09:00 UTC is 11:00 in Paris in May

        // m3ter: the allowed accounts only (Initech is denied).
        JsonPath m3ter = preview("m3ter-accounts", 0);
        assertThat(m3ter.getList("records")).hasSize(3);
        assertThat(target(m3ter, 0)).containsEntry("code", "ACME-1");
        assertThat(target(m3ter, 1)).containsEntry("code", "GLX-7");
        assertThat(target(m3ter, 2)).containsEntry("code", "UMB-9");

        // Totango: expressions, the lookup's default for an unmapped industry, the tags as a list.
        JsonPath totango = preview("totango-accounts", 0);
        assertThat(totango.getList("records")).hasSize(4);
        assertThat(target(totango, 0)).containsEntry("display_name", "Acme (DE)")
                .containsEntry("segment", "Industrial").containsEntry("health", "strategic")
                .containsEntry("tags", List.of("gold", "emea"));
        assertThat(target(totango, 2)).containsEntry("segment", "Tech").containsEntry("health", "standard");
        assertThat(target(totango, 3)).containsEntry("segment", "Other");
    }

    @Test
    @Order(4)
    void shouldWriteWhatThePreviewShowed() throws Exception {
        // when
        for (String name : List.of("adobe-contacts-import", "totango-accounts")) {
            JsonPath run = CrmsyncStack.awaitRun(given().contentType(ContentType.JSON).body(Map.of("mode", "full"))
                    .post("/api/v1/integrations/{id}/runs", INTEGRATIONS.get(name)).then().statusCode(202)
                    .extract().path("id"));
            assertThat(run.getString("state")).as(name).isEqualTo("SUCCEEDED");
        }
        // activation does not backfill: Veeva's first incremental run reads nothing changed before it...
        JsonPath veeva = CrmsyncStack.awaitRun(given().contentType(ContentType.JSON).body(Map.of("mode", "incremental"))
                .post("/api/v1/integrations/{id}/runs", INTEGRATIONS.get("veeva-accounts")).then().statusCode(202)
                .extract().path("id"));
        assertThat(veeva.getString("state")).isEqualTo("SUCCEEDED");
        assertThat(veeva.getLong("counts.read")).isZero();
        // ...unless a start time asks for it: m3ter from 11:30 on 1 May reads Umbrella (13:00), not Acme (10:00);
        // the declaration is re-sent by name with the start time added
        JsonPath declared = given().get("/api/v1/config/export?format=json").then().extract().jsonPath();
        Map<String, Object> entry = new LinkedHashMap<>(declared.getMap(
                "integrations.find { it.name == 'm3ter-accounts' }"));
        entry.remove("connection");
        entry.remove("active");
        entry.put("connectionId", connection);
        entry.put("startTime", "2024-05-01T11:30:00Z");
        given().contentType(ContentType.JSON).body(entry).put("/api/v1/integrations/by-name/{name}", "m3ter-accounts")
                .then().log().ifValidationFails().statusCode(200).body("startTime", equalTo("2024-05-01T11:30:00Z"));
        JsonPath backfill = CrmsyncStack.awaitRun(given().contentType(ContentType.JSON)
                .body(Map.of("mode", "incremental")).post("/api/v1/integrations/{id}/runs",
                        INTEGRATIONS.get("m3ter-accounts")).then().statusCode(202).extract().path("id"));
        assertThat(backfill.getString("state")).isEqualTo("SUCCEEDED");
        assertThat(backfill.getLong("counts.read")).isEqualTo(1); // 001C is denied, 001B changed at 11:00
        try (Connection home = connect(homeUrl); Statement s = home.createStatement()) {
            var rs = s.executeQuery("SELECT code FROM m3ter_accounts");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("UMB-9");
            assertThat(rs.next()).isFalse();
        }

        // the run history, filtered as an operator would look for trouble or successes
        given().queryParam("integrationId", INTEGRATIONS.get("adobe-contacts-import")).queryParam("state", "SUCCEEDED")
                .get("/api/v1/runs").then().statusCode(200).body("items.size()", equalTo(1))
                .body("items[0].trigger", equalTo("manual"));
        given().queryParam("integrationId", INTEGRATIONS.get("adobe-contacts-import"))
                .queryParam("state", "FAILED,PARTIAL").get("/api/v1/runs").then().statusCode(200)
                .body("items.size()", equalTo(0));
        given().queryParam("state", "DONE").get("/api/v1/runs").then().statusCode(400).body("field", equalTo("state"));

        // an operator sets Adobe's watermark back to 2 May: a run reads again what changed since (Ada), at once
        String adobe = INTEGRATIONS.get("adobe-contacts-import");
        given().get("/api/v1/integrations/{id}/watermarks", adobe).then().statusCode(200)
                .body("points[0].pointName", equalTo("contacts-in"))
                .body("points[0].runId", org.hamcrest.Matchers.notNullValue());
        String rerun = given().contentType(ContentType.JSON)
                .body(Map.of("lastSuccessfulRunTime", "2024-05-02T00:00:00Z"))
                .put("/api/v1/integrations/{id}/watermarks", adobe).then().log().ifValidationFails().statusCode(200)
                .body("points[0].lastSuccessfulRunTime", equalTo("2024-05-02T00:00:00Z"))
                .body("run.mode", equalTo("incremental")).extract().path("run.id");
        JsonPath reread = CrmsyncStack.awaitRun(rerun);
        assertThat(reread.getString("state")).isEqualTo("SUCCEEDED");
        assertThat(reread.getLong("counts.read")).isEqualTo(1);
        assertThat(reread.getLong("counts.unchanged")).isEqualTo(1);

        // an operator pauses the connection's inbound queue: a run waits in it until the queue is resumed
        given().post("/api/v1/connections/{id}/queues/inbound/pause", connection).then().statusCode(200)
                .body("paused", equalTo(true));
        String held = given().contentType(ContentType.JSON).body(Map.of("mode", "full"))
                .post("/api/v1/integrations/{id}/runs", INTEGRATIONS.get("totango-accounts")).then().statusCode(202)
                .extract().path("id");
        Thread.sleep(2_000); // four worker polls
        assertThat(given().get("/api/v1/runs/{id}", held).then().extract().<String> path("state")).isEqualTo("PENDING");
        given().queryParam("connectionId", connection).get("/api/v1/queues").then().statusCode(200)
                .body("find { it.direction == 'inbound' }.pending", equalTo(1))
                .body("find { it.direction == 'inbound' }.paused", equalTo(true));
        given().post("/api/v1/connections/{id}/queues/inbound/resume", connection).then().statusCode(200)
                .body("paused", equalTo(false));
        assertThat(CrmsyncStack.awaitRun(held).getString("state")).isEqualTo("SUCCEEDED");
        // then
        try (Connection home = connect(homeUrl); Statement s = home.createStatement()) {
            var rs = s.executeQuery("SELECT crm_id, birth_date::text, created_wall::text, created_raw, "
                    + "modified_local::text FROM nms_recipient");
            assertThat(rs.next()).isTrue();
            assertThat(List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                    .containsExactly("003A", "1815-12-10", "2024-03-31 00:30:00", "2024-03-31T00:30Z",
                            "2024-05-02 11:00:00");
            assertThat(rs.next()).isFalse();
            rs = s.executeQuery("SELECT account_id, segment, tags::text FROM totango_accounts ORDER BY account_id");
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
            }
            assertThat(rows).containsExactly("001A Industrial {gold,emea}", "001B Industrial {silver}",
                    "001C Tech null", "001D Other {gold}");
        }
    }

    @Test
    @Order(5)
    void shouldExportImportBackAndExportTheSame() {
        // given
        exportedJson = given().get("/api/v1/config/export?format=json").then().statusCode(200).extract().asString();
        exportedYaml = given().get("/api/v1/config/export?format=yaml").then().statusCode(200).extract().asString();
        assertThat(exportedJson).contains("veeva-status", "totango-segments", "Europe/Paris")
                .doesNotContain("password");
        // when: the four integrations and the lookups are deleted, then the YAML export is imported
        for (String name : SEEDS) {
            given().post("/api/v1/integrations/{id}/deactivate", INTEGRATIONS.get(name)).then().statusCode(200);
            given().delete("/api/v1/integrations/{id}", INTEGRATIONS.get(name)).then().statusCode(204);
        }
        for (String lookup : List.of("veeva-status", "totango-segments")) {
            String id = given().get("/api/v1/lookups?pageSize=100").then().statusCode(200).extract().jsonPath()
                    .getString("items.find { it.name == '" + lookup + "' }.id");
            given().delete("/api/v1/lookups/{id}", id).then().statusCode(204);
        }
        given().contentType("application/yaml").body(exportedYaml.getBytes(StandardCharsets.UTF_8)).post("/api/v1/config/import").then().log().ifValidationFails()
                .statusCode(200).body("created", equalTo(6));
        // then: the same document, and importing it again changes nothing
        String again = given().get("/api/v1/config/export?format=json").then().statusCode(200).extract().asString();
        assertThat(again).isEqualTo(exportedJson);
        given().contentType(ContentType.JSON).body(exportedJson).post("/api/v1/config/import").then().log().ifValidationFails()
                .statusCode(200).body("created", equalTo(0)).body("changed", equalTo(0));
        String id = given().get("/api/v1/integrations?pageSize=100").then().extract().jsonPath()
                .getString("items.find { it.name == 'totango-accounts' }.id");
        given().post("/api/v1/integrations/{id}/validate", id).then().log().ifValidationFails().statusCode(200).body("valid", equalTo(true));
        given().get("/api/v1/integrations/{id}", id).then().body("active", equalTo(true));
    }

    // --- declarations ---

    private static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, TestDatabases.user(), TestDatabases.password());
    }

    private static String endpoint(String name, String jdbcUrl, Map<String, String> extra) {
        Map<String, String> settings = new LinkedHashMap<>(Map.of("jdbcUrl", jdbcUrl, "username",
                TestDatabases.user()));
        settings.putAll(extra);
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("name", name, "type", "postgresql", "settings", settings))
                .post("/api/v1/endpoints").then().statusCode(201).extract().path("id");
        given().contentType(ContentType.JSON).body(Map.of("secrets", Map.of("password", TestDatabases.password())))
                .put("/api/v1/endpoints/{id}/credential", id).then().statusCode(204);
        return id;
    }

    private static void lookup(String name, String csv) {
        String id = given().contentType(ContentType.JSON).body(Map.of("name", name)).post("/api/v1/lookups").then()
                .statusCode(201).extract().path("id");
        given().contentType("text/csv").body(csv).put("/api/v1/lookups/{id}/entries", id).then().statusCode(200);
    }

    /** PUT by name, as configuration as code does; a second PUT of the same body changes nothing. */
    private static void declare(String name, Map<String, Object> settings) {
        Map<String, Object> body = new LinkedHashMap<>(settings);
        body.put("name", name);
        body.put("connectionId", connection);
        String id = given().contentType(ContentType.JSON).body(body).put("/api/v1/integrations/by-name/{name}", name)
                .then().log().ifValidationFails().statusCode(201).body("active", equalTo(false)).extract().path("id");
        given().contentType(ContentType.JSON).body(body).put("/api/v1/integrations/by-name/{name}", name)
                .then().statusCode(200).body("version", equalTo(1));
        INTEGRATIONS.put(name, id);
    }

    private static Map<String, Object> point(String name, String direction, String source, String target,
            List<String> matchKey, String cursor, List<Map<String, Object>> rules, String filter) {
        return point(name, direction, source, target, matchKey, cursor, rules, filter, null);
    }

    private static Map<String, Object> point(String name, String direction, String source, String target,
            List<String> matchKey, String cursor, List<Map<String, Object>> rules, String filter,
            String accountField) {
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("name", name);
        point.put("direction", direction);
        point.put("sourceObject", source);
        point.put("targetObject", target);
        point.put("operation", "upsert");
        point.put("matchKey", matchKey);
        point.put("cursorField", cursor);
        point.put("fieldRules", rules);
        if (filter != null) {
            point.put("filter", filter);
        }
        if (accountField != null) {
            point.put("accountField", accountField);
        }
        return point;
    }

    private static Map<String, Object> copy(String targetField, String sourceField) {
        return Map.of("targetField", targetField, "sourceField", sourceField);
    }

    // --- reading results ---

    private static JsonPath preview(String integration, int pointIndex) {
        String id = INTEGRATIONS.get(integration);
        String point = given().get("/api/v1/integrations/{id}/points", id).then().statusCode(200).extract()
                .jsonPath().getString("items[" + pointIndex + "].id");
        return given().post("/api/v1/integrations/{id}/points/{point}/preview", id, point).then().log().ifValidationFails().statusCode(200)
                .extract().jsonPath();
    }

    private static Map<String, Object> target(JsonPath preview, int record) {
        return preview.getMap("records[" + record + "].target");
    }

}
