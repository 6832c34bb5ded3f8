package io.crmsync.config.model;

import static io.crmsync.config.Fixtures.post;
import static io.crmsync.config.Fixtures.unique;
import static io.crmsync.config.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.crmsync.config.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Duplicating integrations and connections. */
@QuarkusTest
class DuplicateTest {

    /** An active integration with every setting and two points, one with every point setting. */
    static String richIntegration(String connection) {
        String rich = PointSettingsTest.pointWith("""
                "sourceFields": ["Phone"], "orderBy": [{"field": "Id", "direction": "desc"}],
                "recordIds": ["003A"], "accountField": "AccountId"
                """).replace("\"name\": \"p\"", "\"name\": \"rich\"");
        String plain = Fixtures.pointBody("plain").replace("\"cursorField\"", "\"accountField\": \"AccountId\", \"cursorField\"");
        String id = post("/api/v1/integrations", """
                {"name": "%s", "description": "to copy", "connectionId": "%s", "allowNewRecords": false,
                 "failureThreshold": 4, "points": [%s, %s], %s}
                """.formatted(unique("int"), connection, rich, plain, IntegrationSettingsTest.ALL_SETTINGS))
                .statusCode(201).extract().path("id");
        given().post("/api/v1/integrations/" + id + "/activate").then().statusCode(200);
        return id;
    }

    /** The integration as JSON, without what a copy must not share: ids, name, state, version, times. */
    static Map<String, Object> copiedPart(String integrationId) {
        Map<String, Object> all = given().get("/api/v1/integrations/" + integrationId).then().statusCode(200)
                .extract().jsonPath().getMap("$");
        for (String own : List.of("id", "name", "active", "activateTime", "version", "createTime", "updateTime",
                "connectionId")) {
            all.remove(own);
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> points = (List<Map<String, Object>>) all.get("points");
        points.forEach(p -> {
            p.remove("id");
            p.remove("sourceEndpointId");
            p.remove("targetEndpointId");
        });
        return all;
    }

    @Test
    void shouldDuplicateAnIntegrationWithCopiesOfEverything() {
        // given
        String original = richIntegration(Fixtures.connection());
        String name = unique("copy");
        // when
        JsonPath copy = post("/api/v1/integrations/" + original + "/duplicate", """
                {"name": "%s"}""".formatted(name)).statusCode(201)
                .body("name", equalTo(name))
                .body("active", equalTo(false))
                .body("version", equalTo(1))
                .extract().jsonPath();
        // then
        String copyId = copy.getString("id");
        assertThat(copyPointIds(copyId)).doesNotContainAnyElementsOf(copyPointIds(original));
        assertThat(copiedPart(copyId)).isEqualTo(copiedPart(original));
        assertThat(given().get("/api/v1/integrations/" + original).then().extract().<Boolean> path("active")).isTrue();
    }

    @Test
    void shouldRefuseADuplicateNameOrBadBody() {
        // given
        String connection = Fixtures.connection();
        String original = Fixtures.integration(connection);
        String taken = given().get("/api/v1/integrations/" + original).then().extract().path("name");
        // when / then
        assertProblem(post("/api/v1/integrations/" + original + "/duplicate", "{\"name\": \"" + taken + "\"}"), 409,
                "config.integration_name_taken", "name");
        assertProblem(post("/api/v1/integrations/" + original + "/duplicate", "{}"), 400, "crmsync.invalid_argument",
                "name");
        assertProblem(post("/api/v1/integrations/" + original + "/duplicate", "{\"name\": \"n\", \"x\": 1}"), 400,
                "crmsync.invalid_argument", "x");
        assertProblem(post("/api/v1/integrations/" + UUID.randomUUID() + "/duplicate", "{\"name\": \"n\"}"), 404,
                "config.integration_not_found", null);
        assertProblem(post("/api/v1/integrations/nope/duplicate", "{\"name\": \"n\"}"), 400,
                "crmsync.invalid_argument", "id");
    }

    @Test
    void shouldDuplicateAConnectionWithAllItsIntegrationsOnTheSameHome() {
        // given
        String home = Fixtures.postgresEndpoint();
        String connection = Fixtures.connection(home, Fixtures.hubspotEndpoint());
        String first = richIntegration(connection);
        String second = Fixtures.integration(connection);
        Fixtures.addPoint(second, "only");
        String otherRemote = Fixtures.hubspotEndpoint();
        String name = unique("eu");
        // when
        JsonPath copy = post("/api/v1/connections/" + connection + "/duplicate", """
                {"name": "%s", "remoteEndpointId": "%s"}""".formatted(name, otherRemote)).statusCode(201)
                .body("connection.name", equalTo(name))
                .body("connection.homeEndpointId", equalTo(home))
                .body("connection.remoteEndpointId", equalTo(otherRemote))
                .body("integrations.size()", equalTo(2))
                .extract().jsonPath();
        // then
        String newConnection = copy.getString("connection.id");
        List<String> copies = given().queryParam("connectionId", newConnection).get("/api/v1/integrations").then()
                .extract().path("items.id");
        assertThat(copies).hasSize(2);
        for (String copyId : copies) {
            JsonPath c = given().get("/api/v1/integrations/" + copyId).then().extract().jsonPath();
            assertThat(c.getBoolean("active")).isFalse();
            assertThat(c.getString("name")).endsWith(" (" + name + ")");
            assertThat(c.getList("points.sourceEndpointId", String.class)).containsOnly(otherRemote);
        }
        String firstName = given().get("/api/v1/integrations/" + first).then().extract().path("name");
        String firstCopy = copies.stream().filter(id -> given().get("/api/v1/integrations/" + id).then().extract()
                .<String> path("name").equals(firstName + " (" + name + ")")).findFirst().orElseThrow();
        assertThat(copiedPart(firstCopy)).isEqualTo(copiedPart(first));
    }

    @Test
    void shouldCreateNothingWhenOneIntegrationCopyCannotBeMade() {
        // given: an integration already carries the name a copy would get
        String connection = Fixtures.connection();
        String integration = Fixtures.integration(connection);
        String integrationName = given().get("/api/v1/integrations/" + integration).then().extract().path("name");
        String name = unique("dup");
        Fixtures.create("/api/v1/integrations", """
                {"name": "%s (%s)", "connectionId": "%s"}""".formatted(integrationName, name, connection));
        // when / then
        assertProblem(post("/api/v1/connections/" + connection + "/duplicate", """
                {"name": "%s", "remoteEndpointId": "%s"}""".formatted(name, Fixtures.hubspotEndpoint())), 409,
                "config.integration_name_taken", "name");
        List<String> names = given().queryParam("pageSize", 500).get("/api/v1/connections").then().extract()
                .path("items.name");
        assertThat(names).doesNotContain(name);
    }

    @Test
    void shouldValidateTheConnectionDuplicateBody() {
        // given
        String home = Fixtures.postgresEndpoint();
        String connection = Fixtures.connection(home, Fixtures.hubspotEndpoint());
        // when / then
        assertProblem(post("/api/v1/connections/" + connection + "/duplicate", "{\"name\": \"x\"}"), 400,
                "crmsync.invalid_argument", "remoteEndpointId");
        assertProblem(post("/api/v1/connections/" + connection + "/duplicate", """
                {"name": "%s", "remoteEndpointId": "%s"}""".formatted(unique("c"), home)), 400,
                "crmsync.invalid_argument", "remoteEndpointId");
        assertProblem(post("/api/v1/connections/" + connection + "/duplicate", """
                {"name": "%s", "remoteEndpointId": "%s"}""".formatted(unique("c"), UUID.randomUUID())), 400,
                "crmsync.invalid_argument", "remoteEndpointId");
        assertProblem(post("/api/v1/connections/" + connection + "/duplicate", """
                {"name": "x", "remoteEndpointId": "not-a-uuid"}"""), 400, "crmsync.invalid_argument",
                "remoteEndpointId");
        assertProblem(post("/api/v1/connections/" + UUID.randomUUID() + "/duplicate", """
                {"name": "%s", "remoteEndpointId": "%s"}""".formatted(unique("c"), Fixtures.hubspotEndpoint())), 404,
                "config.connection_not_found", null);
    }

    private static List<String> copyPointIds(String integrationId) {
        return given().get("/api/v1/integrations/" + integrationId).then().extract().path("points.id");
    }
}
