package io.crmsync.config.auth;

import static io.crmsync.config.Problems.assertProblem;
import static io.crmsync.config.auth.Roles.CONNECTIONS_ADMIN;
import static io.crmsync.config.auth.Roles.INTEGRATIONS_ADMIN;
import static io.crmsync.config.auth.Roles.OPERATOR;
import static io.restassured.RestAssured.given;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.crmsync.config.TestTokens;
import io.crmsync.config.WithoutDefaultToken;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Walks every REST method of the application (found by reflection, see {@link RestEndpoint}) with no token, an
 * unknown token and a token of each single role, against the matrix below, which is written out here rather
 * than read from the annotations so that it checks them.
 */
@QuarkusTest
@WithoutDefaultToken
class AuthorizationMatrixTest {

    /** Every role may read everything. Each write belongs to the role named here. */
    private static final Map<String, Set<String>> WRITERS = Map.ofEntries(
            entry("POST /api/v1/endpoints", Set.of(CONNECTIONS_ADMIN)),
            entry("PUT /api/v1/endpoints/{id}", Set.of(CONNECTIONS_ADMIN)),
            entry("DELETE /api/v1/endpoints/{id}", Set.of(CONNECTIONS_ADMIN)),
            entry("POST /api/v1/endpoints/{id}/test", Set.of(CONNECTIONS_ADMIN)),
            entry("PUT /api/v1/endpoints/{id}/credential", Set.of(CONNECTIONS_ADMIN)),
            entry("DELETE /api/v1/endpoints/{id}/credential", Set.of(CONNECTIONS_ADMIN)),
            entry("POST /api/v1/connections", Set.of(CONNECTIONS_ADMIN)),
            entry("DELETE /api/v1/connections/{id}", Set.of(CONNECTIONS_ADMIN)),
            entry("POST /api/v1/integrations", Set.of(INTEGRATIONS_ADMIN)),
            entry("PUT /api/v1/integrations/{id}", Set.of(INTEGRATIONS_ADMIN)),
            entry("DELETE /api/v1/integrations/{id}", Set.of(INTEGRATIONS_ADMIN)),
            entry("POST /api/v1/integrations/{id}/points", Set.of(INTEGRATIONS_ADMIN)),
            entry("PUT /api/v1/integrations/{id}/points/{pointId}", Set.of(INTEGRATIONS_ADMIN)),
            entry("DELETE /api/v1/integrations/{id}/points/{pointId}", Set.of(INTEGRATIONS_ADMIN)),
            entry("POST /api/v1/integrations/{id}/activate", Set.of(OPERATOR)),
            entry("POST /api/v1/integrations/{id}/deactivate", Set.of(OPERATOR)),
            entry("POST /api/v1/integrations/{id}/runs", Set.of(OPERATOR)),
            entry("POST /api/v1/integrations/{id}/enable", Set.of(OPERATOR)),
            entry("POST /api/v1/runs/{runId}/cancel", Set.of(OPERATOR)),
            entry("POST /api/v1/exceptions/{messageId}/ignore", Set.of(OPERATOR)),
            entry("POST /api/v1/exceptions/{messageId}/reopen", Set.of(OPERATOR)),
            entry("POST /api/v1/exceptions/{messageId}/retry", Set.of(OPERATOR)),
            entry("PUT /api/v1/integrations/{id}/watermarks", Set.of(OPERATOR)),
            entry("POST /api/v1/connections/{id}/queues/{direction}/pause", Set.of(OPERATOR)),
            entry("POST /api/v1/connections/{id}/queues/{direction}/resume", Set.of(OPERATOR)),
            entry("POST /api/v1/integrations/{id}/duplicate", Set.of(INTEGRATIONS_ADMIN)),
            entry("PUT /api/v1/integrations/by-name/{name}", Set.of(INTEGRATIONS_ADMIN)),
            entry("POST /api/v1/connections/{id}/duplicate", Set.of(CONNECTIONS_ADMIN)),
            entry("POST /api/v1/lookups", Set.of(INTEGRATIONS_ADMIN)),
            entry("DELETE /api/v1/lookups/{id}", Set.of(INTEGRATIONS_ADMIN)),
            entry("PUT /api/v1/lookups/{id}/entries", Set.of(INTEGRATIONS_ADMIN)),
            // Declares endpoints and connections too: only a token holding both writer roles may import.
            entry("POST /api/v1/config/import", Set.of()),
            // Checks that write nothing: every role may run them.
            entry("POST /api/v1/integrations/{id}/validate", Roles.ALL),
            entry("POST /api/v1/integrations/{id}/points/{pointId}/automap", Roles.ALL),
            entry("POST /api/v1/integrations/{id}/points/{pointId}/preview", Roles.ALL));

    private final List<RestEndpoint> endpoints = RestEndpoint.all();

    @Test
    void shouldKnowTheRolesOfEveryEndpoint() {
        // when
        Set<String> writes = endpoints.stream().filter(e -> !e.httpMethod().equals("GET")).map(RestEndpoint::key)
                .collect(Collectors.toSet());

        // then: a new write endpoint fails here until its row is added to WRITERS
        assertThat(endpoints).extracting(RestEndpoint::javaMethod).contains("EndpointResource.create",
                "RunResource.get", "ExceptionResource.items", "IntegrationRunResource.triggerWithoutBody");
        assertThat(writes).containsExactlyInAnyOrderElementsOf(WRITERS.keySet());
    }

    @Test
    void shouldAnswer401WithABearerChallengeWithoutAToken() {
        for (RestEndpoint endpoint : endpoints) {
            // when
            Response response = send(given(), endpoint);

            // then
            assertProblem(response.then(), 401, "crmsync.unauthenticated", null)
                    .header("WWW-Authenticate", equalTo("Bearer"));
        }
    }

    @Test
    void shouldAnswer401ForATokenNobodyConfigured() {
        for (RestEndpoint endpoint : endpoints) {
            // when
            Response response = send(withToken(TestTokens.ALL_ROLES + "x"), endpoint);

            // then
            assertProblem(response.then(), 401, "crmsync.unauthenticated", null)
                    .header("WWW-Authenticate", startsWith("Bearer"));
        }
    }

    @Test
    void shouldLetEachRoleDoWhatTheMatrixAllowsAndNothingElse() {
        List<String> mismatches = new ArrayList<>();
        int requests = 0;
        for (RestEndpoint endpoint : endpoints) {
            Set<String> allowed = endpoint.httpMethod().equals("GET") ? Roles.ALL : WRITERS.get(endpoint.key());
            for (String role : Roles.ALL) {
                // when
                Response response = send(withToken(TestTokens.onlyRole(role)), endpoint);
                requests++;

                // then: allowed means past authorization (404 for the random ids, 400 for the empty bodies, 503
                // for the absent peers), refused means a 403 problem
                int status = response.statusCode();
                boolean expected = allowed.contains(role) ? status != 401 && status != 403 && status != 500
                        : status == 403 && response.contentType().startsWith("application/problem+json")
                                && "crmsync.permission_denied".equals(response.path("reason"));
                if (!expected) {
                    mismatches.add(endpoint.key() + " (" + endpoint.javaMethod() + ") as " + role + " answered "
                            + status + (allowed.contains(role) ? ", expected to be allowed" : ", expected 403"));
                }
            }
        }
        assertThat(requests).isEqualTo(endpoints.size() * Roles.ALL.size());
        assertThat(mismatches).isEmpty();
    }

    @Test
    void shouldLetATokenHoldingSeveralRolesDoWhatEachAllows() {
        // given: the all-roles token
        RestEndpoint createEndpoint = endpoints.stream().filter(e -> e.key().equals("POST /api/v1/endpoints"))
                .findFirst().orElseThrow();
        RestEndpoint trigger = endpoints.stream().filter(e -> e.javaMethod().equals("IntegrationRunResource.trigger"))
                .findFirst().orElseThrow();

        // when / then
        assertThat(send(withToken(TestTokens.ALL_ROLES), createEndpoint).statusCode()).isEqualTo(400);
        assertThat(send(withToken(TestTokens.ALL_ROLES), trigger).statusCode()).isEqualTo(404);
    }

    private static RequestSpecification withToken(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    /** Random ids: nothing is found, so nothing changes, whoever is allowed. */
    private static Response send(RequestSpecification request, RestEndpoint endpoint) {
        if (endpoint.bodyType() != null) {
            request.contentType(endpoint.bodyType())
                    .body(endpoint.bodyType().contains("json") ? "{}" : "source,target\n");
        }
        return request.request(endpoint.httpMethod(), endpoint.path(UUID.randomUUID().toString()));
    }
}
