package io.crmsync.config;

import static io.crmsync.config.Fixtures.post;
import static io.crmsync.config.Fixtures.unique;
import static io.crmsync.config.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ConnectionResourceTest {

    @Test
    void shouldCreateListReadAndDeleteAConnection() {
        // given
        String home = Fixtures.postgresEndpoint();
        String remote = Fixtures.hubspotEndpoint();
        String name = unique("pg-hubspot");
        // when
        String id = post("/api/v1/connections", """
                {"name": "%s", "homeEndpointId": "%s", "remoteEndpointId": "%s"}
                """.formatted(name, home, remote)).statusCode(201)
                .header("Location", org.hamcrest.Matchers.containsString("/api/v1/connections/"))
                .extract().path("id");
        // then
        given().get("/api/v1/connections/" + id).then().statusCode(200)
                .body("name", equalTo(name))
                .body("homeEndpointId", equalTo(home))
                .body("remoteEndpointId", equalTo(remote))
                .body("version", equalTo(1));
        given().queryParam("pageSize", 500).get("/api/v1/connections").then().statusCode(200)
                .body("items.id", hasItem(id));
        // when
        given().delete("/api/v1/connections/" + id).then().statusCode(204);
        // then
        assertProblem(given().get("/api/v1/connections/" + id).then(), 404, "config.connection_not_found", null);
    }

    @Test
    void shouldNameTheEndpointFieldThatDoesNotExist() {
        // given
        String existing = Fixtures.postgresEndpoint();
        // when / then
        assertProblem(post("/api/v1/connections", """
                {"name": "%s", "homeEndpointId": "%s", "remoteEndpointId": "%s"}
                """.formatted(unique("c"), UUID.randomUUID(), existing)), 400, "crmsync.invalid_argument",
                "homeEndpointId");
        assertProblem(post("/api/v1/connections", """
                {"name": "%s", "homeEndpointId": "%s", "remoteEndpointId": "%s"}
                """.formatted(unique("c"), existing, UUID.randomUUID())), 400, "crmsync.invalid_argument",
                "remoteEndpointId");
    }

    @Test
    void shouldRefuseTheSameEndpointOnBothEnds() {
        // given
        String endpoint = Fixtures.postgresEndpoint();
        // when / then
        assertProblem(post("/api/v1/connections", """
                {"name": "%s", "homeEndpointId": "%s", "remoteEndpointId": "%s"}
                """.formatted(unique("c"), endpoint, endpoint)), 400, "crmsync.invalid_argument", "remoteEndpointId");
    }

    @Test
    void shouldNameMissingAndMalformedIds() {
        assertProblem(post("/api/v1/connections", """
                {"name": "%s", "remoteEndpointId": "%s"}
                """.formatted(unique("c"), UUID.randomUUID())), 400, "crmsync.invalid_argument", "homeEndpointId");
        assertProblem(post("/api/v1/connections", """
                {"name": "%s", "homeEndpointId": "nope", "remoteEndpointId": "%s"}
                """.formatted(unique("c"), UUID.randomUUID())), 400, "crmsync.invalid_argument", "homeEndpointId");
    }

    @Test
    void shouldRefuseADuplicateName() {
        // given
        String home = Fixtures.postgresEndpoint();
        String remote = Fixtures.hubspotEndpoint();
        String name = unique("dup");
        String body = """
                {"name": "%s", "homeEndpointId": "%s", "remoteEndpointId": "%s"}
                """.formatted(name, home, remote);
        post("/api/v1/connections", body).statusCode(201);
        // when / then
        assertProblem(post("/api/v1/connections", body), 409, "config.connection_name_taken", "name");
    }

    @Test
    void shouldRefuseToDeleteAConnectionAnIntegrationUses() {
        // given
        String connection = Fixtures.connection();
        Fixtures.integration(connection);
        // when / then
        assertProblem(given().delete("/api/v1/connections/" + connection).then(), 409, "config.connection_in_use",
                null);
    }
}
