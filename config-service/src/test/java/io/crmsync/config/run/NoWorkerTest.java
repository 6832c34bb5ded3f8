package io.crmsync.config.run;

import static io.crmsync.config.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.crmsync.config.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** No transfer worker listens: what needs one answers 503 and changes nothing. */
@QuarkusTest
@TestProfile(NoWorkerTest.NoWorker.class)
class NoWorkerTest {

    public static class NoWorker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.grpc.clients.transfer.test-port", "19182");
        }
    }

    @Test
    void shouldAnswer503WhenNoWorkerCanTestAConnection() {
        // given
        String endpoint = Fixtures.postgresEndpoint();
        // when / then
        assertProblem(given().post("/api/v1/endpoints/" + endpoint + "/test").then(), 503,
                "crmsync.dependency_unavailable", null).body("detail", containsString("transfer-worker"));
        assertProblem(given().post("/api/v1/endpoints/" + UUID.randomUUID() + "/test").then(), 404,
                "config.endpoint_not_found", null);
    }

    @Test
    void shouldRefuseToActivateWhenNoWorkerCanValidateTheMapping() {
        // given
        String integration = Fixtures.integration(Fixtures.connection());
        Fixtures.addPoint(integration, "contacts");
        // when / then: without the objects' descriptions the mapping cannot be checked, so nothing is activated
        assertProblem(given().post("/api/v1/integrations/" + integration + "/activate").then(), 503,
                "crmsync.dependency_unavailable", null).body("detail", containsString("transfer worker"));
        given().get("/api/v1/integrations/" + integration).then().statusCode(200)
                .body("active", org.hamcrest.Matchers.equalTo(false));
    }
}
