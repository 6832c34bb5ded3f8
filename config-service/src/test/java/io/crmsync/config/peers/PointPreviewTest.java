package io.crmsync.config.peers;

import static io.crmsync.config.Fixtures.post;
import static io.crmsync.config.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.crmsync.common.error.ErrorCode;
import io.crmsync.common.error.GrpcErrors;
import io.crmsync.config.Fixtures;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Preview through a real gRPC channel to a stand-in worker: the REST shape and how worker failures map. */
@QuarkusTest
@TestProfile(FakePeersProfile.class)
class PointPreviewTest {

    @AfterEach
    void forgetFailures() {
        FakeTransferWorker.PREVIEW_FAILURES.clear();
    }

    @Test
    void shouldAnswerEachRecordAsJsonObjectsWithItsProblems() {
        // given
        String integration = Fixtures.integration(Fixtures.connection());
        String point = point(integration);

        // when / then
        given().post(previewPath(integration, point)).then().statusCode(200)
                .body("records", hasSize(2))
                .body("records[0].source.Id", equalTo("0031"))
                .body("records[0].source.Email", nullValue())
                .body("records[0].source.limit", equalTo(10))
                .body("records[0].target.external_id", equalTo("0031"))
                .body("records[0].target.origin", equalTo("crm"))
                .body("records[0].problems", hasSize(0))
                .body("records[1].problems", contains("match key field 'external_id' is empty"));
    }

    @Test
    void shouldPassTheLimitOn() {
        // given
        String integration = Fixtures.integration(Fixtures.connection());
        String point = point(integration);

        // when / then
        given().queryParam("limit", 1).post(previewPath(integration, point)).then().statusCode(200)
                .body("records", hasSize(1)).body("records[0].source.limit", equalTo(1));
    }

    @Test
    void shouldRefuseALimitOutsideOneToOneHundred() {
        String integration = Fixtures.integration(Fixtures.connection());
        String point = point(integration);
        for (String limit : new String[] { "0", "101", "ten" }) {
            assertProblem(given().queryParam("limit", limit).post(previewPath(integration, point)).then(), 400,
                    "crmsync.invalid_argument", "limit");
        }
    }

    @Test
    void shouldAnswer409WithTheWorkersMessageWhenThePointCannotRun() {
        // given
        String integration = Fixtures.integration(Fixtures.connection());
        String point = point(integration);
        FakeTransferWorker.PREVIEW_FAILURES.put(point, GrpcErrors.toStatus(
                ErrorCode.failedPrecondition("transfer.configuration_invalid"),
                "target field 'nickname' does not exist in target object 'public.contacts' on endpoint 'dwh'"));

        // when / then
        assertProblem(given().post(previewPath(integration, point)).then(), 409, "transfer.configuration_invalid",
                null).body("detail", equalTo(
                        "target field 'nickname' does not exist in target object 'public.contacts' on endpoint 'dwh'"));
    }

    @Test
    void shouldAnswer404WhenTheWorkerFindsNoSuchPoint() {
        // given: deleted between this service's check and the worker's load
        String integration = Fixtures.integration(Fixtures.connection());
        String point = point(integration);
        FakeTransferWorker.PREVIEW_FAILURES.put(point,
                GrpcErrors.toStatus(ErrorCode.notFound("config.point_not_found"), "gone"));

        // when / then
        assertProblem(given().post(previewPath(integration, point)).then(), 404, "config.point_not_found", null);
    }

    @Test
    void shouldAnswer503WhenNoWorkerAnswers() {
        // given
        String integration = Fixtures.integration(Fixtures.connection());
        String point = point(integration);
        FakeTransferWorker.PREVIEW_FAILURES.put(point, Status.UNAVAILABLE.asRuntimeException());

        // when / then
        assertProblem(given().post(previewPath(integration, point)).then(), 503, "crmsync.dependency_unavailable",
                null);
    }

    @Test
    void shouldAnswer404ForAPointNotInTheIntegration() {
        String integration = Fixtures.integration(Fixtures.connection());
        assertProblem(given().post(previewPath(integration, UUID.randomUUID().toString())).then(), 404,
                "config.point_not_found", null);
    }

    private static String point(String integration) {
        return post("/api/v1/integrations/" + integration + "/points", Fixtures.pointBody("contacts"))
                .statusCode(201).extract().path("id");
    }

    private static String previewPath(String integration, String point) {
        return "/api/v1/integrations/" + integration + "/points/" + point + "/preview";
    }
}
