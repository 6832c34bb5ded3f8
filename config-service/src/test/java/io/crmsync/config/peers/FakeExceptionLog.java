package io.crmsync.config.peers;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;

import io.crmsync.common.error.ErrorCode;
import io.crmsync.common.error.GrpcErrors;
import io.crmsync.proto.config.v1.Operation;
import io.crmsync.proto.exception.v1.ExceptionItem;
import io.crmsync.proto.exception.v1.ExceptionKind;
import io.crmsync.proto.exception.v1.ExceptionMessage;
import io.crmsync.proto.exception.v1.ExceptionSide;
import io.crmsync.proto.exception.v1.ExceptionState;
import io.crmsync.proto.exception.v1.GetExceptionItemRequest;
import io.crmsync.proto.exception.v1.GetExceptionItemResponse;
import io.crmsync.proto.exception.v1.GetExceptionMessageRequest;
import io.crmsync.proto.exception.v1.GetExceptionMessageResponse;
import io.crmsync.proto.exception.v1.ListExceptionItemsRequest;
import io.crmsync.proto.exception.v1.ListExceptionItemsResponse;
import io.crmsync.proto.exception.v1.ListExceptionMessagesRequest;
import io.crmsync.proto.exception.v1.ListExceptionMessagesResponse;
import io.crmsync.proto.exception.v1.MarkRetryingRequest;
import io.crmsync.proto.exception.v1.MarkRetryingResponse;
import io.crmsync.proto.exception.v1.MutinyExceptionServiceGrpc;
import io.crmsync.proto.exception.v1.PrepareRetryRequest;
import io.crmsync.proto.exception.v1.PrepareRetryResponse;
import io.crmsync.proto.exception.v1.SetExceptionStateRequest;
import io.crmsync.proto.exception.v1.SetExceptionStateResponse;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

/**
 * Stands in for exception-service at the edge of config-service: one reject message {@link #MESSAGE_ID} whose
 * items come in two pages of {@link #PAGE_ITEMS} rows, answers the test prepares for retries, and every request
 * kept in {@link #REQUESTS} so tests can check what the REST layer asked. The real service's behaviour is tested
 * in exception-service and end to end.
 */
@GrpcService
public class FakeExceptionLog extends MutinyExceptionServiceGrpc.ExceptionServiceImplBase {

    public static final String MESSAGE_ID = "6f1c8f4e-0000-4000-8000-000000000001";
    public static final int PAGE_ITEMS = 3;
    public static final List<Message> REQUESTS = new CopyOnWriteArrayList<>();
    /** What PrepareRetry answers; set by a test before it retries. */
    public static final AtomicReference<PrepareRetryResponse> PREPARED = new AtomicReference<>();
    private static final Timestamp T0 = Timestamp.newBuilder().setSeconds(1_800_000_000L).build();

    public static ExceptionMessage message(String integrationId) {
        return ExceptionMessage.newBuilder().setId(MESSAGE_ID).setIntegrationId(integrationId)
                .setKind(ExceptionKind.EXCEPTION_KIND_RECORD_REJECTS).setCode("transfer.records_rejected")
                .setMessage("Records were rejected by the target").setItemCount(1).setOpenItemCount(1)
                .setOccurrenceCount(3).setSide(ExceptionSide.EXCEPTION_SIDE_TARGET)
                .setState(ExceptionState.EXCEPTION_STATE_OPEN).setCreateTime(T0).setLastSeenTime(T0).build();
    }

    @Override
    public Uni<ListExceptionMessagesResponse> listExceptionMessages(ListExceptionMessagesRequest request) {
        REQUESTS.add(request);
        return Uni.createFrom().item(ListExceptionMessagesResponse.newBuilder()
                .addMessages(message(request.getIntegrationId()).toBuilder().setRunId(request.getRunId())).build());
    }

    @Override
    public Uni<GetExceptionMessageResponse> getExceptionMessage(GetExceptionMessageRequest request) {
        REQUESTS.add(request);
        if (!request.getMessageId().equals(MESSAGE_ID)) {
            return notFound("exception.message_not_found", "exception message " + request.getMessageId());
        }
        return Uni.createFrom().item(GetExceptionMessageResponse.newBuilder().setMessage(message("i-1")).build());
    }

    /** Two pages for the message: items 1..3 then 4..6, each with a snapshot. */
    @Override
    public Uni<ListExceptionItemsResponse> listExceptionItems(ListExceptionItemsRequest request) {
        REQUESTS.add(request);
        if (!request.getMessageId().isEmpty() && !request.getMessageId().equals(MESSAGE_ID)) {
            return notFound("exception.message_not_found", "exception message " + request.getMessageId());
        }
        boolean second = request.getPageToken().equals("p2");
        ListExceptionItemsResponse.Builder page = ListExceptionItemsResponse.newBuilder();
        for (int i = 1; i <= PAGE_ITEMS; i++) {
            page.addItems(item("item-" + (second ? i + PAGE_ITEMS : i)));
        }
        return Uni.createFrom().item(page.setNextPageToken(second ? "" : "p2").build());
    }

    @Override
    public Uni<GetExceptionItemResponse> getExceptionItem(GetExceptionItemRequest request) {
        REQUESTS.add(request);
        return Uni.createFrom().item(GetExceptionItemResponse.newBuilder().setItem(item(request.getItemId())).build());
    }

    @Override
    public Uni<SetExceptionStateResponse> setExceptionState(SetExceptionStateRequest request) {
        REQUESTS.add(request);
        return Uni.createFrom().item(SetExceptionStateResponse.newBuilder()
                .setMessage(message("i-1").toBuilder().setState(request.getState()))
                .setChangedItems(Math.max(1, request.getItemIdsCount())).build());
    }

    @Override
    public Uni<PrepareRetryResponse> prepareRetry(PrepareRetryRequest request) {
        REQUESTS.add(request);
        PrepareRetryResponse prepared = PREPARED.get();
        if (prepared == null) {
            return Uni.createFrom().failure(GrpcErrors.toStatus(
                    ErrorCode.failedPrecondition("exception.nothing_to_retry"),
                    "exception message " + request.getMessageId() + " has nothing left to retry"));
        }
        return Uni.createFrom().item(prepared);
    }

    @Override
    public Uni<MarkRetryingResponse> markRetrying(MarkRetryingRequest request) {
        REQUESTS.add(request);
        return Uni.createFrom().item(MarkRetryingResponse.newBuilder().setMessage(PREPARED.get().getMessage()
                .toBuilder().setState(ExceptionState.EXCEPTION_STATE_RETRYING).setRetryRunId(request.getRunId())
                .setRetryCount(PREPARED.get().getMessage().getRetryCount() + 1)).build());
    }

    /** The requests of one type the fake received, oldest first. */
    public static <T extends Message> List<T> requests(Class<T> type) {
        return REQUESTS.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static ExceptionItem item(String id) {
        return ExceptionItem.newBuilder().setId(id).setMessageId(MESSAGE_ID).setIntegrationId("i-1")
                .setIntegrationPointId("p-1").setOperation(Operation.OPERATION_UPSERT)
                .setRecordKey("external_id=0031").addKeyValues("0031").setSide(ExceptionSide.EXCEPTION_SIDE_TARGET)
                .setState(ExceptionState.EXCEPTION_STATE_OPEN).setAttemptCount(2)
                .setCode("23514").setMessage("new row violates check constraint \"email_ok\", \"quoted\"")
                .setPayloadJson("{\"Email\": \"a@example.com\", \"Age\": 42}").setCreateTime(T0)
                .setLastSeenTime(T0).setLastRunId("r-2").build();
    }

    private static <T> Uni<T> notFound(String reason, String what) {
        return Uni.createFrom().failure(GrpcErrors.toStatus(ErrorCode.notFound(reason), what + " not found"));
    }
}
