package io.crmsync.worker.testing;

import io.crmsync.proto.exception.v1.ListOpenItemKeysRequest;
import io.crmsync.proto.exception.v1.ListOpenItemKeysResponse;
import io.crmsync.proto.exception.v1.MutinyExceptionServiceGrpc;
import io.crmsync.proto.exception.v1.RecordRejectsRequest;
import io.crmsync.proto.exception.v1.RecordRejectsResponse;
import io.crmsync.proto.exception.v1.ReportFailureRequest;
import io.crmsync.proto.exception.v1.ReportFailureResponse;
import io.crmsync.proto.exception.v1.ResolveItemsRequest;
import io.crmsync.proto.exception.v1.ResolveItemsResponse;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

/**
 * Stand-in for exception-service: records failures, rejects and resolutions in {@link FakeRemotes}, and lists the
 * open item keys it holds there, one key per page so that paging is exercised. Other calls answer UNIMPLEMENTED.
 */
@GrpcService
public class FakeExceptionService extends MutinyExceptionServiceGrpc.ExceptionServiceImplBase {

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
    public Uni<ResolveItemsResponse> resolveItems(ResolveItemsRequest request) {
        FakeRemotes.RESOLVES.add(request);
        return Uni.createFrom().item(ResolveItemsResponse.newBuilder().setResolved(request.getRecordKeysCount())
                .build());
    }

    @Override
    public Uni<ListOpenItemKeysResponse> listOpenItemKeys(ListOpenItemKeysRequest request) {
        var keys = FakeRemotes.OPEN_ITEM_KEYS.getOrDefault(request.getIntegrationPointId(), java.util.List.of());
        int at = request.getPageToken().isEmpty() ? 0 : Integer.parseInt(request.getPageToken());
        var page = ListOpenItemKeysResponse.newBuilder();
        if (at < keys.size()) {
            page.addRecordKeys(keys.get(at));
        }
        if (at + 1 < keys.size()) {
            page.setNextPageToken(Integer.toString(at + 1));
        }
        return Uni.createFrom().item(page.build());
    }
}
