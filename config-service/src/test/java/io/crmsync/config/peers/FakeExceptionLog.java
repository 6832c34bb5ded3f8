package io.crmsync.config.peers;

import com.google.protobuf.Timestamp;

import io.crmsync.common.error.ErrorCode;
import io.crmsync.common.error.GrpcErrors;
import io.crmsync.proto.exception.v1.ExceptionItem;
import io.crmsync.proto.exception.v1.ExceptionKind;
import io.crmsync.proto.exception.v1.ExceptionMessage;
import io.crmsync.proto.exception.v1.ListExceptionItemsRequest;
import io.crmsync.proto.exception.v1.ListExceptionItemsResponse;
import io.crmsync.proto.exception.v1.ListExceptionMessagesRequest;
import io.crmsync.proto.exception.v1.ListExceptionMessagesResponse;
import io.crmsync.proto.exception.v1.MutinyExceptionServiceGrpc;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

/** Stands in for exception-service: one reject message echoing the filters, one item under {@link #MESSAGE_ID}. */
@GrpcService
public class FakeExceptionLog extends MutinyExceptionServiceGrpc.ExceptionServiceImplBase {

    public static final String MESSAGE_ID = "6f1c8f4e-0000-4000-8000-000000000001";
    private static final Timestamp T0 = Timestamp.newBuilder().setSeconds(1_800_000_000L).build();

    @Override
    public Uni<ListExceptionMessagesResponse> listExceptionMessages(ListExceptionMessagesRequest request) {
        ExceptionMessage message = ExceptionMessage.newBuilder().setId(MESSAGE_ID)
                .setIntegrationId(request.getIntegrationId()).setRunId(request.getRunId())
                .setKind(ExceptionKind.EXCEPTION_KIND_RECORD_REJECTS).setCode("transfer.records_rejected")
                .setMessage("Records were rejected by the target").setItemCount(1).setCreateTime(T0).build();
        return Uni.createFrom().item(ListExceptionMessagesResponse.newBuilder().addMessages(message).build());
    }

    @Override
    public Uni<ListExceptionItemsResponse> listExceptionItems(ListExceptionItemsRequest request) {
        if (!request.getMessageId().equals(MESSAGE_ID)) {
            return Uni.createFrom().failure(GrpcErrors.toStatus(ErrorCode.notFound("exception.message_not_found"),
                    "exception message " + request.getMessageId() + " not found"));
        }
        ExceptionItem item = ExceptionItem.newBuilder().setId("item-1").setMessageId(MESSAGE_ID)
                .setRecordKey("external_id=0031").setCode("target.constraint_violation").setMessage("email too long")
                .setPayloadJson("{\"Email\": \"a@example.com\", \"Age\": 42}").setCreateTime(T0).build();
        return Uni.createFrom()
                .item(ListExceptionItemsResponse.newBuilder().addItems(item).setNextPageToken("more").build());
    }
}
