package io.crmsync.config.exception;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.crmsync.common.error.GrpcErrors;
import io.crmsync.proto.exception.v1.ExceptionServiceGrpc;
import io.crmsync.proto.exception.v1.ListExceptionItemsRequest;
import io.crmsync.proto.exception.v1.ListExceptionItemsResponse;
import io.crmsync.proto.exception.v1.ListExceptionMessagesRequest;
import io.crmsync.proto.exception.v1.ListExceptionMessagesResponse;
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

    ListExceptionMessagesResponse messages(String integrationId, String runId, int pageSize, String pageToken) {
        return call(stub -> stub.listExceptionMessages(ListExceptionMessagesRequest.newBuilder()
                .setIntegrationId(integrationId).setRunId(runId)
                .setPageSize(pageSize).setPageToken(pageToken == null ? "" : pageToken).build()));
    }

    ListExceptionItemsResponse items(String messageId, int pageSize, String pageToken) {
        return call(stub -> stub.listExceptionItems(ListExceptionItemsRequest.newBuilder().setMessageId(messageId)
                .setPageSize(pageSize).setPageToken(pageToken == null ? "" : pageToken).build()));
    }

    private <T> T call(Function<ExceptionServiceGrpc.ExceptionServiceBlockingStub, T> body) {
        try {
            return body.apply(exceptions.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS));
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.fromCall("exception-service", e);
        }
    }
}
