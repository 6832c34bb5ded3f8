package io.crmsync.config.peers;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.crmsync.proto.transfer.v1.DescribeObjectRequest;
import io.crmsync.proto.transfer.v1.DescribeObjectResponse;
import io.crmsync.proto.transfer.v1.FieldDescription;
import io.crmsync.proto.transfer.v1.MutinyTransferServiceGrpc;
import io.crmsync.proto.transfer.v1.PreviewRecord;
import io.crmsync.proto.transfer.v1.PreviewRecordsRequest;
import io.crmsync.proto.transfer.v1.PreviewRecordsResponse;
import io.crmsync.proto.transfer.v1.TestConnectionRequest;
import io.crmsync.proto.transfer.v1.TestConnectionResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

/**
 * Stands in for a transfer worker: every connection test succeeds; two objects can be described; previews answer
 * two records unless {@link #PREVIEW_FAILURES} says otherwise.
 */
@GrpcService
public class FakeTransferWorker extends MutinyTransferServiceGrpc.TransferServiceImplBase {

    /** Fields of the objects the fixtures use; any other object does not exist. */
    private static final Map<String, List<FieldDescription>> OBJECTS = Map.of(
            "Contact", List.of(field("Id", "id", true), field("Email", "email", false),
                    field("Owner.Name", "string", false), field("LastModifiedDate", "datetime", false),
                    field("IsActive", "boolean", false)),
            "public.contacts", List.of(field("external_id", "text", true), field("email", "varchar", false),
                    field("owner_name", "text", false), field("origin", "text", false),
                    field("active_since", "timestamptz", false)));

    @Override
    public Uni<DescribeObjectResponse> describeObject(DescribeObjectRequest request) {
        List<FieldDescription> fields = OBJECTS.get(request.getObjectName());
        if (fields == null) {
            return Uni.createFrom().failure(Status.NOT_FOUND.withDescription("no such object").asRuntimeException());
        }
        return Uni.createFrom().item(DescribeObjectResponse.newBuilder().addAllFields(fields).build());
    }

    private static FieldDescription field(String name, String type, boolean key) {
        return FieldDescription.newBuilder().setName(name).setType(type).setNullable(!key).setKey(key).build();
    }

    /** Points whose preview fails, by point id, with the status the worker answers; tests add and remove. */
    public static final Map<String, StatusRuntimeException> PREVIEW_FAILURES = new ConcurrentHashMap<>();

    /** Previews two records of a Contact: the answered limit is echoed in the source so tests see it arrive. */
    @Override
    public Uni<PreviewRecordsResponse> previewRecords(PreviewRecordsRequest request) {
        StatusRuntimeException failure = PREVIEW_FAILURES.get(request.getIntegrationPointId());
        if (failure != null) {
            return Uni.createFrom().failure(failure);
        }
        PreviewRecordsResponse.Builder response = PreviewRecordsResponse.newBuilder();
        for (int i = 1; i <= Math.min(2, request.getLimit()); i++) {
            response.addRecords(PreviewRecord.newBuilder()
                    .setSourceJson("{\"Id\":\"003" + i + "\",\"Email\":null,\"limit\":" + request.getLimit() + "}")
                    .setTargetJson("{\"external_id\":\"003" + i + "\",\"email\":null,\"origin\":\"crm\"}")
                    .addAllProblems(i == 2 ? List.of("match key field 'external_id' is empty") : List.of()));
        }
        return Uni.createFrom().item(response.build());
    }

    @Override
    public Uni<TestConnectionResponse> testConnection(TestConnectionRequest request) {
        if (REFUSED_LOGINS.contains(request.getEndpointId())) {
            return Uni.createFrom().item(TestConnectionResponse.newBuilder().setOk(false)
                    .setMessage("the endpoint refused the login: password authentication failed").build());
        }
        return Uni.createFrom().item(TestConnectionResponse.newBuilder().setOk(true)
                .setMessage("PostgreSQL 15 reached for endpoint " + request.getEndpointId()).build());
    }

    /** Endpoints whose connection test fails as a refused login, by id; tests add and remove. */
    public static final java.util.Set<String> REFUSED_LOGINS = ConcurrentHashMap.newKeySet();
}
