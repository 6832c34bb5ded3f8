package io.crmsync.worker.testing;

import java.util.Map;

import io.crmsync.common.error.ErrorCode;
import io.crmsync.common.error.GrpcErrors;
import io.crmsync.proto.config.v1.ConfigService;
import io.crmsync.proto.config.v1.Endpoint;
import io.crmsync.proto.config.v1.EndpointCredential;
import io.crmsync.proto.config.v1.GetEndpointCredentialRequest;
import io.crmsync.proto.config.v1.GetEndpointCredentialResponse;
import io.crmsync.proto.config.v1.GetEndpointRequest;
import io.crmsync.proto.config.v1.GetEndpointResponse;
import io.crmsync.proto.config.v1.GetIntegrationRequest;
import io.crmsync.proto.config.v1.GetIntegrationResponse;
import io.crmsync.proto.config.v1.GetReferenceLookupRequest;
import io.crmsync.proto.config.v1.GetReferenceLookupResponse;
import io.crmsync.proto.config.v1.Integration;
import io.crmsync.proto.config.v1.ListIntegrationsRequest;
import io.crmsync.proto.config.v1.ListIntegrationsResponse;
import io.crmsync.proto.config.v1.LookupRow;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

/** Stand-in for config-service, answering from {@link FakeRemotes}. */
@GrpcService
public class FakeConfigService implements ConfigService {

    @Override
    public Uni<GetIntegrationResponse> getIntegration(GetIntegrationRequest request) {
        Integration integration = FakeRemotes.INTEGRATIONS.get(request.getIntegrationId());
        if (integration == null) {
            return notFound("config.integration_not_found");
        }
        return Uni.createFrom().item(GetIntegrationResponse.newBuilder().setIntegration(integration).build());
    }

    @Override
    public Uni<GetEndpointResponse> getEndpoint(GetEndpointRequest request) {
        Endpoint endpoint = FakeRemotes.ENDPOINTS.get(request.getEndpointId());
        if (endpoint == null) {
            return notFound("config.endpoint_not_found");
        }
        return Uni.createFrom().item(GetEndpointResponse.newBuilder().setEndpoint(endpoint).build());
    }

    @Override
    public Uni<GetEndpointCredentialResponse> getEndpointCredential(GetEndpointCredentialRequest request) {
        Map<String, String> secrets = FakeRemotes.CREDENTIALS.get(request.getEndpointId());
        if (secrets == null) {
            return notFound("config.credential_missing");
        }
        return Uni.createFrom().item(GetEndpointCredentialResponse.newBuilder().setCredential(
                EndpointCredential.newBuilder().setEndpointId(request.getEndpointId()).putAllSecrets(secrets)).build());
    }

    /** All rows in one page: paging is config-service's part, tested there. */
    @Override
    public Uni<GetReferenceLookupResponse> getReferenceLookup(GetReferenceLookupRequest request) {
        Map<String, String> rows = FakeRemotes.LOOKUPS.get(request.getName());
        if (rows == null) {
            return notFound("config.lookup_not_found");
        }
        GetReferenceLookupResponse.Builder response = GetReferenceLookupResponse.newBuilder()
                .setName(request.getName()).setVersion(1);
        rows.forEach((source, target) -> response.addRows(LookupRow.newBuilder().setSource(source).setTarget(target)));
        return Uni.createFrom().item(response.build());
    }

    @Override
    public Uni<ListIntegrationsResponse> listIntegrations(ListIntegrationsRequest request) {
        return Uni.createFrom().failure(new UnsupportedOperationException("the scheduler's call, not the worker's"));
    }

    private static <T> Uni<T> notFound(String reason) {
        return Uni.createFrom().failure(GrpcErrors.toStatus(ErrorCode.notFound(reason), reason));
    }
}
