package io.crmsync.worker.testing;

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

/** Stand-in for exception-service: records failures and rejects in {@link FakeRemotes}. */
@GrpcService
public class FakeExceptionService implements ExceptionService {

    @Override
    public Uni<ReportFailureResponse> reportFailure(ReportFailureRequest request) {
        FakeRemotes.FAILURES.add(request);
        return Uni.createFrom().item(ReportFailureResponse.getDefaultInstance());
    }

    @Override
    public Uni<RecordRejectsResponse> recordRejects(RecordRejectsRequest request) {
        FakeRemotes.REJECTS.add(request);
        return Uni.createFrom().item(RecordRejectsResponse.newBuilder().setRecorded(request.getRecordsCount()).build());
    }

    @Override
    public Uni<ListExceptionMessagesResponse> listExceptionMessages(ListExceptionMessagesRequest request) {
        return Uni.createFrom().failure(Status.UNIMPLEMENTED.asRuntimeException());
    }

    @Override
    public Uni<ListExceptionItemsResponse> listExceptionItems(ListExceptionItemsRequest request) {
        return Uni.createFrom().failure(Status.UNIMPLEMENTED.asRuntimeException());
    }
}
