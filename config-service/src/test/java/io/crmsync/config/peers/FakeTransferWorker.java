package io.crmsync.config.peers;

import io.crmsync.proto.transfer.v1.MutinyTransferServiceGrpc;
import io.crmsync.proto.transfer.v1.TestConnectionRequest;
import io.crmsync.proto.transfer.v1.TestConnectionResponse;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

/** Stands in for a transfer worker: every connection test succeeds. */
@GrpcService
public class FakeTransferWorker extends MutinyTransferServiceGrpc.TransferServiceImplBase {

    @Override
    public Uni<TestConnectionResponse> testConnection(TestConnectionRequest request) {
        return Uni.createFrom().item(TestConnectionResponse.newBuilder().setOk(true)
                .setMessage("PostgreSQL 15 reached for endpoint " + request.getEndpointId()).build());
    }
}
