package io.crmsync.exception.message;

import java.util.List;

import io.crmsync.common.error.GrpcCalls;
import io.crmsync.common.paging.PageRequest;
import io.crmsync.proto.exception.v1.ExceptionService;
import io.crmsync.proto.exception.v1.ListExceptionItemsRequest;
import io.crmsync.proto.exception.v1.ListExceptionItemsResponse;
import io.crmsync.proto.exception.v1.ListExceptionMessagesRequest;
import io.crmsync.proto.exception.v1.ListExceptionMessagesResponse;
import io.crmsync.proto.exception.v1.RecordRejectsRequest;
import io.crmsync.proto.exception.v1.RecordRejectsResponse;
import io.crmsync.proto.exception.v1.ReportFailureRequest;
import io.crmsync.proto.exception.v1.ReportFailureResponse;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/** gRPC adapter of {@link ExceptionLog}: validates nothing itself, maps and delegates. */
@GrpcService
public class ExceptionGrpcService implements ExceptionService {

    private final ExceptionLog log;

    ExceptionGrpcService(ExceptionLog log) {
        this.log = log;
    }

    @Override
    @Blocking
    public Uni<ReportFailureResponse> reportFailure(ReportFailureRequest request) {
        return GrpcCalls.respond(() -> ReportFailureResponse.newBuilder()
                .setMessage(ExceptionMessageMapper.toProto(log.reportFailure(request.getIntegrationId(),
                        request.getRunId(), request.getIntegrationPointId(), request.getKind(), request.getCode(),
                        request.getMessage())))
                .build());
    }

    @Override
    @Blocking
    public Uni<RecordRejectsResponse> recordRejects(RecordRejectsRequest request) {
        return GrpcCalls.respond(() -> {
            ExceptionLog.Recorded recorded = log.recordRejects(request.getIntegrationId(), request.getRunId(),
                    request.getIntegrationPointId(), request.getBatchId(), request.getRecordsList());
            return RecordRejectsResponse.newBuilder()
                    .setMessage(ExceptionMessageMapper.toProto(recorded.message()))
                    .setRecorded(recorded.recorded())
                    .build();
        });
    }

    @Override
    @Blocking
    public Uni<ListExceptionMessagesResponse> listExceptionMessages(ListExceptionMessagesRequest request) {
        return GrpcCalls.respond(() -> {
            PageRequest page = PageRequest.of(request.getPageToken(), request.getPageSize(), 50, 500);
            List<ExceptionMessageEntity> messages = log.listMessages(request.getIntegrationId(), request.getRunId(),
                    page);
            return ListExceptionMessagesResponse.newBuilder()
                    .addAllMessages(messages.stream().map(ExceptionMessageMapper::toProto).toList())
                    .setNextPageToken(page.nextToken(messages.size()))
                    .build();
        });
    }

    @Override
    @Blocking
    public Uni<ListExceptionItemsResponse> listExceptionItems(ListExceptionItemsRequest request) {
        return GrpcCalls.respond(() -> {
            PageRequest page = PageRequest.of(request.getPageToken(), request.getPageSize(), 100, 1000);
            List<ExceptionLog.Item> items = log.listItems(request.getMessageId(), page);
            return ListExceptionItemsResponse.newBuilder()
                    .addAllItems(items.stream().map(ExceptionMessageMapper::toProto).toList())
                    .setNextPageToken(page.nextToken(items.size()))
                    .build();
        });
    }
}
