package io.crmsync.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import io.crmsync.launcher.demo.DemoData;
import io.crmsync.testsupport.TestDatabases;
import io.restassured.http.ContentType;

/**
 * The contacts sync the failure tests run: a CRM-like source table of shuffled contacts copied into a warehouse
 * table through the REST API, and the checks that the target holds every source row exactly once.
 */
final class ContactsSync {

    private static final String COLUMNS = String.join(", ", DemoData.COPIED_FIELDS);

    private ContactsSync() {
    }

    /** Fresh source and target databases: {@code rows} contacts in the source, an empty target table. */
    static void createDatabases(String sourceDb, String targetDb, int rows) throws Exception {
        TestDatabases.recreate(sourceDb);
        TestDatabases.recreate(targetDb);
        try (Connection source = CrmsyncStack.connect(sourceDb); Connection target = CrmsyncStack.connect(targetDb)) {
            DemoData.createSource(source, 0);
            seed(source, rows);
            DemoData.createTarget(target);
        }
    }

    /**
     * Contacts whose modification times are not in id order, three sharing each second, so the keyset read
     * order (updated_at, id) differs from the key order and checkpoints fall inside runs of equal times.
     */
    private static void seed(Connection source, int rows) throws Exception {
        try (PreparedStatement insert = source.prepareStatement("""
                INSERT INTO contacts
                SELECT i, 'contact' || i || '@example.com', (ARRAY['Ada', 'Grace', 'Alan'])[1 + i % 3],
                    'Last' || i % 97, CASE WHEN i % 7 = 0 THEN NULL ELSE '+1-555-' || 1000 + i % 9000 END,
                    'Company ' || i % 503, CASE WHEN i % 2 = 0 THEN 'Engineer' ELSE 'Director' END,
                    'City ' || i % 31, 'XX', (ARRAY['lead', 'mql', 'customer'])[1 + i % 3], i % 100,
                    (i % 1000000) / 100.0, i % 2 = 0,
                    timestamptz '2024-01-01 00:00Z' + i % 1000 * interval '1 hour',
                    timestamptz '2024-06-01 00:00Z' + (i * 7919 % ?) / 3 * interval '1 second'
                FROM generate_series(1::bigint, ?) AS i""")) {
            // 7919 is prime to the row counts used: i * 7919 % rows shuffles the ids over distinct slots.
            insert.setLong(1, rows);
            insert.setLong(2, rows);
            assertThat(insert.executeUpdate()).isEqualTo(rows);
        }
        try (Statement analyze = source.createStatement()) {
            analyze.execute("ANALYZE contacts");
        }
    }

    /** An active integration copying the source's contacts into the target, created through the REST API. */
    static String activeIntegration(String name, String sourceDb, String targetDb) {
        return activeIntegration(name, sourceDb, targetDb, Map.of());
    }

    /** The same with more integration settings, e.g. its notification recipients. */
    static String activeIntegration(String name, String sourceDb, String targetDb, Map<String, Object> settings) {
        String crm = endpoint(name + "-crm", sourceDb);
        String warehouse = endpoint(name + "-warehouse", targetDb);
        String connection = given().contentType(ContentType.JSON)
                .body(Map.of("name", name, "homeEndpointId", warehouse, "remoteEndpointId", crm))
                .post("/api/v1/connections").then().statusCode(201).extract().path("id");
        Map<String, Object> body = new java.util.HashMap<>(settings);
        body.putAll(Map.of("name", name + "-contacts", "connectionId", connection,
                "points", List.of(DemoData.contactsPoint())));
        String integration = given().contentType(ContentType.JSON).body(body)
                .post("/api/v1/integrations").then().statusCode(201).extract().path("id");
        given().post("/api/v1/integrations/{id}/activate", integration).then().statusCode(200)
                .body("active", equalTo(true));
        return integration;
    }

    private static String endpoint(String name, String database) {
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("name", name, "type", "postgresql", "settings",
                        Map.of("jdbcUrl", TestDatabases.urlOf(database), "username", TestDatabases.user())))
                .post("/api/v1/endpoints").then().statusCode(201).extract().path("id");
        given().contentType(ContentType.JSON).body(Map.of("secrets", Map.of("password", TestDatabases.password())))
                .put("/api/v1/endpoints/{id}/credential", id).then().statusCode(204);
        return id;
    }

    /** Starts a full run; returns its id. */
    static String startFullRun(String integrationId) {
        return given().contentType(ContentType.JSON).body(Map.of("mode", "full"))
                .post("/api/v1/integrations/{id}/runs", integrationId).then().statusCode(202).extract().path("id");
    }

    /** Asserts the target holds every source row exactly once, field by field. */
    static void assertTargetEqualsSource(String sourceDb, String targetDb, int rows) throws Exception {
        assertThat(count(targetDb, "SELECT count(DISTINCT external_id) FROM crm_contacts")).isEqualTo(rows);
        assertThat(count(targetDb, "SELECT count(*) FROM crm_contacts")).isEqualTo(rows);
        assertThat(checksum(targetDb, "external_id", "crm_contacts")).isEqualTo(checksum(sourceDb, "id", "contacts"));
    }

    static long count(String database, String sql) throws Exception {
        try (Connection c = CrmsyncStack.connect(database); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** MD5 of every row's text (key first, then the copied fields, NULLs told apart), in key order. */
    private static String checksum(String database, String key, String table) throws Exception {
        try (Connection c = CrmsyncStack.connect(database); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT md5(string_agg(ROW(" + key + ", " + COLUMNS + ")::text, E'\\n' "
                        + "ORDER BY " + key + ")) FROM " + table)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
