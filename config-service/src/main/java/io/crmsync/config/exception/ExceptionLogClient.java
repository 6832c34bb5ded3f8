package io.crmsync.config.exception;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.crmsync.common.error.GrpcErrors;
import io.crmsync.proto.exception.v1.ExceptionItem;
import io.crmsync.proto.exception.v1.ExceptionMessage;
import io.crmsync.proto.exception.v1.ExceptionServiceGrpc;
import io.crmsync.proto.exception.v1.GetExceptionItemRequest;
import io.crmsync.proto.exception.v1.GetExceptionMessageRequest;
import io.crmsync.proto.exception.v1.ListExceptionItemsRequest;
import io.crmsync.proto.exception.v1.ListExceptionItemsResponse;
import io.crmsync.proto.exception.v1.ListExceptionMessagesRequest;
import io.crmsync.proto.exception.v1.ListExceptionMessagesResponse;
import io.crmsync.proto.exception.v1.MarkRetryingRequest;
import io.crmsync.proto.exception.v1.PrepareRetryRequest;
import io.crmsync.proto.exception.v1.PrepareRetryResponse;
import io.crmsync.proto.exception.v1.SetExceptionStateRequest;
import io.crmsync.proto.exception.v1.SetExceptionStateResponse;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;

/** exception-service, the owner of user exception messages and items. Calls carry a deadline. */
@ApplicationScoped
public class ExceptionLogClient {

    @GrpcClient("exceptions")
    ExceptionServiceGrpc.ExceptionServiceBlockingStub exceptions;

    private final Duration deadline;

    ExceptionLogClient(@ConfigProperty(name = "crmsync.grpc.deadline") Duration deadline) {
        this.deadline = deadline;
    }

    ListExceptionMessagesResponse messages(ListExceptionMessagesRequest request) {
        return call(stub -> stub.listExceptionMessages(request));
    }

    ExceptionMessage message(String messageId) {
        return call(stub -> stub.getExceptionMessage(GetExceptionMessageRequest.newBuilder().setMessageId(messageId)
                .build())).getMessage();
    }

    ListExceptionItemsResponse items(ListExceptionItemsRequest request) {
        return call(stub -> stub.listExceptionItems(request));
    }

    ExceptionItem item(String itemId) {
        return call(stub -> stub.getExceptionItem(GetExceptionItemRequest.newBuilder().setItemId(itemId).build()))
                .getItem();
    }

    SetExceptionStateResponse setState(SetExceptionStateRequest request) {
        return call(stub -> stub.setExceptionState(request));
    }

    PrepareRetryResponse prepareRetry(PrepareRetryRequest request) {
        return call(stub -> stub.prepareRetry(request));
    }

    ExceptionMessage markRetrying(MarkRetryingRequest request) {
        return call(stub -> stub.markRetrying(request)).getMessage();
    }

    private <T> T call(Function<ExceptionServiceGrpc.ExceptionServiceBlockingStub, T> body) {
        try {
            return body.apply(exceptions.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS));
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.fromCall("exception-service", e);
        }
    }
}
