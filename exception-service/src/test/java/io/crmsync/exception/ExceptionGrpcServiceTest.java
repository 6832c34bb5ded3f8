package io.crmsync.exception;

import static io.crmsync.exception.Fixtures.rejects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.crmsync.common.error.GrpcErrors;
import io.crmsync.proto.exception.v1.ExceptionItem;
import io.crmsync.proto.exception.v1.ExceptionKind;
import io.crmsync.proto.exception.v1.ExceptionMessage;
import io.crmsync.proto.exception.v1.ExceptionServiceGrpc.ExceptionServiceBlockingStub;
import io.crmsync.proto.exception.v1.ListExceptionItemsRequest;
import io.crmsync.proto.exception.v1.ListExceptionItemsResponse;
import io.crmsync.proto.exception.v1.ListExceptionMessagesRequest;
import io.crmsync.proto.exception.v1.RecordRejectsRequest;
import io.crmsync.proto.exception.v1.RecordRejectsResponse;
import io.crmsync.proto.exception.v1.RejectedRecord;
import io.crmsync.proto.exception.v1.ReportFailureRequest;
import io.crmsync.testsupport.PostgresTestResource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "crmsync_exception_test"))
class ExceptionGrpcServiceTest {

    @GrpcClient("exceptions")
    ExceptionServiceBlockingStub exceptions;

    @Test
    void shouldRecordRunFailureAndListItByRun() {
        // given
        String integrationId = UUID.randomUUID().toString();
        String runId = UUID.randomUUID().toString();

        // when
        ExceptionMessage created = exceptions.reportFailure(ReportFailureRequest.newBuilder()
                .setIntegrationId(integrationId).setRunId(runId)
                .setKind(ExceptionKind.EXCEPTION_KIND_RUN_FAILURE)
                .setCode("transfer.source_unreachable").setMessage("Cannot connect to source 'crm'")
                .build()).getMessage();

        // then
        List<ExceptionMessage> listed = exceptions.listExceptionMessages(
                ListExceptionMessagesRequest.newBuilder().setRunId(runId).build()).getMessagesList();
        assertThat(listed).singleElement().satisfies(m -> {
            assertThat(m.getId()).isEqualTo(created.getId());
            assertThat(m.getKind()).isEqualTo(ExceptionKind.EXCEPTION_KIND_RUN_FAILURE);
            assertThat(m.getCode()).isEqualTo("transfer.source_unreachable");
            assertThat(m.getIntegrationId()).isEqualTo(integrationId);
            assertThat(m.getItemCount()).isZero();
        });
    }

    @Test
    void shouldAppendRejectsOfOneRunAndPointUnderOneMessage() {
        // given
        String runId = UUID.randomUUID().toString();
        String point = Fixtures.id();

        // when
        RecordRejectsResponse first = exceptions.recordRejects(rejects(point, runId, "task-1:a", "email=a@x", "email=b@x"));
        RecordRejectsResponse second = exceptions.recordRejects(rejects(point, runId, "task-1:b", "email=c@x"));

        // then
        assertThat(second.getMessage().getId()).isEqualTo(first.getMessage().getId());
        assertThat(second.getMessage().getItemCount()).isEqualTo(3);
        List<ExceptionItem> items = exceptions.listExceptionItems(ListExceptionItemsRequest.newBuilder()
                .setMessageId(first.getMessage().getId()).build()).getItemsList();
        assertThat(items).extracting(ExceptionItem::getRecordKey).containsExactly("email=a@x", "email=b@x", "email=c@x");
        assertThat(items.get(0).getPayloadJson()).contains("\"age\"").contains("-3");
        assertThat(items.get(0).getCode()).isEqualTo("target.constraint_violation");
    }

    @Test
    void shouldRecordAResentBatchOnlyOnce() {
        // given
        String runId = UUID.randomUUID().toString();
        String point = Fixtures.id();
        exceptions.recordRejects(rejects(point, runId, "task-9:x", "email=a@x"));

        // when
        RecordRejectsResponse again = exceptions.recordRejects(rejects(point, runId, "task-9:x", "email=a@x"));

        // then
        assertThat(again.getRecorded()).isZero();
        assertThat(again.getMessage().getItemCount()).isEqualTo(1);
    }

    @Test
    void shouldCountEveryItemWhenBatchesArriveConcurrently() throws Exception {
        // given
        String runId = UUID.randomUUID().toString();
        String point = Fixtures.id();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);

        // when
        List<java.util.concurrent.Future<RecordRejectsResponse>> calls = new java.util.ArrayList<>();
        for (int batch = 0; batch < 16; batch++) {
            String batchId = "task-c:" + batch;
            calls.add(pool.submit(() -> exceptions.recordRejects(rejects(point, runId, batchId, "id=" + batchId + "a",
                    "id=" + batchId + "b"))));
        }
        for (java.util.concurrent.Future<RecordRejectsResponse> call : calls) {
            call.get();
        }
        pool.shutdown();

        // then
        ExceptionMessage message = exceptions.listExceptionMessages(
                ListExceptionMessagesRequest.newBuilder().setRunId(runId).build()).getMessages(0);
        assertThat(message.getItemCount()).isEqualTo(32);
        assertThat(exceptions.listExceptionItems(ListExceptionItemsRequest.newBuilder()
                .setMessageId(message.getId()).setPageSize(100).build()).getItemsList()).hasSize(32);
    }

    @Test
    void shouldPageThroughItems() {
        // given
        String runId = UUID.randomUUID().toString();
        String point = Fixtures.id();
        String[] keys = IntStream.range(0, 25).mapToObj(i -> "id=" + i).toArray(String[]::new);
        String messageId = exceptions.recordRejects(rejects(point, runId, "task-p:1", keys)).getMessage().getId();

        // when
        ListExceptionItemsResponse page1 = items(messageId, "");
        ListExceptionItemsResponse page2 = items(messageId, page1.getNextPageToken());
        ListExceptionItemsResponse page3 = items(messageId, page2.getNextPageToken());

        // then
        assertThat(page1.getItemsList()).hasSize(10).first().extracting(ExceptionItem::getRecordKey).isEqualTo("id=0");
        assertThat(page3.getItemsList()).extracting(ExceptionItem::getRecordKey)
                .containsExactly("id=20", "id=21", "id=22", "id=23", "id=24");
        assertThat(page3.getNextPageToken()).isEmpty();
    }

    @Test
    void shouldRefuseMalformedPayloadNamingTheRecord() {
        // given
        RecordRejectsRequest bad = rejects(Fixtures.id(), UUID.randomUUID().toString(), "task-b:1", "id=1").toBuilder()
                .setRecords(0, RejectedRecord.newBuilder().setRecordKey("id=1").setCode("c").setMessage("m")
                        .setPayloadJson("{not json"))
                .build();

        // when / then
        assertThatThrownBy(() -> exceptions.recordRejects(bad))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("records[0].payload_json");
                    assertThat(GrpcErrors.reasonOf(e)).contains("crmsync.invalid_argument");
                });
    }

    @Test
    void shouldAnswerNotFoundForUnknownMessage() {
        assertThatThrownBy(() -> items(UUID.randomUUID().toString(), ""))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(GrpcErrors.reasonOf(e)).contains("exception.message_not_found");
                });
    }

    @Test
    void shouldRecordOneMessagePerDisablingHoweverOftenItIsReported() {
        // given
        String integrationId = UUID.randomUUID().toString();
        String runId = UUID.randomUUID().toString();
        ReportFailureRequest disabled = ReportFailureRequest.newBuilder().setIntegrationId(integrationId)
                .setRunId(runId).setKind(ExceptionKind.EXCEPTION_KIND_INTEGRATION_DISABLED)
                .setCode("integration.disabled_after_failures").setMessage("10 runs in a row failed").build();

        // when: the scheduler reports twice (its first reply was lost)
        ExceptionMessage first = exceptions.reportFailure(disabled).getMessage();
        ExceptionMessage second = exceptions.reportFailure(disabled).getMessage();

        // then
        assertThat(second.getId()).isEqualTo(first.getId());
        assertThat(exceptions.listExceptionMessages(ListExceptionMessagesRequest.newBuilder().setRunId(runId).build())
                .getMessagesList()).singleElement().satisfies(m -> assertThat(m.getKind())
                        .isEqualTo(ExceptionKind.EXCEPTION_KIND_INTEGRATION_DISABLED));
        assertThatThrownBy(() -> exceptions.reportFailure(disabled.toBuilder().clearRunId().build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getDescription()).startsWith("run_id"));
    }

    @Test
    void shouldRefuseAFailureWithoutIntegration() {
        assertThatThrownBy(() -> exceptions.reportFailure(ReportFailureRequest.newBuilder()
                .setKind(ExceptionKind.EXCEPTION_KIND_RUN_FAILURE).setCode("x").setMessage("y").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getDescription()).startsWith("integration_id"));
    }

    @Test
    void shouldRefuseOverlongKeysAndCodesNamingTheField() {
        RecordRejectsRequest request = rejects(Fixtures.id(), Fixtures.id(), Fixtures.id(), "id=1", "id=2");
        RecordRejectsRequest longKey = request.toBuilder()
                .setRecords(1, request.getRecords(1).toBuilder().setRecordKey("k".repeat(2_001))).build();
        RecordRejectsRequest longCode = request.toBuilder()
                .setRecords(0, request.getRecords(0).toBuilder().setCode("c".repeat(201))).build();

        Fixtures.assertRefused(() -> exceptions.recordRejects(longKey), Status.Code.INVALID_ARGUMENT,
                "crmsync.invalid_argument", "records[1].record_key");
        Fixtures.assertRefused(() -> exceptions.recordRejects(longCode), Status.Code.INVALID_ARGUMENT,
                "crmsync.invalid_argument", "records[0].code");
        Fixtures.assertRefused(() -> exceptions.reportFailure(ReportFailureRequest.newBuilder()
                .setIntegrationId(Fixtures.id()).setKind(ExceptionKind.EXCEPTION_KIND_RUN_FAILURE)
                .setCode("c".repeat(201)).setMessage("m").build()), Status.Code.INVALID_ARGUMENT,
                "crmsync.invalid_argument", "code");
        // Bytes, not characters: 700 CJK characters are 2,100 bytes, past what the key's index entry may hold.
        RecordRejectsRequest wideKey = request.toBuilder()
                .setRecords(1, request.getRecords(1).toBuilder().setRecordKey("\u4e2d".repeat(700))).build();
        Fixtures.assertRefused(() -> exceptions.recordRejects(wideKey), Status.Code.INVALID_ARGUMENT,
                "crmsync.invalid_argument", "records[1].record_key");
        Fixtures.assertRefused(() -> exceptions.recordRejects(request.toBuilder()
                .setIntegrationPointId("p".repeat(201)).build()), Status.Code.INVALID_ARGUMENT,
                "crmsync.invalid_argument", "integration_point_id");
        // 2,000 bytes that do not compress still fit the index.
        StringBuilder random = new StringBuilder();
        java.util.Random seeded = new java.util.Random(7);
        while (random.length() < 2_000) {
            random.append((char) ('!' + seeded.nextInt(90)));
        }
        assertThat(exceptions.recordRejects(request.toBuilder()
                .setRecords(1, request.getRecords(1).toBuilder().setRecordKey(random.toString())).build())
                .getRecorded()).isEqualTo(2);
    }

    @Test
    void shouldStoreNulCharactersAsReplacementsAndCutOverlongMessages() {
        // given
        String nul = "bad\u0000value";
        RecordRejectsRequest request = rejects(Fixtures.id(), Fixtures.id(), Fixtures.id(), "id=1");
        RejectedRecord record = request.getRecords(0).toBuilder().setRecordKey("id=\u00001").setCode("c\u0000")
                .setMessage(nul + "x".repeat(5_000)).clearKeyValues().addKeyValues(nul).build();

        // when
        ExceptionMessage message = exceptions.recordRejects(request.toBuilder().setRecords(0, record).build())
                .getMessage();
        ExceptionMessage failure = exceptions.reportFailure(ReportFailureRequest.newBuilder()
                .setIntegrationId(Fixtures.id()).setKind(ExceptionKind.EXCEPTION_KIND_RUN_FAILURE)
                .setCode("transfer\u0000failed").setMessage(nul + "y".repeat(5_000)).build()).getMessage();

        // then
        ExceptionItem item = Fixtures.itemsOf(exceptions, message.getId()).get(0);
        assertThat(item.getRecordKey()).isEqualTo("id=\uFFFD1");
        assertThat(item.getCode()).isEqualTo("c\uFFFD");
        assertThat(item.getKeyValuesList()).containsExactly("bad\uFFFDvalue");
        assertThat(item.getMessage()).hasSize(4_000).startsWith("bad\uFFFDvalue").endsWith("x\u2026");
        assertThat(failure.getCode()).isEqualTo("transfer\uFFFDfailed");
        assertThat(failure.getMessage()).hasSize(4_000).startsWith("bad\uFFFDvalue").endsWith("y\u2026");
    }

    @Test
    void shouldRefuseSeenTimesOutsideTheYearsOneTo9999() {
        com.google.protobuf.Timestamp tooLate = com.google.protobuf.Timestamp.newBuilder()
                .setSeconds(253_402_300_800L).build();
        com.google.protobuf.Timestamp tooEarly = com.google.protobuf.Timestamp.newBuilder()
                .setSeconds(-62_135_596_801L).build();

        Fixtures.assertRefused(() -> exceptions.listExceptionMessages(ListExceptionMessagesRequest.newBuilder()
                .setSeenAfter(tooLate).build()), Status.Code.INVALID_ARGUMENT, "crmsync.invalid_argument",
                "seen_after");
        Fixtures.assertRefused(() -> exceptions.listExceptionMessages(ListExceptionMessagesRequest.newBuilder()
                .setSeenBefore(tooEarly).build()), Status.Code.INVALID_ARGUMENT, "crmsync.invalid_argument",
                "seen_before");
        assertThat(exceptions.listExceptionMessages(ListExceptionMessagesRequest.newBuilder()
                .setSeenAfter(com.google.protobuf.Timestamp.newBuilder().setSeconds(253_402_300_799L)).build())
                .getMessagesList()).isEmpty();
    }

    private ListExceptionItemsResponse items(String messageId, String pageToken) {
        return exceptions.listExceptionItems(ListExceptionItemsRequest.newBuilder()
                .setMessageId(messageId).setPageSize(10).setPageToken(pageToken).build());
    }
}
