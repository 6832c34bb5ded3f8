package io.crmsync.config.run;

import static io.crmsync.config.Fixtures.post;
import static io.crmsync.config.Fixtures.put;
import static io.crmsync.config.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.crmsync.config.Fixtures;
import io.quarkus.test.junit.QuarkusTest;

/** In the test profile nothing listens where scheduler and exception-service are expected. */
@QuarkusTest
class UnreachablePeersTest {

    @Test
    void shouldRefuseToRunAnInactiveIntegration() {
        // given
        String integration = Fixtures.integration(Fixtures.connection());
        Fixtures.addPoint(integration, "contacts");
        // when / then
        assertProblem(post("/api/v1/integrations/" + integration + "/runs", "{}"), 409, "config.integration_inactive",
                null);
    }

    @Test
    void shouldAnswer503WhenTheSchedulerIsUnreachable() {
        // given
        String integration = Fixtures.activeIntegration();
        // when / then
        assertProblem(post("/api/v1/integrations/" + integration + "/runs", "{\"mode\": \"full\"}"), 503,
                "crmsync.dependency_unavailable", null).body("detail", containsString("scheduler-service"));
        assertProblem(given().post("/api/v1/integrations/" + integration + "/runs").then(), 503,
                "crmsync.dependency_unavailable", null);
        assertProblem(given().get("/api/v1/runs/" + UUID.randomUUID()).then(), 503, "crmsync.dependency_unavailable",
                null);
        assertProblem(given().get("/api/v1/integrations/" + integration + "/runs").then(), 503,
                "crmsync.dependency_unavailable", null);
    }

    @Test
    void shouldCheckTheRequestBeforeCallingTheScheduler() {
        // given
        String integration = Fixtures.activeIntegration();
        // when / then
        assertProblem(post("/api/v1/integrations/" + integration + "/runs", "{\"mode\": \"sometimes\"}"), 400,
                "crmsync.invalid_argument", "mode");
        assertProblem(post("/api/v1/integrations/" + UUID.randomUUID() + "/runs", "{}"), 404,
                "config.integration_not_found", null);
        assertProblem(given().get("/api/v1/runs/not-a-run").then(), 400, "crmsync.invalid_argument", "runId");
    }

    @Test
    void shouldRefuseAWatermarkInTheFutureWithoutCallingTheScheduler() {
        // given
        String integration = Fixtures.activeIntegration();
        String watermarks = "/api/v1/integrations/" + integration + "/watermarks";
        // when / then: refused here, naming the field; a call to the scheduler would have answered 503
        assertProblem(put(watermarks, "{\"lastSuccessfulRunTime\": \"" + Instant.now().plus(Duration.ofMinutes(5))
                + "\"}"), 400, "crmsync.invalid_argument", "lastSuccessfulRunTime")
                .body("detail", containsString("must not be in the future"));
        // and: a time in the past is the scheduler's to set, and it is not there
        assertProblem(put(watermarks, "{\"lastSuccessfulRunTime\": \"" + Instant.now().minus(Duration.ofDays(1))
                + "\"}"), 503, "crmsync.dependency_unavailable", null);
    }

    @Test
    void shouldAnswer503WhenExceptionServiceIsUnreachable() {
        assertProblem(given().get("/api/v1/exceptions").then(), 503, "crmsync.dependency_unavailable", null);
        assertProblem(given().get("/api/v1/exceptions/" + UUID.randomUUID() + "/items").then(), 503,
                "crmsync.dependency_unavailable", null);
        assertProblem(given().queryParam("runId", "r1").get("/api/v1/exceptions").then(), 400,
                "crmsync.invalid_argument", "runId");
    }
}
