package io.crmsync.config;

import static io.crmsync.config.Fixtures.post;
import static io.crmsync.config.Fixtures.put;
import static io.crmsync.config.Fixtures.unique;
import static io.crmsync.config.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class IntegrationResourceTest {

    @Test
    void shouldCreateAnInactiveIntegrationAtVersionOneWithDefaults() {
        // given
        String connection = Fixtures.connection();
        // when / then
        post("/api/v1/integrations", """
                {"name": "%s", "description": "contacts both ways", "connectionId": "%s"}
                """.formatted(unique("int"), connection)).statusCode(201)
                .body("active", equalTo(false))
                .body("version", equalTo(1))
                .body("allowNewRecords", equalTo(true))
                .body("updateExisting", equalTo(true))
                .body("failureThreshold", equalTo(10))
                .body("description", equalTo("contacts both ways"))
                .body("points.size()", equalTo(0));
    }

    @Test
    void shouldCreateWithPointsInOrderAndResolveTheirEndpoints() {
        // given
        String home = Fixtures.postgresEndpoint();
        String remote = Fixtures.hubspotEndpoint();
        String connection = Fixtures.connection(home, remote);
        String outbound = Fixtures.pointBody("push").replace("\"inbound\"", "\"outbound\"");
        // when
        String id = post("/api/v1/integrations", """
                {"name": "%s", "connectionId": "%s", "allowNewRecords": false, "failureThreshold": 3,
                 "points": [%s, %s]}
                """.formatted(unique("int"), connection, Fixtures.pointBody("pull"), outbound)).statusCode(201)
                .body("version", equalTo(1))
                .body("allowNewRecords", equalTo(false))
                .body("failureThreshold", equalTo(3))
                .extract().path("id");
        // then
        given().get("/api/v1/integrations/" + id).then().statusCode(200)
                .body("points.name", contains("pull", "push"))
                .body("points[0].sourceEndpointId", equalTo(remote))
                .body("points[0].targetEndpointId", equalTo(home))
                .body("points[1].sourceEndpointId", equalTo(home))
                .body("points[1].targetEndpointId", equalTo(remote))
                .body("points[0].operation", equalTo("upsert"))
                .body("points[0].matchKey", contains("external_id"))
                .body("points[0].fieldRules[2].sourceField", equalTo("Owner.Name"))
                .body("points[0].fieldRules[3].constant", equalTo("crm"))
                .body("points[0].fieldRules[3]", not(hasKey("sourceField")));
    }

    @Test
    void shouldNameANestedFieldWithABadIdentifier() {
        // given
        String connection = Fixtures.connection();
        String point = Fixtures.pointBody("p").replace("\"Owner.Name\"", "\"Owner Name; DROP TABLE x\"");
        // when / then
        assertProblem(post("/api/v1/integrations", """
                {"name": "%s", "connectionId": "%s", "points": [%s]}
                """.formatted(unique("int"), connection, point)), 400, "crmsync.invalid_argument",
                "points[0].fieldRules[2].sourceField");
    }

    @Test
    void shouldNameTheNestedPointOfACrossFieldError() {
        // given
        String connection = Fixtures.connection();
        String second = Fixtures.pointBody("second")
                .replace("\"matchKey\": [\"external_id\"]", "\"matchKey\": [\"nope\"]");
        // when / then
        assertProblem(post("/api/v1/integrations", """
                {"name": "%s", "connectionId": "%s", "points": [%s, %s]}
                """.formatted(unique("int"), connection, Fixtures.pointBody("first"), second)), 400,
                "crmsync.invalid_argument", "points[1].matchKey[0]");
    }

    @Test
    void shouldCheckTheThresholdRangeAndTheConnection() {
        // given
        String connection = Fixtures.connection();
        // when / then
        assertProblem(post("/api/v1/integrations", """
                {"name": "%s", "connectionId": "%s", "failureThreshold": 1001}
                """.formatted(unique("int"), connection)), 400, "crmsync.invalid_argument", "failureThreshold");
        assertProblem(post("/api/v1/integrations", """
                {"name": "%s", "connectionId": "%s", "failureThreshold": 0}
                """.formatted(unique("int"), connection)), 400, "crmsync.invalid_argument", "failureThreshold");
        assertProblem(post("/api/v1/integrations", """
                {"name": "%s", "connectionId": "%s"}
                """.formatted(unique("int"), UUID.randomUUID())), 400, "crmsync.invalid_argument", "connectionId");
        assertProblem(post("/api/v1/integrations", """
                {"name": "%s", "connectionId": "%s", "failureThreshold": "ten"}
                """.formatted(unique("int"), connection)), 400, "crmsync.invalid_argument", "failureThreshold")
                .body("detail", containsString("whole number"));
        assertProblem(post("/api/v1/integrations", """
                {"name": "%s", "connectionId": "%s", "failureThreshold": 99999999999}
                """.formatted(unique("int"), connection)), 400, "crmsync.invalid_argument", "failureThreshold");
    }

    @Test
    void shouldNameAMisspeltFieldInsteadOfIgnoringIt() {
        // given
        String connection = Fixtures.connection();
        // when / then
        assertProblem(post("/api/v1/integrations", """
                {"name": "%s", "connectionId": "%s", "allowNewRecord": false}
                """.formatted(unique("int"), connection)), 400, "crmsync.invalid_argument", "allowNewRecord")
                .body("detail", containsString("is not a known field"));
    }

    @Test
    void shouldRefuseADuplicateName() {
        // given
        String connection = Fixtures.connection();
        String body = """
                {"name": "%s", "connectionId": "%s"}
                """.formatted(unique("int"), connection);
        post("/api/v1/integrations", body).statusCode(201);
        // when / then
        assertProblem(post("/api/v1/integrations", body), 409, "config.integration_name_taken", "name");
    }

    @Test
    void shouldReplaceSettingsAndBumpTheVersion() {
        // given
        String id = Fixtures.integration(Fixtures.connection());
        String name = unique("renamed");
        // when / then
        put("/api/v1/integrations/" + id, """
                {"name": "%s", "connectionId": "%s", "updateExisting": false, "failureThreshold": 5}
                """.formatted(name, given().get("/api/v1/integrations/" + id).then().extract().path("connectionId")))
                .statusCode(200)
                .body("name", equalTo(name))
                .body("updateExisting", equalTo(false))
                .body("failureThreshold", equalTo(5))
                .body("version", equalTo(2));
    }

    @Test
    void shouldFilterTheListByConnection() {
        // given
        String connection = Fixtures.connection();
        String mine = Fixtures.integration(connection);
        String other = Fixtures.integration(Fixtures.connection());
        // when / then
        given().queryParam("connectionId", connection).get("/api/v1/integrations").then().statusCode(200)
                .body("items.id", contains(mine))
                .body("items[0]", not(hasKey("points")))
                .body("nextPageToken", equalTo(null));
        given().queryParam("pageSize", 500).get("/api/v1/integrations").then()
                .body("items.id", hasItem(other));
        assertProblem(given().queryParam("connectionId", "x").get("/api/v1/integrations").then(), 400,
                "crmsync.invalid_argument", "connectionId");
    }

    @Test
    void shouldRefuseToActivateAnIntegrationWithoutPoints() {
        // given
        String id = Fixtures.integration(Fixtures.connection());
        // when / then
        assertProblem(given().post("/api/v1/integrations/" + id + "/activate").then(), 409,
                "config.integration_invalid", null).body("detail", containsString("no integration point"));
        given().get("/api/v1/integrations/" + id).then().body("active", equalTo(false)).body("version", equalTo(1));
    }

    @Test
    void shouldActivateAndDeactivate() {
        // given
        String id = Fixtures.integration(Fixtures.connection());
        Fixtures.addPoint(id, "contacts");
        // when / then
        given().post("/api/v1/integrations/" + id + "/activate").then().statusCode(200)
                .body("active", equalTo(true)).body("version", equalTo(3));
        given().post("/api/v1/integrations/" + id + "/activate").then().statusCode(200)
                .body("active", equalTo(true)).body("version", equalTo(3));
        given().post("/api/v1/integrations/" + id + "/deactivate").then().statusCode(200)
                .body("active", equalTo(false)).body("version", equalTo(4));
    }

    @Test
    void shouldDeleteAnIntegrationWithItsPoints() {
        // given
        String id = Fixtures.integration(Fixtures.connection());
        String point = Fixtures.addPoint(id, "contacts");
        // when
        given().delete("/api/v1/integrations/" + id).then().statusCode(204);
        // then
        assertProblem(given().get("/api/v1/integrations/" + id).then(), 404, "config.integration_not_found", null);
        assertProblem(given().get("/api/v1/integrations/" + id + "/points/" + point).then(), 404,
                "config.integration_not_found", null);
    }

    @Test
    void shouldAnswer404ForUnknownIntegrations() {
        String unknown = UUID.randomUUID().toString();
        assertProblem(given().get("/api/v1/integrations/" + unknown).then(), 404, "config.integration_not_found", null);
        assertProblem(given().post("/api/v1/integrations/" + unknown + "/activate").then(), 404,
                "config.integration_not_found", null);
        assertProblem(given().delete("/api/v1/integrations/" + unknown).then(), 404, "config.integration_not_found",
                null);
        assertProblem(Fixtures.post("/api/v1/integrations/" + unknown + "/points", Fixtures.pointBody("p")), 404,
                "config.integration_not_found", null);
        given().queryParam("pageSize", 500).get("/api/v1/integrations").then()
                .body("items.id", everyItem(not(equalTo(unknown))));
    }
}
