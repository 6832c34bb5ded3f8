package io.crmsync.scheduler.peers;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.crmsync.proto.exception.v1.ExceptionMessage;
import io.crmsync.proto.exception.v1.ExceptionService;
import io.crmsync.proto.exception.v1.ListExceptionItemsRequest;
import io.crmsync.proto.exception.v1.ListExceptionItemsResponse;
import io.crmsync.proto.exception.v1.ListExceptionMessagesRequest;
import io.crmsync.proto.exception.v1.ListExceptionMessagesResponse;
import io.crmsync.proto.exception.v1.RecordRejectsRequest;
import io.crmsync.proto.exception.v1.RecordRejectsResponse;
import io.crmsync.proto.exception.v1.ReportFailureRequest;
import io.crmsync.proto.exception.v1.ReportFailureResponse;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

/** Stand-in for exception-service: records every ReportFailure; can be made unavailable. */
@GrpcService
public class FakeExceptionService implements ExceptionService {

    public static final List<ReportFailureRequest> REPORTS = new CopyOnWriteArrayList<>();
    public static final AtomicBoolean DOWN = new AtomicBoolean();

    @Override
    public Uni<ReportFailureResponse> reportFailure(ReportFailureRequest request) {
        if (DOWN.get()) {
            return Uni.createFrom().failure(Status.UNAVAILABLE.withDescription("down").asRuntimeException());
        }
        REPORTS.add(request);
        return Uni.createFrom().item(ReportFailureResponse.newBuilder()
                .setMessage(ExceptionMessage.newBuilder().setId("m-" + REPORTS.size())).build());
    }

    @Override
    public Uni<RecordRejectsResponse> recordRejects(RecordRejectsRequest request) {
        return Uni.createFrom().failure(new UnsupportedOperationException("not used by the scheduler"));
    }

    @Override
    public Uni<ListExceptionMessagesResponse> listExceptionMessages(ListExceptionMessagesRequest request) {
        return Uni.createFrom().failure(new UnsupportedOperationException("not used by the scheduler"));
    }

    @Override
    public Uni<ListExceptionItemsResponse> listExceptionItems(ListExceptionItemsRequest request) {
        return Uni.createFrom().failure(new UnsupportedOperationException("not used by the scheduler"));
    }
}
