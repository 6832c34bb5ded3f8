package io.crmsync.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.crmsync.launcher.demo.DemoData;
import io.crmsync.testsupport.TestDatabases;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The walking skeleton across all four services, each a separate process, driven only through
 * config-service's REST API; the databases are inspected directly to check what really landed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WalkingSkeletonIT {

    private static final int ROWS = 3000;
    /** Trust auth ignores it, but every service handles it as a secret: it must never show up. */
    private static final String CANARY_PASSWORD = "canary-Pw-7f3a9c";
    private static final StringBuilder RESPONSES = new StringBuilder();

    private static CrmsyncStack stack;
    private static String integrationId;
    private static String connectionId;

    @BeforeAll
    static void startStack() throws Exception {
        stack = CrmsyncStack.start();
        try (Connection source = CrmsyncStack.connect(CrmsyncStack.SOURCE_DB);
                Connection target = CrmsyncStack.connect(CrmsyncStack.TARGET_DB)) {
            DemoData.createSource(source, ROWS);
            DemoData.createTarget(target);
        }
        stack.driveWithRestAssured(RESPONSES);
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
    void shouldCopyEveryContactOnTheFirstRun() throws Exception {
        // given
        String crm = endpoint("e2e-crm", CrmsyncStack.SOURCE_DB, "localhost:5432");
        String warehouse = endpoint("e2e-warehouse", CrmsyncStack.TARGET_DB, "localhost:5432");
        connectionId = given().contentType(ContentType.JSON)
                .body(Map.of("name", "e2e", "homeEndpointId", warehouse, "remoteEndpointId", crm))
                .post("/api/v1/connections").then().statusCode(201).extract().path("id");
        integrationId = integration("e2e-contacts", connectionId);
        given().post("/api/v1/integrations/{id}/activate", integrationId).then().statusCode(200)
                .body("active", equalTo(true));

        // when
        JsonPath run = CrmsyncStack.awaitRun(trigger(integrationId, "full"));

        // then
        assertThat(run.getString("state")).isEqualTo("SUCCEEDED");
        assertThat(run.getLong("counts.read")).isEqualTo(ROWS);
        assertThat(run.getLong("counts.created")).isEqualTo(ROWS);
        assertThat(run.getLong("counts.updated")).isZero();
        assertThat(run.getLong("counts.rejected")).isZero();
        assertTargetEqualsSource();
    }

    @Test
    @Order(2)
    void shouldCopyOnlyChangedContactsOnTheNextRun() throws Exception {
        // given
        try (Connection source = CrmsyncStack.connect(CrmsyncStack.SOURCE_DB)) {
            assertThat(DemoData.touchContacts(source, 50, 11)).isEqualTo(50);
        }

        // when
        JsonPath run = CrmsyncStack.awaitRun(trigger(integrationId));

        // then
        assertThat(run.getString("state")).isEqualTo("SUCCEEDED");
        assertThat(run.getLong("counts.read")).isEqualTo(50);
        assertThat(run.getLong("counts.updated")).isEqualTo(50);
        assertThat(run.getLong("counts.created")).isZero();
        assertTargetEqualsSource();
    }

    @Test
    @Order(3)
    void shouldRejectRecordsTheTargetRefusesAndLandTheRest() throws Exception {
        // given: 5 changed contacts and 3 new ones whose e-mail violates the target's CHECK constraint
        try (Connection source = CrmsyncStack.connect(CrmsyncStack.SOURCE_DB)) {
            DemoData.touchContacts(source, 5, 13);
            DemoData.insertContacts(source, ROWS + 1L, 3, Instant.now(), true);
        }

        // when
        JsonPath run = CrmsyncStack.awaitRun(trigger(integrationId));

        // then
        // The window starts one watermark lookback (60 s) before the previous run's end, so the 50 contacts changed
        // just before that run are read again, compared, and not rewritten.
        assertThat(run.getString("state")).isEqualTo("PARTIAL");
        assertThat(run.getLong("counts.read")).isEqualTo(58);
        assertThat(run.getLong("counts.unchanged")).isEqualTo(50);
        assertThat(run.getLong("counts.updated")).isEqualTo(5);
        assertThat(run.getLong("counts.rejected")).isEqualTo(3);
        JsonPath exceptions = given().queryParam("runId", run.getString("id")).get("/api/v1/exceptions")
                .then().statusCode(200).extract().jsonPath();
        assertThat(exceptions.getList("items")).hasSize(1);
        assertThat(exceptions.getLong("items[0].itemCount")).isEqualTo(3);
        List<String> keys = given().get("/api/v1/exceptions/{id}/items", exceptions.getString("items[0].id"))
                .then().statusCode(200).extract().jsonPath().getList("items.recordKey");
        assertThat(keys).containsExactlyInAnyOrder("external_id=" + (ROWS + 1), "external_id=" + (ROWS + 2),
                "external_id=" + (ROWS + 3));
        assertTargetEqualsSourceExcept(Set.of((long) ROWS + 1, (long) ROWS + 2, (long) ROWS + 3));
    }

    @Test
    @Order(4)
    void shouldFailARunWhoseSourceIsUnreachableWithoutWritingAnything() throws Exception {
        // given: an integration activated while its CRM answered (activation validates against the real objects),
        // whose CRM then moves out of reach
        String unreachable = endpoint("e2e-unreachable-crm", CrmsyncStack.SOURCE_DB, "localhost:5432");
        String warehouse = endpoint("e2e-warehouse-2", CrmsyncStack.TARGET_DB, "localhost:5432");
        String connection = given().contentType(ContentType.JSON)
                .body(Map.of("name", "e2e-broken", "homeEndpointId", warehouse, "remoteEndpointId", unreachable))
                .post("/api/v1/connections").then().statusCode(201).extract().path("id");
        String broken = integration("e2e-broken", connection);
        given().post("/api/v1/integrations/{id}/activate", broken).then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("name", "e2e-unreachable-crm", "type", "postgresql",
                "settings", Map.of("jdbcUrl", "jdbc:postgresql://localhost:1/" + CrmsyncStack.SOURCE_DB,
                        "username", "postgres")))
                .put("/api/v1/endpoints/{id}", unreachable).then().statusCode(200);
        List<Map<String, Object>> before = targetRows();

        // when
        JsonPath run = CrmsyncStack.awaitRun(trigger(broken));

        // then
        assertThat(run.getString("state")).isEqualTo("FAILED");
        assertThat(run.getString("errorMessage")).contains("e2e-unreachable-crm");
        assertThat(targetRows()).isEqualTo(before);
        JsonPath exceptions = given().queryParam("runId", run.getString("id")).get("/api/v1/exceptions")
                .then().statusCode(200).extract().jsonPath();
        assertThat(exceptions.getString("items[0].kind")).isEqualTo("run_failure");
        assertThat(exceptions.getString("items[0].message")).contains("e2e-unreachable-crm");
    }

    @Test
    @Order(5)
    void shouldAnswerBadInputWithProblemDetails() {
        given().get("/api/v1/runs/{id}", "6f1c1a0e-2d4b-4c51-9a55-0c3b1e0f5a11").then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
        given().contentType(ContentType.JSON).body(Map.of("type", "postgresql"))
                .post("/api/v1/endpoints").then().statusCode(400)
                .contentType("application/problem+json").body("detail", org.hamcrest.Matchers.containsString("name"));
        given().contentType(ContentType.JSON).body("{\"name\": \"x\", ").post("/api/v1/endpoints")
                .then().statusCode(400).contentType("application/problem+json");
        given().header("Authorization", "Bearer not-the-admin-token-0123456789abcdef").get("/api/v1/integrations")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer"));
    }

    @Test
    @Order(6)
    void shouldValidateAndAutoMapAgainstTheRealTables() {
        // when / then: the walking skeleton's mapping fits both tables
        given().post("/api/v1/integrations/{id}/validate", integrationId).then().statusCode(200)
                .body("valid", equalTo(true));
        String point = given().get("/api/v1/integrations/{id}", integrationId).then().extract().path("points[0].id");
        JsonPath suggested = given().post("/api/v1/integrations/{id}/points/{point}/automap", integrationId, point)
                .then().statusCode(200).extract().jsonPath();
        assertThat(suggested.getList("suggestions.targetField")).contains("email", "updated_at");
        assertThat(suggested.getList("unmatchedTargetFields")).contains("external_id", "row_id");

        // and a mapping that does not fit is told apart, every problem named
        Map<String, Object> broken = new LinkedHashMap<>(DemoData.contactsPoint());
        broken.put("fieldRules", List.of(Map.of("targetField", "external_id", "sourceField", "id"),
                Map.of("targetField", "nickname", "sourceField", "first_name"),
                Map.of("targetField", "email", "sourceField", "e_mail")));
        String other = given().contentType(ContentType.JSON)
                .body(Map.of("name", "e2e-broken-mapping", "connectionId", connectionId, "points", List.of(broken)))
                .post("/api/v1/integrations").then().statusCode(201).extract().path("id");
        given().post("/api/v1/integrations/{id}/validate", other).then().statusCode(200)
                .body("valid", equalTo(false))
                .body("problems.field", org.hamcrest.Matchers.containsInAnyOrder(
                        "points[0].fieldRules[1].targetField", "points[0].fieldRules[2].sourceField"));
    }

    @Test
    @Order(7)
    void shouldSyncOnlyTheRecordsTheFilterSelects() throws Exception {
        // given: a second target table and an integration whose point filters the contacts
        try (Connection target = CrmsyncStack.connect(CrmsyncStack.TARGET_DB); Statement s = target.createStatement()) {
            s.execute("CREATE TABLE crm_customers (LIKE crm_contacts INCLUDING ALL)");
        }
        Map<String, Object> point = new LinkedHashMap<>(DemoData.contactsPoint());
        point.put("targetObject", "crm_customers");
        point.put("filter", "lifecycle_stage IN (\"customer\", 'opportunity') AND lead_score >= 50 "
                + "AND email LIKE \"%@%\"");
        String filtered = given().contentType(ContentType.JSON)
                .body(Map.of("name", "e2e-customers", "connectionId", connectionId, "points", List.of(point)))
                .post("/api/v1/integrations").then().statusCode(201).extract().path("id");
        given().post("/api/v1/integrations/{id}/activate", filtered).then().statusCode(200);

        // when
        JsonPath run = CrmsyncStack.awaitRun(trigger(filtered, "full"));

        // then: exactly the contacts the same condition selects in SQL, written as they are at the source
        List<Map<String, Object>> expected = rows(CrmsyncStack.SOURCE_DB, "SELECT id AS key FROM contacts WHERE "
                + "lifecycle_stage IN ('customer', 'opportunity') AND lead_score >= 50 AND email LIKE '%@%' ORDER BY id");
        assertThat(expected).isNotEmpty();
        assertThat(run.getString("state")).isEqualTo("SUCCEEDED");
        assertThat(run.getLong("counts.read")).isEqualTo(expected.size());
        assertThat(rows(CrmsyncStack.TARGET_DB, "SELECT external_id AS key FROM crm_customers ORDER BY external_id"))
                .isEqualTo(expected);
    }

    @Test
    @Order(8)
    void shouldPreviewTheFirstContactsThroughTheRulesWithoutWritingAnything() throws Exception {
        // given
        String point = given().get("/api/v1/integrations/{id}", integrationId).then().extract().path("points[0].id");
        List<Map<String, Object>> before = targetRows();
        List<Map<String, Object>> expected = rows(CrmsyncStack.SOURCE_DB,
                "SELECT id AS key FROM contacts ORDER BY updated_at, id LIMIT 3");

        // when
        JsonPath preview = given().queryParam("limit", 3)
                .post("/api/v1/integrations/{id}/points/{point}/preview", integrationId, point)
                .then().statusCode(200).extract().jsonPath();

        // then: the first contacts in cursor order, each mapped by the rules, and the target untouched
        assertThat(preview.getList("records")).hasSize(3);
        for (int i = 0; i < 3; i++) {
            long key = ((Number) expected.get(i).get("key")).longValue();
            assertThat(preview.getLong("records[" + i + "].source.id")).isEqualTo(key);
            assertThat(preview.getLong("records[" + i + "].target.external_id")).isEqualTo(key);
            assertThat(preview.getString("records[" + i + "].target.email"))
                    .isEqualTo(preview.getString("records[" + i + "].source.email"));
        }
        assertThat(targetRows()).isEqualTo(before);
    }

    @Test
    @Order(9)
    void shouldNeverShowThePasswordNorTheAdminToken() throws Exception {
        assertThat(RESPONSES).isNotEmpty();
        assertThat(RESPONSES.toString()).doesNotContain(CANARY_PASSWORD);
        assertThat(stack.allLogs()).isNotEmpty().doesNotContain(CANARY_PASSWORD)
                .doesNotContain(stack.topology.adminToken());
    }

    private static String endpoint(String name, String database, String hostPort) {
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("name", name, "type", "postgresql", "settings",
                        Map.of("jdbcUrl", "jdbc:postgresql://" + hostPort + "/" + TestDatabases.name(database),
                                "username", "postgres")))
                .post("/api/v1/endpoints").then().statusCode(201).body("id", notNullValue()).extract().path("id");
        given().contentType(ContentType.JSON).body(Map.of("secrets", Map.of("password", CANARY_PASSWORD)))
                .put("/api/v1/endpoints/{id}/credential", id).then().statusCode(204);
        given().get("/api/v1/endpoints/{id}", id).then().statusCode(200)
                .body("credentialStatus", equalTo("CONNECTED"));
        return id;
    }

    private static String integration(String name, String connection) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("name", name, "connectionId", connection, "points", List.of(DemoData.contactsPoint())))
                .post("/api/v1/integrations").then().statusCode(201).body("active", equalTo(false))
                .extract().path("id");
    }

    private static String trigger(String integration) {
        return trigger(integration, "incremental");
    }

    private static String trigger(String integration, String mode) {
        return given().contentType(ContentType.JSON).body(Map.of("mode", mode))
                .post("/api/v1/integrations/{id}/runs", integration).then().statusCode(202).extract().path("id");
    }


    private static void assertTargetEqualsSource() throws Exception {
        assertTargetEqualsSourceExcept(Set.of());
    }

    /** Row by row, field by field: every source contact but the excluded ones, and nothing else. */
    private static void assertTargetEqualsSourceExcept(Set<Long> excluded) throws Exception {
        String columns = String.join(", ", DemoData.COPIED_FIELDS);
        List<Map<String, Object>> expected = new ArrayList<>();
        for (Map<String, Object> row : rows(CrmsyncStack.SOURCE_DB, "SELECT id AS key, " + columns
                + " FROM contacts ORDER BY id")) {
            if (!excluded.contains(((Number) row.get("key")).longValue())) {
                expected.add(row);
            }
        }
        List<Map<String, Object>> actual = targetRows();
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as("target row for contact %s", expected.get(i).get("key"))
                    .isEqualTo(expected.get(i));
        }
    }

    private static List<Map<String, Object>> targetRows() throws Exception {
        return rows(CrmsyncStack.TARGET_DB, "SELECT external_id AS key, " + String.join(", ", DemoData.COPIED_FIELDS)
                + " FROM crm_contacts ORDER BY external_id");
    }

    private static List<Map<String, Object>> rows(String database, String sql) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = CrmsyncStack.connect(database); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
