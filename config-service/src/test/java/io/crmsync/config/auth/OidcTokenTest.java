package io.crmsync.config.auth;

import static io.crmsync.config.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;

import java.util.Set;

import org.junit.jupiter.api.Test;

import io.crmsync.config.Fixtures;
import io.crmsync.config.TestTokens;
import io.crmsync.config.WithoutDefaultToken;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** With OIDC on, tokens of the configured issuer grant the crmsync roles in their groups; static tokens still work. */
@QuarkusTest
@TestProfile(OidcTestIssuer.Profile.class)
@WithoutDefaultToken
class OidcTokenTest {

    private static final String ENDPOINT = """
            {"name": "%s", "type": "hubspot", "settings": {"portalId": "4711"}}
            """;

    @Test
    void shouldAcceptATokenOfTheIssuerForTheRolesInItsGroups() {
        // given
        String viewer = OidcTestIssuer.token(Set.of(Roles.VIEWER));
        String admin = OidcTestIssuer.token(Set.of(Roles.CONNECTIONS_ADMIN, "some-other-group"));

        // when / then
        get(viewer, "/api/v1/endpoints").statusCode(200);
        createEndpoint(admin).statusCode(201);
    }

    @Test
    void shouldMapAProviderGroupToACrmsyncRole() {
        // given: the profile maps the provider's group "crm-ops" to operator
        String ops = OidcTestIssuer.token(Set.of("crm-ops"));

        // when / then: past authorization, the random integration is not found
        given().header("Authorization", "Bearer " + ops)
                .post("/api/v1/integrations/{id}/activate", "6f1c1a0e-2d4b-4c51-9a55-0c3b1e0f5a11").then()
                .statusCode(404);
        assertProblem(createEndpoint(ops), 403, "crmsync.permission_denied", null);
    }

    @Test
    void shouldRefuseAWriteItsGroupsDoNotAllow() {
        // given
        String viewer = OidcTestIssuer.token(Set.of(Roles.VIEWER));

        // when / then
        assertProblem(createEndpoint(viewer), 403, "crmsync.permission_denied", null);
    }

    @Test
    void shouldRefuseATokenWithoutACrmsyncGroup() {
        assertProblem(get(OidcTestIssuer.token(Set.of()), "/api/v1/endpoints"), 403, "crmsync.permission_denied",
                null);
        assertProblem(get(OidcTestIssuer.token(Set.of("sales")), "/api/v1/endpoints"), 403,
                "crmsync.permission_denied", null);
    }

    @Test
    void shouldRefuseATokenSignedByAnotherKey() {
        assertUnauthenticated(get(OidcTestIssuer.tokenSignedByAnotherKey(Set.of(Roles.VIEWER)), "/api/v1/endpoints"));
    }

    @Test
    void shouldRefuseAnExpiredToken() {
        assertUnauthenticated(get(OidcTestIssuer.expiredToken(Set.of(Roles.VIEWER)), "/api/v1/endpoints"));
    }

    @Test
    void shouldRefuseATokenOfAnotherIssuer() {
        assertUnauthenticated(get(OidcTestIssuer.tokenOfAnotherIssuer(Set.of(Roles.VIEWER)), "/api/v1/endpoints"));
    }

    @Test
    void shouldStillAcceptStaticTokensAndRefuseUnknownOnes() {
        get(TestTokens.ALL_ROLES, "/api/v1/endpoints").statusCode(200);
        createEndpoint(TestTokens.onlyRole(Roles.CONNECTIONS_ADMIN)).statusCode(201);
        assertProblem(createEndpoint(TestTokens.onlyRole(Roles.VIEWER)), 403, "crmsync.permission_denied", null);
        assertUnauthenticated(get("not-a-configured-token-0123456789abcdef", "/api/v1/endpoints"));
        assertProblem(given().get("/api/v1/endpoints").then(), 401, "crmsync.unauthenticated", null);
    }

    private static ValidatableResponse get(String token, String path) {
        return given().header("Authorization", "Bearer " + token).get(path).then();
    }

    private static ValidatableResponse createEndpoint(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body(ENDPOINT.formatted(Fixtures.unique("oidc"))).post("/api/v1/endpoints").then();
    }

    private static void assertUnauthenticated(ValidatableResponse response) {
        assertProblem(response, 401, "crmsync.unauthenticated", null).header("WWW-Authenticate", startsWith("Bearer"));
    }
}
