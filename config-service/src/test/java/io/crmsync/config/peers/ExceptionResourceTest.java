package io.crmsync.config.peers;

import static io.crmsync.config.Fixtures.post;
import static io.crmsync.config.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.io.StringReader;
import java.util.List;
import java.util.UUID;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.config.Fixtures;
import io.crmsync.config.TestTokens;
import io.crmsync.config.auth.Roles;
import io.crmsync.proto.exception.v1.ExceptionKind;
import io.crmsync.proto.exception.v1.ExceptionMessage;
import io.crmsync.proto.exception.v1.ExceptionState;
import io.crmsync.proto.exception.v1.ListExceptionItemsRequest;
import io.crmsync.proto.exception.v1.ListExceptionMessagesRequest;
import io.crmsync.proto.exception.v1.MarkRetryingRequest;
import io.crmsync.proto.exception.v1.PrepareRetryResponse;
import io.crmsync.proto.exception.v1.RetryPoint;
import io.crmsync.proto.exception.v1.SetExceptionStateRequest;
import io.crmsync.proto.scheduler.v1.RecordKey;
import io.crmsync.proto.scheduler.v1.RunTrigger;
import io.crmsync.proto.scheduler.v1.TriggerRunRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The exceptions REST API against a fake exception-service and scheduler on real gRPC channels: what it asks of
 * them, how it answers, and who may act.
 */
@QuarkusTest
@TestProfile(FakePeersProfile.class)
class ExceptionResourceTest {

    @BeforeEach
    void reset() {
        FakeExceptionLog.REQUESTS.clear();
        FakeExceptionLog.PREPARED.set(null);
    }

    @Test
    void shouldPassEveryMessageFilterAndAnswerCamelCaseFields() {
        // given
        String integration = UUID.randomUUID().toString();
        String point = UUID.randomUUID().toString();
        // when
        given().queryParam("integrationId", integration).queryParam("integrationPointId", point)
                .queryParam("state", "open,retrying").queryParam("state", "IGNORED").queryParam("code", "23505")
                .queryParam("kind", "record_rejects").queryParam("since", "2026-11-01T00:00:00Z")
                .queryParam("until", "2026-11-02T00:00:00Z")
                .get("/api/v1/exceptions").then().statusCode(200)
                .body("items[0].id", equalTo(FakeExceptionLog.MESSAGE_ID))
                .body("items[0].integrationId", equalTo(integration))
                .body("items[0].runId", nullValue())
                .body("items[0].kind", equalTo("record_rejects"))
                .body("items[0].side", equalTo("target"))
                .body("items[0].state", equalTo("OPEN"))
                .body("items[0].occurrenceCount", equalTo(3))
                .body("items[0].openItemCount", equalTo(1))
                .body("items[0].firstSeenTime", equalTo("2027-01-15T08:00:00Z"))
                .body("nextPageToken", nullValue());
        // then
        ListExceptionMessagesRequest sent = FakeExceptionLog.requests(ListExceptionMessagesRequest.class).get(0);
        assertThat(sent.getIntegrationPointId()).isEqualTo(point);
        assertThat(sent.getStatesList()).containsExactly(ExceptionState.EXCEPTION_STATE_OPEN,
                ExceptionState.EXCEPTION_STATE_RETRYING, ExceptionState.EXCEPTION_STATE_IGNORED);
        assertThat(sent.getCode()).isEqualTo("23505");
        assertThat(sent.getKind()).isEqualTo(ExceptionKind.EXCEPTION_KIND_RECORD_REJECTS);
        assertThat(sent.getSeenAfter().getSeconds()).isEqualTo(1_793_491_200L);
        assertThat(sent.getSeenBefore().getSeconds()).isEqualTo(1_793_577_600L);
    }

    @Test
    void shouldRefuseBadFiltersNamingTheParameter() {
        assertProblem(given().queryParam("state", "DONE").get("/api/v1/exceptions").then(), 400,
                "crmsync.invalid_argument", "state");
        assertProblem(given().queryParam("kind", "oops").get("/api/v1/exceptions").then(), 400,
                "crmsync.invalid_argument", "kind");
        assertProblem(given().queryParam("since", "yesterday").get("/api/v1/exceptions").then(), 400,
                "crmsync.invalid_argument", "since");
        assertProblem(given().queryParam("runId", "r1").get("/api/v1/exceptions").then(), 400,
                "crmsync.invalid_argument", "runId");
        // Items across messages need something to narrow them.
        assertProblem(given().get("/api/v1/exception-items").then(), 400, "crmsync.invalid_argument", "integrationId");
        assertThat(FakeExceptionLog.REQUESTS).isEmpty();
    }

    @Test
    void shouldListItemsOfAMessageWithPayloadObjectsAndAnswer404ForAnUnknownOne() {
        given().queryParam("state", "OPEN").get("/api/v1/exceptions/" + FakeExceptionLog.MESSAGE_ID + "/items")
                .then().statusCode(200)
                .body("items[0].recordKey", equalTo("external_id=0031"))
                .body("items[0].keyValues[0]", equalTo("0031"))
                .body("items[0].operation", equalTo("upsert"))
                .body("items[0].attemptCount", equalTo(2))
                .body("items[0].payload.Email", equalTo("a@example.com"))
                .body("items[0].payload.Age", equalTo(42))
                .body("nextPageToken", equalTo("p2"));
        assertThat(FakeExceptionLog.requests(ListExceptionItemsRequest.class).get(0).getStatesList())
                .containsExactly(ExceptionState.EXCEPTION_STATE_OPEN);
        assertProblem(given().get("/api/v1/exceptions/" + UUID.randomUUID() + "/items").then(), 404,
                "exception.message_not_found", null);
        assertProblem(given().get("/api/v1/exceptions/" + UUID.randomUUID()).then(), 404,
                "exception.message_not_found", null);
    }

    @Test
    void shouldListTheItemsARunRejectedAndShowOneItem() {
        // given
        String run = UUID.randomUUID().toString();
        // when
        given().queryParam("runId", run).get("/api/v1/exception-items").then().statusCode(200)
                .body("items.size()", equalTo(FakeExceptionLog.PAGE_ITEMS));
        String item = UUID.randomUUID().toString();
        given().get("/api/v1/exception-items/" + item).then().statusCode(200)
                .body("id", equalTo(item)).body("lastRunId", equalTo("r-2"));
        // then
        assertThat(FakeExceptionLog.requests(ListExceptionItemsRequest.class).get(0).getRunId()).isEqualTo(run);
    }

    @Test
    void shouldExportEveryPageOfItemsAsCsv() throws Exception {
        // when
        io.restassured.response.Response response = given()
                .get("/api/v1/exceptions/" + FakeExceptionLog.MESSAGE_ID + "/items.csv");
        // then
        response.then().statusCode(200).contentType("text/csv")
                .header("Content-Disposition", equalTo("attachment; filename=\"exception-"
                        + FakeExceptionLog.MESSAGE_ID + "-items.csv\""));
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(response.asString())).getRecords();
        assertThat(rows).hasSize(2 * FakeExceptionLog.PAGE_ITEMS);
        assertThat(rows.get(5).get("item_id")).isEqualTo("item-6");
        assertThat(rows.get(0).get("message")).isEqualTo("new row violates check constraint \"email_ok\", \"quoted\"");
        assertThat(rows.get(0).get("payload")).isEqualTo("{\"Email\": \"a@example.com\", \"Age\": 42}");
        assertThat(rows.get(0).get("state")).isEqualTo("OPEN");
        assertThat(FakeExceptionLog.requests(ListExceptionItemsRequest.class)).extracting(r -> r.getPageToken())
                .containsExactly("", "p2");
    }

    @Test
    void shouldIgnoreAndReopenAMessageOrChosenItems() {
        // given
        String item = UUID.randomUUID().toString();
        // when
        given().post("/api/v1/exceptions/" + FakeExceptionLog.MESSAGE_ID + "/ignore").then().statusCode(200)
                .body("message.state", equalTo("IGNORED")).body("changedItems", equalTo(1));
        post("/api/v1/exceptions/" + FakeExceptionLog.MESSAGE_ID + "/reopen", """
                {"itemIds": ["%s"]}""".formatted(item)).statusCode(200).body("message.state", equalTo("OPEN"));
        // then
        List<SetExceptionStateRequest> sent = FakeExceptionLog.requests(SetExceptionStateRequest.class);
        assertThat(sent.get(0).getState()).isEqualTo(ExceptionState.EXCEPTION_STATE_IGNORED);
        assertThat(sent.get(0).getItemIdsList()).isEmpty();
        assertThat(sent.get(1).getState()).isEqualTo(ExceptionState.EXCEPTION_STATE_OPEN);
        assertThat(sent.get(1).getItemIdsList()).containsExactly(item);
        assertProblem(post("/api/v1/exceptions/" + FakeExceptionLog.MESSAGE_ID + "/ignore", """
                {"itemIds": ["not-an-id"]}"""), 400, "crmsync.invalid_argument", "itemIds[0]");
    }

    @Test
    void shouldRetryRejectedRecordsAsARetryRunThatReadsThemByKey() {
        // given: an active integration whose first point has two items to retry
        String integration = Fixtures.activeIntegration();
        List<String> points = given().get("/api/v1/integrations/" + integration).then().extract().path("points.id");
        ExceptionMessage message = FakeExceptionLog.message(integration).toBuilder().setRetryCount(1).build();
        FakeExceptionLog.PREPARED.set(PrepareRetryResponse.newBuilder().setMessage(message)
                .addPoints(RetryPoint.newBuilder().setIntegrationPointId(points.get(0)).addItemIds("b").addItemIds("a")
                        .addKeys(RecordKey.newBuilder().addValues("0031"))
                        .addKeys(RecordKey.newBuilder().addValues("0032")))
                .build());
        // when
        String runId = given().post("/api/v1/exceptions/" + FakeExceptionLog.MESSAGE_ID + "/retry").then()
                .statusCode(202)
                .body("message.state", equalTo("RETRYING"))
                .body("run.trigger", equalTo("retry"))
                .extract().path("run.id");
        // then: only that point runs, reading the two keys; the message is marked with the run
        TriggerRunRequest sent = FakeScheduler.TRIGGERS.stream().filter(t -> t.getIntegrationId().equals(integration))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(sent.getTrigger()).isEqualTo(RunTrigger.RUN_TRIGGER_RETRY);
        assertThat(sent.getIntegrationPointIdsList()).containsExactly(points.get(0));
        assertThat(sent.getDirectionsCount()).isEqualTo(1);
        assertThat(sent.getRetryRecords(0).getIntegrationPointId()).isEqualTo(points.get(0));
        assertThat(sent.getRetryRecords(0).getKeysList()).extracting(k -> k.getValues(0))
                .containsExactly("0031", "0032");
        assertThat(sent.getIdempotencyKey()).startsWith("retry:" + FakeExceptionLog.MESSAGE_ID + ":1:");
        MarkRetryingRequest marked = FakeExceptionLog.requests(MarkRetryingRequest.class).get(0);
        assertThat(marked.getRunId()).isEqualTo(runId);
        assertThat(marked.getMessageId()).isEqualTo(FakeExceptionLog.MESSAGE_ID);
        assertThat(marked.getItemIdsList()).containsExactly("b", "a");
    }

    @Test
    void shouldAnswer409NamingAPointDeletedSinceItsRecordsWereRejected() {
        // given
        String integration = Fixtures.activeIntegration();
        String gone = UUID.randomUUID().toString();
        FakeExceptionLog.PREPARED.set(PrepareRetryResponse.newBuilder().setMessage(FakeExceptionLog.message(integration))
                .addPoints(RetryPoint.newBuilder().setIntegrationPointId(gone).addItemIds("a")
                        .addKeys(RecordKey.newBuilder().addValues("0031")))
                .build());
        int triggers = FakeScheduler.TRIGGERS.size();
        // when / then
        assertProblem(given().post("/api/v1/exceptions/" + FakeExceptionLog.MESSAGE_ID + "/retry").then(), 409,
                "exception.point_gone", null).body("detail", org.hamcrest.Matchers.containsString(gone));
        assertThat(FakeScheduler.TRIGGERS).hasSize(triggers);
        assertThat(FakeExceptionLog.requests(MarkRetryingRequest.class)).isEmpty();
    }

    @Test
    void shouldRetryAFailureMessageByRunningItsPointAgain() {
        // given
        String integration = Fixtures.activeIntegration();
        List<String> points = given().get("/api/v1/integrations/" + integration).then().extract().path("points.id");
        FakeExceptionLog.PREPARED.set(PrepareRetryResponse.newBuilder().setMessage(FakeExceptionLog.message(integration)
                .toBuilder().setKind(ExceptionKind.EXCEPTION_KIND_RUN_FAILURE).setIntegrationPointId(points.get(1)))
                .build());
        // when
        given().post("/api/v1/exceptions/" + FakeExceptionLog.MESSAGE_ID + "/retry").then().statusCode(202);
        // then
        TriggerRunRequest sent = FakeScheduler.TRIGGERS.stream().filter(t -> t.getIntegrationId().equals(integration))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(sent.getIntegrationPointIdsList()).containsExactly(points.get(1));
        assertThat(sent.getRetryRecordsList()).isEmpty();
    }

    @Test
    void shouldAnswer409WhenNothingIsLeftToRetry() {
        assertProblem(given().post("/api/v1/exceptions/" + FakeExceptionLog.MESSAGE_ID + "/retry").then(), 409,
                "exception.nothing_to_retry", null);
        assertThat(FakeExceptionLog.requests(MarkRetryingRequest.class)).isEmpty();
    }

    @Test
    void shouldLetAViewerReadButNotRetryOrIgnore() {
        String viewer = "Bearer " + TestTokens.onlyRole(Roles.VIEWER);
        given().header("Authorization", viewer).get("/api/v1/exceptions/" + FakeExceptionLog.MESSAGE_ID + "/items")
                .then().statusCode(200);
        given().header("Authorization", viewer).post("/api/v1/exceptions/" + FakeExceptionLog.MESSAGE_ID + "/retry")
                .then().statusCode(403);
        given().header("Authorization", viewer).post("/api/v1/exceptions/" + FakeExceptionLog.MESSAGE_ID + "/ignore")
                .then().statusCode(403);
        assertThat(FakeExceptionLog.requests(SetExceptionStateRequest.class)).isEmpty();
    }
}
