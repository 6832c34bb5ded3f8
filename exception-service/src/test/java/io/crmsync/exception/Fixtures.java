package io.crmsync.exception;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;

import io.crmsync.common.error.GrpcErrors;
import io.crmsync.proto.config.v1.Operation;
import io.crmsync.proto.exception.v1.ExceptionItem;
import io.crmsync.proto.exception.v1.ExceptionServiceGrpc.ExceptionServiceBlockingStub;
import io.crmsync.proto.exception.v1.ExceptionSide;
import io.crmsync.proto.exception.v1.ListExceptionItemsRequest;
import io.crmsync.proto.exception.v1.RecordRejectsRequest;
import io.crmsync.proto.exception.v1.RejectedRecord;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Requests the tests build again and again, and the check of a refused call. */
public final class Fixtures {

    public static final String INTEGRATION = "integration-1";

    private Fixtures() {
    }

    public static String id() {
        return UUID.randomUUID().toString();
    }

    /** A batch of target rejects, one per key, with key values derived from the key (`email=a` -> `a`). */
    public static RecordRejectsRequest rejects(String pointId, String runId, String batchId, String... keys) {
        RecordRejectsRequest.Builder request = RecordRejectsRequest.newBuilder()
                .setIntegrationId(INTEGRATION).setRunId(runId).setIntegrationPointId(pointId)
                .setBatchId(batchId).setOperation(Operation.OPERATION_UPSERT);
        for (String key : keys) {
            request.addRecords(record(key));
        }
        return request.build();
    }

    public static RejectedRecord record(String key) {
        return RejectedRecord.newBuilder().setRecordKey(key).setCode("target.constraint_violation")
                .setMessage("new row violates check constraint \"age_positive\"")
                .setPayloadJson("{\"email\":\"" + key + "\",\"age\":-3}")
                .addKeyValues(key.substring(key.indexOf('=') + 1))
                .setSide(ExceptionSide.EXCEPTION_SIDE_TARGET).build();
    }

    public static List<ExceptionItem> itemsOf(ExceptionServiceBlockingStub exceptions, String messageId) {
        return exceptions.listExceptionItems(ListExceptionItemsRequest.newBuilder().setMessageId(messageId)
                .setPageSize(1000).build()).getItemsList();
    }

    public static void assertRefused(ThrowingCallable call, Status.Code code, String reason, String text) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(GrpcErrors.reasonOf(e)).contains(reason);
            assertThat(e.getStatus().getDescription()).contains(text);
        });
    }
}
