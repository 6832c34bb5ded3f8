package io.crmsync.worker.grpc;

import java.util.function.Supplier;

import io.crmsync.common.error.GrpcErrors;
import io.crmsync.proto.transfer.v1.DescribeObjectRequest;
import io.crmsync.proto.transfer.v1.DescribeObjectResponse;
import io.crmsync.proto.transfer.v1.FieldDescription;
import io.crmsync.proto.transfer.v1.PreviewRecord;
import io.crmsync.proto.transfer.v1.PreviewRecordsRequest;
import io.crmsync.proto.transfer.v1.PreviewRecordsResponse;
import io.crmsync.proto.transfer.v1.TestConnectionRequest;
import io.crmsync.proto.transfer.v1.TestConnectionResponse;
import io.crmsync.proto.transfer.v1.TransferService;
import io.crmsync.worker.inspect.EndpointInspector;
import io.crmsync.worker.inspect.RecordPreview;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/** gRPC adapter of {@link EndpointInspector} and {@link RecordPreview}. */
@GrpcService
public class TransferGrpcService implements TransferService {

    private final EndpointInspector inspector;
    private final RecordPreview preview;

    TransferGrpcService(EndpointInspector inspector, RecordPreview preview) {
        this.inspector = inspector;
        this.preview = preview;
    }

    @Override
    @Blocking
    public Uni<TestConnectionResponse> testConnection(TestConnectionRequest request) {
        return call(() -> {
            EndpointInspector.ConnectionTest test = inspector.testConnection(request.getEndpointId());
            return TestConnectionResponse.newBuilder().setOk(test.ok()).setMessage(test.message()).build();
        });
    }

    @Override
    @Blocking
    public Uni<DescribeObjectResponse> describeObject(DescribeObjectRequest request) {
        return call(() -> DescribeObjectResponse.newBuilder()
                .addAllFields(inspector.describeObject(request.getEndpointId(), request.getObjectName()).stream()
                        .map(f -> FieldDescription.newBuilder().setName(f.name()).setType(f.type())
                                .setNullable(f.nullable()).setKey(f.key()).build())
                        .toList())
                .build());
    }

    @Override
    @Blocking
    public Uni<PreviewRecordsResponse> previewRecords(PreviewRecordsRequest request) {
        return call(() -> PreviewRecordsResponse.newBuilder()
                .addAllRecords(preview.preview(request.getIntegrationId(), request.getIntegrationPointId(),
                        request.getLimit()).stream()
                        .map(r -> PreviewRecord.newBuilder().setSourceJson(r.sourceJson())
                                .setTargetJson(r.targetJson()).addAllProblems(r.problems()).build())
                        .toList())
                .build());
    }

    private static <T> Uni<T> call(Supplier<T> body) {
        return Uni.createFrom().item(body).onFailure().transform(GrpcErrors::toStatus);
    }
}
