package io.crmsync.config;

import static io.crmsync.config.Fixtures.post;
import static io.crmsync.config.Fixtures.put;
import static io.crmsync.config.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class PointResourceTest {

    @Test
    void shouldAddListReplaceAndRemovePointsBumpingTheVersion() {
        // given
        String integration = Fixtures.integration(Fixtures.connection());
        String path = "/api/v1/integrations/" + integration + "/points";
        // when
        String first = post(path, Fixtures.pointBody("contacts")).statusCode(201)
                .header("Location", org.hamcrest.Matchers.containsString(path + "/")).extract().path("id");
        String second = Fixtures.addPoint(integration, "accounts");
        // then
        given().get(path).then().statusCode(200).body("items.id", contains(first, second));
        version(integration, 3);

        // when
        put(path + "/" + first, Fixtures.pointBody("contacts-v2").replace("\"upsert\"", "\"update_only\""))
                .statusCode(200)
                .body("id", equalTo(first))
                .body("name", equalTo("contacts-v2"))
                .body("operation", equalTo("update_only"));
        // then
        given().get(path).then().body("items.name", contains("contacts-v2", "accounts"));
        version(integration, 4);

        // when
        given().delete(path + "/" + second).then().statusCode(204);
        // then
        given().get(path).then().body("items.id", contains(first));
        assertProblem(given().get(path + "/" + second).then(), 404, "config.point_not_found", null);
        version(integration, 5);
    }

    @Test
    void shouldRequireAMatchKeyExceptForInsertOnly() {
        // given
        String integration = Fixtures.integration(Fixtures.connection());
        String path = "/api/v1/integrations/" + integration + "/points";
        String withoutKey = Fixtures.pointBody("p").replace("\"matchKey\": [\"external_id\"], ", "");
        // when / then
        assertProblem(post(path, withoutKey), 400, "crmsync.invalid_argument", "matchKey");
        post(path, withoutKey.replace("\"upsert\"", "\"insert_only\"")).statusCode(201)
                .body("matchKey.size()", equalTo(0));
    }

    @Test
    void shouldRequireEveryMatchKeyFieldToBeFilledByARule() {
        // given
        String path = "/api/v1/integrations/" + Fixtures.integration(Fixtures.connection()) + "/points";
        // when / then
        assertProblem(post(path, Fixtures.pointBody("p").replace("[\"external_id\"]", "[\"external_id\", \"phone\"]")),
                400, "crmsync.invalid_argument", "matchKey[1]");
    }

    @Test
    void shouldRefuseTwoRulesFillingOneTargetField() {
        // given
        String path = "/api/v1/integrations/" + Fixtures.integration(Fixtures.connection()) + "/points";
        // when / then
        assertProblem(post(path, Fixtures.pointBody("p")
                .replace("\"targetField\": \"origin\"", "\"targetField\": \"email\"")), 400, "crmsync.invalid_argument", "fieldRules[3].targetField");
    }

    @Test
    void shouldRequireExactlyOneValueSourcePerRule() {
        // given
        String path = "/api/v1/integrations/" + Fixtures.integration(Fixtures.connection()) + "/points";
        // when / then
        assertProblem(post(path, Fixtures.pointBody("p").replace("\"constant\": \"crm\"", "\"note\": \"nothing\"")),
                400, "crmsync.invalid_argument", "fieldRules[3]");
        assertProblem(post(path, Fixtures.pointBody("p").replace("\"constant\": \"crm\"",
                "\"constant\": \"crm\", \"sourceField\": \"Origin\"")), 400, "crmsync.invalid_argument",
                "fieldRules[3]");
    }

    @Test
    void shouldRequireACursorFieldAndValidNames() {
        // given
        String path = "/api/v1/integrations/" + Fixtures.integration(Fixtures.connection()) + "/points";
        // when / then
        assertProblem(post(path, Fixtures.pointBody("p").replace("\"cursorField\": \"LastModifiedDate\",", "")),
                400, "crmsync.invalid_argument", "cursorField");
        assertProblem(post(path, Fixtures.pointBody("p").replace("\"public.contacts\"", "\"public.\\\"contacts\\\"\"")),
                400, "crmsync.invalid_argument", "targetObject");
        assertProblem(post(path, Fixtures.pointBody("p").replace("\"inbound\"", "\"sideways\"")),
                400, "crmsync.invalid_argument", "direction");
        assertProblem(post(path, Fixtures.pointBody("p").replace("\"upsert\"", "\"merge\"")),
                400, "crmsync.invalid_argument", "operation");
    }

    @Test
    void shouldRefuseADuplicatePointName() {
        // given
        String integration = Fixtures.integration(Fixtures.connection());
        Fixtures.addPoint(integration, "contacts");
        // when / then
        assertProblem(post("/api/v1/integrations/" + integration + "/points", Fixtures.pointBody("contacts")), 409,
                "config.point_name_taken", "name");
    }

    @Test
    void shouldKeepTheLastPointOfAnActiveIntegration() {
        // given
        String integration = Fixtures.integration(Fixtures.connection());
        String point = Fixtures.addPoint(integration, "only");
        given().post("/api/v1/integrations/" + integration + "/activate").then().statusCode(200);
        // when / then
        assertProblem(given().delete("/api/v1/integrations/" + integration + "/points/" + point).then(), 409,
                "config.integration_invalid", null);
    }

    @Test
    void shouldAnswer404ForAPointOfAnotherIntegration() {
        // given
        String a = Fixtures.integration(Fixtures.connection());
        String b = Fixtures.integration(Fixtures.connection());
        String pointOfA = Fixtures.addPoint(a, "contacts");
        // when / then
        assertProblem(given().get("/api/v1/integrations/" + b + "/points/" + pointOfA).then(), 404,
                "config.point_not_found", null);
        assertProblem(put("/api/v1/integrations/" + b + "/points/" + pointOfA, Fixtures.pointBody("x")), 404,
                "config.point_not_found", null);
        assertProblem(given().get("/api/v1/integrations/" + b + "/points/" + UUID.randomUUID()).then(), 404,
                "config.point_not_found", null);
        assertProblem(given().get("/api/v1/integrations/" + b + "/points/zzz").then(), 400, "crmsync.invalid_argument",
                "pointId");
    }

    private static void version(String integration, int expected) {
        given().get("/api/v1/integrations/" + integration).then().body("version", equalTo(expected));
    }
}
