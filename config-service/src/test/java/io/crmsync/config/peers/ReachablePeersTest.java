package io.crmsync.config.peers;

import static io.crmsync.config.Fixtures.post;
import static io.crmsync.config.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.crmsync.config.Fixtures;
import io.crmsync.proto.scheduler.v1.RunMode;
import io.crmsync.proto.scheduler.v1.RunTrigger;
import io.crmsync.proto.scheduler.v1.TriggerRunRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/** Runs and connection tests against fake peers on real gRPC channels. */
@QuarkusTest
@TestProfile(FakePeersProfile.class)
class ReachablePeersTest {

    @Test
    void shouldTriggerAManualIncrementalRunOfTheCurrentVersionWithPointsInOrder() {
        // given
        String integration = Fixtures.activeIntegration();
        List<String> pointIds = given().get("/api/v1/integrations/" + integration).then().extract().path("points.id");
        int version = given().get("/api/v1/integrations/" + integration).then().extract().path("version");
        // when
        ExtractableResponse<Response> accepted = given().post("/api/v1/integrations/" + integration + "/runs").then()
                .statusCode(202)
                .body("trigger", equalTo("manual"))
                .body("mode", equalTo("incremental"))
                .body("state", equalTo("PENDING"))
                .body("tasks", hasSize(2))
                .extract();
        // then
        String runId = accepted.path("id");
        assertThat(accepted.header("Location")).endsWith("/api/v1/runs/" + runId);
        TriggerRunRequest sent = lastTriggerOf(integration);
        assertThat(sent.getIntegrationVersion()).isEqualTo(version);
        assertThat(sent.getIntegrationPointIdsList()).containsExactlyElementsOf(pointIds);
        assertThat(sent.getMode()).isEqualTo(RunMode.RUN_MODE_INCREMENTAL);
        assertThat(sent.getTrigger()).isEqualTo(RunTrigger.RUN_TRIGGER_MANUAL);
        assertThat(sent.getIdempotencyKey()).isEmpty();
    }

    @Test
    void shouldTriggerAnApiRunWhenGivenAnIdempotencyKey() {
        // given
        String integration = Fixtures.activeIntegration();
        // when
        post("/api/v1/integrations/" + integration + "/runs", """
                {"mode": "full", "idempotencyKey": "nightly-2026-11-21"}
                """).statusCode(202).body("trigger", equalTo("api")).body("mode", equalTo("full"));
        // then
        TriggerRunRequest sent = lastTriggerOf(integration);
        assertThat(sent.getTrigger()).isEqualTo(RunTrigger.RUN_TRIGGER_API);
        assertThat(sent.getMode()).isEqualTo(RunMode.RUN_MODE_FULL);
        assertThat(sent.getIdempotencyKey()).isEqualTo("nightly-2026-11-21");
    }

    @Test
    void shouldAskTheSchedulerForARebuild() {
        // given
        String integration = Fixtures.activeIntegration();
        // when
        post("/api/v1/integrations/" + integration + "/runs", "{\"mode\": \"rebuild\"}").statusCode(202)
                .body("mode", equalTo("rebuild"));
        // then
        assertThat(lastTriggerOf(integration).getMode()).isEqualTo(RunMode.RUN_MODE_REBUILD);
    }

    @Test
    void shouldKeepTheSchedulersReason() {
        // given
        String integration = Fixtures.activeIntegration();
        // when / then
        assertProblem(post("/api/v1/integrations/" + integration + "/runs", """
                {"idempotencyKey": "%s"}
                """.formatted(FakeScheduler.BUSY_KEY)), 409, "scheduler.run_in_progress", null)
                .body("detail", containsString("in progress"));
    }

    @Test
    void shouldShowARunWithItsTasksAndCounts() {
        // given
        String integration = Fixtures.activeIntegration();
        String runId = given().post("/api/v1/integrations/" + integration + "/runs").then().extract().path("id");
        // when / then
        given().get("/api/v1/runs/" + runId).then().statusCode(200)
                .body("id", equalTo(runId))
                .body("integrationId", equalTo(integration))
                .body("state", equalTo("PARTIAL"))
                .body("counts.read", equalTo(10))
                .body("counts.rejected", equalTo(1))
                .body("counts.skipped", equalTo(0))
                .body("taskCount", equalTo(2))
                .body("tasksFinished", equalTo(2))
                .body("errorMessage", equalTo("1 of 2 tasks failed"))
                .body("windowEnd", equalTo("2027-01-15T08:01:00Z"))
                .body("startTime", equalTo("2027-01-15T08:00:00Z"))
                .body("tasks[0].state", equalTo("SUCCEEDED"))
                .body("tasks[0].workerId", equalTo("worker-0"))
                .body("tasks[0].epoch", equalTo(1))
                .body("tasks[0].errorMessage", nullValue())
                .body("tasks[1].state", equalTo("FAILED"))
                .body("tasks[1].errorMessage", equalTo("source unreachable"));
    }

    @Test
    void shouldAnswer404ForARunTheSchedulerDoesNotKnow() {
        assertProblem(given().get("/api/v1/runs/" + UUID.randomUUID()).then(), 404, "scheduler.run_not_found", null);
    }

    @Test
    void shouldListRunsPassingPagingThrough() {
        // given
        String integration = Fixtures.activeIntegration();
        given().post("/api/v1/integrations/" + integration + "/runs").then().statusCode(202);
        // when / then
        given().queryParam("pageSize", 7).get("/api/v1/integrations/" + integration + "/runs").then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0]", not(hasKey("tasks")))
                .body("nextPageToken", equalTo("p2"));
        given().queryParam("pageToken", "p2").get("/api/v1/integrations/" + integration + "/runs").then()
                .body("items", hasSize(0))
                .body("nextPageToken", nullValue());
        assertThat(FakeScheduler.LISTS).anySatisfy(r -> {
            assertThat(r.getIntegrationId()).isEqualTo(integration);
            assertThat(r.getPageSize()).isEqualTo(7);
        });
        assertProblem(given().get("/api/v1/integrations/" + UUID.randomUUID() + "/runs").then(), 404,
                "config.integration_not_found", null);
    }

    @Test
    void shouldReportTheWorkersConnectionTest() {
        // given
        String endpoint = Fixtures.postgresEndpoint();
        // when / then
        given().post("/api/v1/endpoints/" + endpoint + "/test").then().statusCode(200)
                .body("ok", equalTo(true))
                .body("message", containsString(endpoint));
    }

    @Test
    void shouldStartARunWhenActivatingAnIntegrationThatSyncsImmediately() {
        // given
        String connection = Fixtures.connection();
        String integration = Fixtures.create("/api/v1/integrations", """
                {"name": "%s", "connectionId": "%s", "syncImmediately": true}
                """.formatted(Fixtures.unique("int"), connection));
        Fixtures.addPoint(integration, "contacts");
        // when
        String runId = given().post("/api/v1/integrations/" + integration + "/activate").then().statusCode(200)
                .body("active", equalTo(true))
                .body("immediateRun.status", equalTo("STARTED"))
                .extract().path("immediateRun.runId");
        // then
        TriggerRunRequest sent = lastTriggerOf(integration);
        assertThat(runId).isNotBlank();
        assertThat(sent.getIntegrationVersion()).isEqualTo(3);
        assertThat(sent.getMode()).isEqualTo(RunMode.RUN_MODE_INCREMENTAL);
    }

    @Test
    void shouldStartNoRunWhenSyncImmediatelyIsOff() {
        // given
        String integration = Fixtures.integration(Fixtures.connection());
        Fixtures.addPoint(integration, "contacts");
        // when
        given().post("/api/v1/integrations/" + integration + "/activate").then().statusCode(200)
                .body("$", not(hasKey("immediateRun")));
        // then
        assertThat(FakeScheduler.TRIGGERS).noneMatch(t -> t.getIntegrationId().equals(integration));
    }

    private static TriggerRunRequest lastTriggerOf(String integration) {
        return FakeScheduler.TRIGGERS.stream().filter(t -> t.getIntegrationId().equals(integration))
                .reduce((first, second) -> second).orElseThrow();
    }
}
