package io.crmsync.config.peers;

import static io.crmsync.config.Fixtures.post;
import static io.crmsync.config.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.crmsync.config.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Validate and auto-map through a real gRPC channel to a stand-in worker that describes two objects. */
@QuarkusTest
@TestProfile(FakePeersProfile.class)
class MappingResourceTest {

    @Test
    void shouldFindNoProblemInAMappingThatFitsBothObjects() {
        // given
        String integration = Fixtures.integration(Fixtures.connection());
        Fixtures.addPoint(integration, "contacts");

        // when / then
        given().post("/api/v1/integrations/" + integration + "/validate").then().statusCode(200)
                .body("valid", equalTo(true)).body("problems", hasSize(0));
    }

    @Test
    void shouldListEveryProblemWithTheFieldItConcerns() {
        // given
        String integration = Fixtures.integration(Fixtures.connection());
        post("/api/v1/integrations/" + integration + "/points", """
                {"name": "bad", "direction": "inbound", "sourceObject": "Contact", "targetObject": "public.contacts",
                 "operation": "upsert", "matchKey": ["external_id"], "cursorField": "Email",
                 "fieldRules": [{"targetField": "external_id", "sourceField": "Id"},
                                {"targetField": "nickname", "sourceField": "Email"},
                                {"targetField": "email", "sourceField": "Mobile"},
                                {"targetField": "active_since", "sourceField": "IsActive"}]}
                """).statusCode(201);
        post("/api/v1/integrations/" + integration + "/points", """
                {"name": "ghost", "direction": "inbound", "sourceObject": "Lead", "targetObject": "public.contacts",
                 "operation": "insert_only", "cursorField": "LastModifiedDate",
                 "fieldRules": [{"targetField": "email", "sourceField": "Email"}]}
                """).statusCode(201);

        // when / then
        given().post("/api/v1/integrations/" + integration + "/validate").then().statusCode(200)
                .body("valid", equalTo(false))
                .body("problems.field", containsInAnyOrder("points[0].cursorField",
                        "points[0].fieldRules[1].targetField", "points[0].fieldRules[2].sourceField",
                        "points[0].fieldRules[3]", "points[1].sourceObject"))
                .body("problems.code", hasItem("mapping.type_mismatch"))
                .body("problems.code", hasItem("mapping.cursor_not_a_time"));
    }

    @Test
    void shouldSuggestPairsByName() {
        // given
        String integration = Fixtures.integration(Fixtures.connection());
        String point = post("/api/v1/integrations/" + integration + "/points", Fixtures.pointBody("contacts"))
                .statusCode(201).extract().path("id");

        // when / then
        given().post("/api/v1/integrations/" + integration + "/points/" + point + "/automap").then().statusCode(200)
                .body("suggestions.targetField", contains("email", "owner_name"))
                .body("suggestions[0].sourceField", equalTo("Email"))
                .body("suggestions[0].match", equalTo("case_insensitive"))
                .body("suggestions[1].sourceField", equalTo("Owner.Name"))
                .body("suggestions[1].match", equalTo("normalized"))
                .body("unmatchedTargetFields", contains("external_id", "origin", "active_since"));
    }

    @Test
    void shouldAnswer404ForAnUnknownPoint() {
        String integration = Fixtures.integration(Fixtures.connection());
        assertProblem(given().post("/api/v1/integrations/" + integration + "/points/" + UUID.randomUUID()
                + "/automap").then(), 404, "config.point_not_found", null);
    }
}
