package io.crmsync.exception.notify;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.crmsync.common.error.ErrorCode;
import io.crmsync.common.error.GrpcErrors;
import io.crmsync.proto.config.v1.ConfigService;
import io.crmsync.proto.config.v1.GetIntegrationRequest;
import io.crmsync.proto.config.v1.GetIntegrationResponse;
import io.crmsync.proto.config.v1.Integration;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

/**
 * Stand-in for config-service on the test gRPC server: serves the integrations tests put in {@link #INTEGRATIONS},
 * or UNAVAILABLE while {@link #down} is set. The real config-service is exercised by the end-to-end tests.
 */
@GrpcService
public class FakeConfigService implements ConfigService {

    static final Map<String, Integration> INTEGRATIONS = new ConcurrentHashMap<>();
    static volatile boolean down;

    @Override
    public Uni<GetIntegrationResponse> getIntegration(GetIntegrationRequest request) {
        if (down) {
            return Uni.createFrom().failure(Status.UNAVAILABLE.withDescription("config-service is down").asException());
        }
        Integration integration = INTEGRATIONS.get(request.getIntegrationId());
        if (integration == null) {
            return Uni.createFrom().failure(GrpcErrors.toStatus(ErrorCode.notFound("config.integration_not_found"),
                    "integration " + request.getIntegrationId() + " not found"));
        }
        return Uni.createFrom().item(GetIntegrationResponse.newBuilder().setIntegration(integration).build());
    }

    @Override
    public Uni<io.crmsync.proto.config.v1.ListIntegrationsResponse> listIntegrations(io.crmsync.proto.config.v1.ListIntegrationsRequest request) {
        return Uni.createFrom().failure(Status.UNIMPLEMENTED.withDescription("not used by notifications").asException());
    }

    @Override
    public Uni<io.crmsync.proto.config.v1.GetEndpointResponse> getEndpoint(io.crmsync.proto.config.v1.GetEndpointRequest request) {
        return Uni.createFrom().failure(Status.UNIMPLEMENTED.withDescription("not used by notifications").asException());
    }

    @Override
    public Uni<io.crmsync.proto.config.v1.GetEndpointCredentialResponse> getEndpointCredential(io.crmsync.proto.config.v1.GetEndpointCredentialRequest request) {
        return Uni.createFrom().failure(Status.UNIMPLEMENTED.withDescription("not used by notifications").asException());
    }

    @Override
    public Uni<io.crmsync.proto.config.v1.GetReferenceLookupResponse> getReferenceLookup(io.crmsync.proto.config.v1.GetReferenceLookupRequest request) {
        return Uni.createFrom().failure(Status.UNIMPLEMENTED.withDescription("not used by notifications").asException());
    }
}
