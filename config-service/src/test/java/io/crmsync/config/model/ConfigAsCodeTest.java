package io.crmsync.config.model;

import static io.crmsync.config.Fixtures.unique;
import static io.crmsync.config.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.config.Fixtures;
import io.crmsync.config.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** PUT by name, export and import. */
@QuarkusTest
class ConfigAsCodeTest {

    private static ValidatableResponse declare(String name, String body) {
        return given().contentType(ContentType.JSON).body(body).put("/api/v1/integrations/by-name/" + name).then();
    }

    private static String declaration(String name, String connection, String... points) {
        return """
                {"name": "%s", "connectionId": "%s", "schedule": {"type": "daily", "time": "05:00"},
                 "startTime": "2024-01-01T00:00:00Z",
                 "points": [%s]}""".formatted(name, connection, String.join(",", points));
    }

    private static ValidatableResponse importDocument(String contentType, String document) {
        return given().contentType(contentType).body(document.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/api/v1/config/import").then();
    }

    @Test
    void shouldCreateByNameAndKeepTheVersionForAnIdenticalDeclaration() {
        // given
        String name = unique("decl");
        String connection = Fixtures.connection();
        String body = declaration(name, connection, Fixtures.pointBody("a"), Fixtures.pointBody("b"));
        String id = declare(name, body).statusCode(201).body("version", equalTo(1)).extract().path("id");
        // when
        declare(name, body).statusCode(200).body("id", equalTo(id)).body("version", equalTo(1));
        // then
        given().get("/api/v1/integrations/" + id).then().body("version", equalTo(1))
                .body("points.name", contains("a", "b"));
    }

    @Test
    void shouldReplaceMatchingPointsByNameKeepingTheirIds() {
        // given
        String name = unique("decl");
        String connection = Fixtures.connection();
        String id = declare(name, declaration(name, connection, Fixtures.pointBody("a"), Fixtures.pointBody("b")))
                .statusCode(201).extract().path("id");
        List<String> before = given().get("/api/v1/integrations/" + id).then().extract().path("points.id");
        // when: b first, a gone, c new
        declare(name, declaration(name, connection, Fixtures.pointBody("b").replace("LastModifiedDate", "SystemModstamp"),
                Fixtures.pointBody("c"))).statusCode(200).body("version", equalTo(2));
        // then
        given().get("/api/v1/integrations/" + id).then()
                .body("points.name", contains("b", "c"))
                .body("points[0].id", equalTo(before.get(1)))
                .body("points[0].cursorField", equalTo("SystemModstamp"))
                .body("points[1].id", not(equalTo(before.get(0))));
    }

    @Test
    void shouldRefuseADeclarationNamingAnotherIntegrationOrAStaleVersion() {
        // given
        String name = unique("decl");
        String connection = Fixtures.connection();
        declare(name, declaration(name, connection, Fixtures.pointBody("a"))).statusCode(201);
        // when / then
        assertProblem(declare(name, declaration(unique("other"), connection)), 400, "crmsync.invalid_argument",
                "name");
        assertProblem(declare(name, declaration(name, connection, Fixtures.pointBody("a"), Fixtures.pointBody("a"))),
                400, "crmsync.invalid_argument", "points[1].name");
        assertProblem(given().header("If-Match", "\"7\"").contentType(ContentType.JSON)
                .body(declaration(name, connection)).put("/api/v1/integrations/by-name/" + name).then(), 412,
                "config.version_mismatch", "If-Match");
    }

    @Test
    void shouldExportEverythingButCredentialsWithReferencesByName() {
        // given
        String home = Fixtures.postgresEndpoint();
        given().contentType(ContentType.JSON).body("{\"secrets\": {\"password\": \"s3cr3t-value\"}}")
                .put("/api/v1/endpoints/" + home + "/credential").then().statusCode(204);
        String connection = Fixtures.connection(home, Fixtures.hubspotEndpoint());
        String connectionName = given().get("/api/v1/connections/" + connection).then().extract().path("name");
        String name = unique("decl");
        declare(name, declaration(name, connection, Fixtures.pointBody("a"))).statusCode(201);
        // when
        String exported = given().queryParam("format", "json").get("/api/v1/config/export").then().statusCode(200)
                .contentType(ContentType.JSON).extract().asString();
        // then
        assertThat(exported).doesNotContain("s3cr3t-value").doesNotContain(home).doesNotContain(connection);
        given().get("/api/v1/config/export").then()
                .body("integrations.find { it.name == '" + name + "' }.connection", equalTo(connectionName))
                .body("integrations.find { it.name == '" + name + "' }.schedule.time", equalTo("05:00"));
        String yaml = given().queryParam("format", "yaml").get("/api/v1/config/export").then().statusCode(200)
                .contentType(containsString("yaml")).extract().asString();
        assertThat(yaml).contains("name: " + name).doesNotContain("s3cr3t-value");
    }

    @Test
    void shouldImportAnExportIdempotently() throws Exception {
        // given
        emptyDatabase();
        String name = unique("decl");
        declare(name, declaration(name, Fixtures.connection(), Fixtures.pointBody("a"))).statusCode(201);
        String exported = given().get("/api/v1/config/export").then().extract().asString();
        // when / then
        importDocument("application/json", exported).statusCode(200)
                .body("created", equalTo(0)).body("changed", equalTo(0));
        assertThat(given().get("/api/v1/config/export").then().extract().asString()).isEqualTo(exported);
    }

    @Test
    void shouldRoundTripThroughAnEmptyDatabaseInJsonAndYaml() throws Exception {
        // given
        emptyDatabase();
        String connection = Fixtures.connection();
        String rich = DuplicateTest.richIntegration(connection);
        Fixtures.integration(connection);
        String exported = given().get("/api/v1/config/export").then().extract().asString();
        String exportedYaml = given().queryParam("format", "yaml").get("/api/v1/config/export").then().extract()
                .asString();
        // when
        emptyDatabase();
        importDocument("application/json", exported).statusCode(200).body("created", equalTo(2 + 1 + 2))
                .body("changed", equalTo(0));
        // then
        assertThat(asMap(given().get("/api/v1/config/export").then().extract().asString()))
                .isEqualTo(asMap(exported));
        // and YAML the same way
        emptyDatabase();
        importDocument("application/yaml", exportedYaml).statusCode(200).body("created", equalTo(5));
        assertThat(asMap(given().get("/api/v1/config/export").then().extract().asString()))
                .isEqualTo(asMap(exported));
        assertThat(rich).isNotBlank();
    }

    @Test
    void shouldNameTheDocumentFieldAtFaultAndImportNothing() throws Exception {
        // given
        emptyDatabase();
        String valid = """
                {"endpoints": [{"name": "pg", "type": "postgresql",
                                "settings": {"jdbcUrl": "jdbc:postgresql://db:5432/crm", "username": "sync"}},
                               {"name": "hs", "type": "hubspot", "settings": {}}],
                 "connections": [{"name": "c", "homeEndpoint": "pg", "remoteEndpoint": "hs"}],
                 "integrations": [{"name": "i", "connection": "c", "points": [%s]}]}
                """.formatted(Fixtures.pointBody("p"));
        // when / then
        assertProblem(importDocument("application/json", valid.replace("\"matchKey\": [\"external_id\"],", "")), 400,
                "crmsync.invalid_argument", "integrations[0].points[0].matchKey");
        assertProblem(importDocument("application/json", valid.replace("\"connection\": \"c\"", "\"connection\": \"x\"")),
                400, "crmsync.invalid_argument", "integrations[0].connection");
        assertProblem(importDocument("application/json", valid.replace("\"remoteEndpoint\": \"hs\"",
                "\"remoteEndpoint\": \"nope\"")), 400, "crmsync.invalid_argument", "connections[0].remoteEndpoint");
        assertProblem(importDocument("application/json", valid.replace("db:5432/crm", "db:5432/crm?password=x")), 400,
                "crmsync.invalid_argument", "endpoints[0].settings.jdbcUrl");
        assertProblem(importDocument("application/json", valid.replace("\"type\": \"hubspot\"", "\"type\": \"sap\"")),
                400, "crmsync.invalid_argument", "endpoints[1].type");
        assertProblem(importDocument("application/json", valid.replace("\"name\": \"p\"", "\"name\": \"\"")), 400,
                "crmsync.invalid_argument", "integrations[0].points[0].name");
        assertProblem(importDocument("application/json", valid.replace("\"name\": \"hs\"", "\"name\": \"pg\"")), 400,
                "crmsync.invalid_argument", "endpoints[1].name");
        String withLookup = valid.replace("\"integrations\":", """
                "lookups": [{"name": "codes", "rows": [{"source": "a", "target": "1"}, {"source": "a", "target": "2"}]}],
                "integrations":""");
        assertProblem(importDocument("application/json", withLookup), 400, "crmsync.invalid_argument",
                "lookups[0].rows[1].source");
        assertProblem(importDocument("application/json", withLookup.replace("\"name\": \"codes\"",
                "\"name\": \"-codes\"")), 400, "crmsync.invalid_argument", "lookups[0].name");
        assertProblem(importDocument("application/json", "{\"endpoints\": 3}"), 400, "crmsync.invalid_argument",
                "endpoints");
        assertProblem(importDocument("application/json", "{\"endpoints\": [], \"extra\": 1}"), 400,
                "crmsync.invalid_argument", "extra");
        assertProblem(importDocument("application/json", "{not json"), 400, "crmsync.invalid_argument", "body");
        assertProblem(importDocument("application/yaml", "endpoints: [\"unterminated"), 400, "crmsync.invalid_argument",
                "endpoints");
        assertProblem(importDocument("application/yaml", "\"unterminated"), 400, "crmsync.invalid_argument", "body");
        assertProblem(importDocument("application/json", ""), 400, "crmsync.invalid_argument", "body");
        assertProblem(importDocument("application/json", "null"), 400, "crmsync.invalid_argument", "body");
        assertProblem(given().queryParam("format", "xml").get("/api/v1/config/export").then(), 400,
                "crmsync.invalid_argument", "format");
        given().get("/api/v1/config/export").then().body("endpoints.size()", equalTo(0));
        // and the valid document imports
        importDocument("application/json", valid).statusCode(200).body("created", equalTo(4));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(String json) throws Exception {
        return new ObjectMapper().readValue(json, Map.class);
    }

    /** Stands for "a fresh installation": other test classes create their own data, so emptying is harmless. */
    private static void emptyDatabase() throws Exception {
        try (Connection db = TestDatabase.connect(); Statement sql = db.createStatement()) {
            sql.execute("TRUNCATE integration_points, integrations, connections, endpoint_credentials, endpoints, "
                    + "reference_lookup_entries, reference_lookups");
        }
    }
}
