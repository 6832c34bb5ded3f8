package io.crmsync.config.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import io.crmsync.config.WithoutDefaultToken;
import io.quarkus.test.junit.QuarkusTest;

/** Health, the OpenAPI document and Swagger UI need no token, and the document describes the one needed. */
@QuarkusTest
@WithoutDefaultToken
class PublicPathsTest {

    @Test
    void shouldServeHealthAndApiDocumentationWithoutAToken() {
        for (String path : new String[] { "/q/health/live", "/q/health/ready", "/q/openapi", "/q/swagger-ui/" }) {
            given().get(path).then().statusCode(200);
            // A token nobody configured changes nothing on a public path.
            given().header("Authorization", "Bearer not-a-configured-token-0123456789abcdef").get(path).then()
                    .statusCode(200);
        }
    }

    @Test
    void shouldDocumentTheBearerSchemeAndWhereItIsRequired() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("components.securitySchemes.bearer.type", equalTo("http"))
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
                .body("paths.'/api/v1/endpoints'.post.security.bearer", hasItem(notNullValue()))
                .body("paths.'/api/v1/runs/{runId}'.get.security.bearer", hasItem(notNullValue()));
    }
}
