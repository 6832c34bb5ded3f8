package io.crmsync.config.model;

import static io.crmsync.config.Fixtures.unique;
import static io.crmsync.config.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.crmsync.config.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** ETag on reads, If-Match on changes: a stale or malformed If-Match is refused and changes nothing. */
@QuarkusTest
class ConcurrencyTest {

    private static ValidatableResponse putIfMatch(String path, String ifMatch, String body) {
        return given().header("If-Match", ifMatch).contentType(ContentType.JSON).body(body).put(path).then();
    }

    private static String integrationBody(String connection) {
        return """
                {"name": "%s", "connectionId": "%s", "failureThreshold": 7}""".formatted(unique("int"), connection);
    }

    @Test
    void shouldSendTheVersionAsETag() {
        // given
        String endpoint = Fixtures.postgresEndpoint();
        String connection = Fixtures.connection(endpoint, Fixtures.hubspotEndpoint());
        String integration = Fixtures.integration(connection);
        Fixtures.addPoint(integration, "p");
        // when / then
        given().get("/api/v1/endpoints/" + endpoint).then().statusCode(200).header("ETag", "\"1\"");
        given().get("/api/v1/connections/" + connection).then().statusCode(200).header("ETag", "\"1\"");
        given().get("/api/v1/integrations/" + integration).then().statusCode(200).header("ETag", "\"2\"");
    }

    @Test
    void shouldChangeAnIntegrationWhenIfMatchIsCurrentAndRefuseAStaleOne() {
        // given
        String connection = Fixtures.connection();
        String integration = Fixtures.integration(connection);
        String path = "/api/v1/integrations/" + integration;
        // when / then
        putIfMatch(path, "\"1\"", integrationBody(connection)).statusCode(200).header("ETag", "\"2\"")
                .body("version", equalTo(2));
        assertProblem(putIfMatch(path, "\"1\"", integrationBody(connection).replace("7", "8")), 412,
                "config.version_mismatch", "If-Match").body("detail", containsString("version 2"));
        given().get(path).then().body("version", equalTo(2)).body("failureThreshold", equalTo(7));
    }

    @Test
    void shouldRefuseStalePointChangesAndChangeNothing() {
        // given
        String integration = Fixtures.integration(Fixtures.connection());
        String point = Fixtures.addPoint(integration, "p"); // version 2
        String points = "/api/v1/integrations/" + integration + "/points";
        // when / then
        assertProblem(given().header("If-Match", "\"1\"").contentType(ContentType.JSON)
                .body(Fixtures.pointBody("q")).post(points).then(), 412, "config.version_mismatch", "If-Match");
        assertProblem(putIfMatch(points + "/" + point, "\"1\"", Fixtures.pointBody("renamed")), 412,
                "config.version_mismatch", "If-Match");
        assertProblem(given().header("If-Match", "\"1\"").delete(points + "/" + point).then(), 412,
                "config.version_mismatch", "If-Match");
        given().get("/api/v1/integrations/" + integration).then().body("version", equalTo(2))
                .body("points.size()", equalTo(1)).body("points[0].name", equalTo("p"));
        // and the current version is accepted
        given().header("If-Match", "\"2\"").contentType(ContentType.JSON).body(Fixtures.pointBody("q")).post(points)
                .then().statusCode(201);
        given().get("/api/v1/integrations/" + integration).then().body("version", equalTo(3));
    }

    @Test
    void shouldRefuseStaleDeletesAndKeepTheResource() {
        // given
        String endpoint = Fixtures.postgresEndpoint();
        String connection = Fixtures.connection(endpoint, Fixtures.hubspotEndpoint());
        String integration = Fixtures.integration(connection);
        // when / then
        assertProblem(given().header("If-Match", "\"9\"").delete("/api/v1/integrations/" + integration).then(), 412,
                "config.version_mismatch", "If-Match");
        given().get("/api/v1/integrations/" + integration).then().statusCode(200);
        given().header("If-Match", "\"1\"").delete("/api/v1/integrations/" + integration).then().statusCode(204);
        assertProblem(given().header("If-Match", "\"2\"").delete("/api/v1/connections/" + connection).then(), 412,
                "config.version_mismatch", "If-Match");
        given().get("/api/v1/connections/" + connection).then().statusCode(200);
        given().header("If-Match", "\"1\"").delete("/api/v1/connections/" + connection).then().statusCode(204);
        assertProblem(given().header("If-Match", "\"5\"").delete("/api/v1/endpoints/" + endpoint).then(), 412,
                "config.version_mismatch", "If-Match");
        given().get("/api/v1/endpoints/" + endpoint).then().statusCode(200);
    }

    @Test
    void shouldRefuseAStaleEndpointChange() {
        // given
        String endpoint = Fixtures.postgresEndpoint();
        String name = given().get("/api/v1/endpoints/" + endpoint).then().extract().path("name");
        // when / then
        assertProblem(putIfMatch("/api/v1/endpoints/" + endpoint, "\"3\"", """
                {"name": "%s", "settings": {"jdbcUrl": "jdbc:postgresql://db:5432/crm", "username": "other"}}
                """.formatted(name)), 412, "config.version_mismatch", "If-Match");
        given().get("/api/v1/endpoints/" + endpoint).then().body("settings.username", equalTo("sync"))
                .body("version", equalTo(1));
    }

    @Test
    void shouldRefuseAStaleActivation() {
        // given
        String integration = Fixtures.integration(Fixtures.connection());
        Fixtures.addPoint(integration, "p");
        // when / then
        assertProblem(given().header("If-Match", "\"1\"").post("/api/v1/integrations/" + integration + "/activate")
                .then(), 412, "config.version_mismatch", "If-Match");
        given().get("/api/v1/integrations/" + integration).then().body("active", equalTo(false));
    }

    @ParameterizedTest
    @ValueSource(strings = { "1", "\"abc\"", "W/\"1\"", "\"1\", \"2\"", "\"-1\"", "\"99999999999999999999\"", "\"\"" })
    void shouldAnswerAMalformedIfMatchWith400AndChangeNothing(String ifMatch) {
        // given
        String connection = Fixtures.connection();
        String integration = Fixtures.integration(connection);
        // when / then
        assertProblem(putIfMatch("/api/v1/integrations/" + integration, ifMatch, integrationBody(connection)), 400,
                "crmsync.invalid_argument", "If-Match");
        given().get("/api/v1/integrations/" + integration).then().body("version", equalTo(1));
    }

    @Test
    void shouldTreatAStarAsAnyVersion() {
        // given
        String connection = Fixtures.connection();
        String integration = Fixtures.integration(connection);
        // when / then
        putIfMatch("/api/v1/integrations/" + integration, "*", integrationBody(connection)).statusCode(200);
    }
}
