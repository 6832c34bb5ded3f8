package io.crmsync.config;

import static io.crmsync.config.Fixtures.post;
import static io.crmsync.config.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Every failure of the admin API, whatever its origin, is problem+json naming the field when there is one. */
@QuarkusTest
class ProblemMappingTest {

    @Test
    void shouldAnswer400ForMalformedJson() {
        assertProblem(post("/api/v1/endpoints", "{\"name\": \"x\", "), 400, "crmsync.invalid_argument", "body")
                .body("detail", containsString("not valid JSON"));
    }

    @Test
    void shouldNameAFieldOfTheWrongType() {
        assertProblem(post("/api/v1/endpoints", """
                {"name": "x", "type": "csv", "settings": ["a"]}
                """), 400, "crmsync.invalid_argument", "settings").body("detail", containsString("object"));
        assertProblem(post("/api/v1/endpoints", """
                {"name": {"first": "x"}, "type": "csv", "settings": {}}
                """), 400, "crmsync.invalid_argument", "name");
    }

    @Test
    void shouldListEveryViolationWhenThereAreSeveral() {
        assertProblem(post("/api/v1/connections", "{}"), 400, "crmsync.invalid_argument", "homeEndpointId")
                .body("errors", hasSize(3));
    }

    @Test
    void shouldAnswer400ForAMissingBody() {
        assertProblem(given().contentType(ContentType.JSON).post("/api/v1/endpoints").then(), 400,
                "crmsync.invalid_argument", "body");
    }

    @Test
    void shouldAnswerProblemsForUnknownPathsAndMediaTypes() {
        assertProblem(given().get("/api/v1/nothing-here").then(), 404, "crmsync.not_found", null);
        assertProblem(given().contentType(ContentType.XML).body("<a/>").post("/api/v1/endpoints").then(), 415,
                "crmsync.unsupported_media_type", null);
    }

    @Test
    void shouldPublishTheOpenApiDocument() {
        given().get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/v1/endpoints"))
                .body(containsString("/api/v1/integrations/{id}/points"))
                .body(not(containsString("java.lang")));
    }
}
