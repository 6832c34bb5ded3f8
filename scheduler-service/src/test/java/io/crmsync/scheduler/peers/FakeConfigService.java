package io.crmsync.scheduler.peers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.crmsync.common.error.ErrorCode;
import io.crmsync.common.error.GrpcErrors;
import io.crmsync.proto.config.v1.ConfigService;
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
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

/** Stand-in for config-service: serves the integrations tests put in {@link #INTEGRATIONS}, two per page. */
@GrpcService
public class FakeConfigService implements ConfigService {

    public static final Map<String, Integration> INTEGRATIONS = new ConcurrentHashMap<>();
    /** Integrations the lists leave out, as offset pages miss one when others are created or deleted meanwhile. */
    public static final Set<String> MISSED_BY_LISTS = ConcurrentHashMap.newKeySet();

    @Override
    public Uni<GetIntegrationResponse> getIntegration(GetIntegrationRequest request) {
        Integration integration = INTEGRATIONS.get(request.getIntegrationId());
        if (integration == null) {
            return Uni.createFrom().failure(GrpcErrors.toStatus(ErrorCode.notFound("config.integration_not_found"),
                    "integration " + request.getIntegrationId() + " not found"));
        }
        return Uni.createFrom().item(GetIntegrationResponse.newBuilder().setIntegration(integration).build());
    }

    @Override
    public Uni<ListIntegrationsResponse> listIntegrations(ListIntegrationsRequest request) {
        List<Integration> all = new ArrayList<>(INTEGRATIONS.values());
        all.removeIf(integration -> MISSED_BY_LISTS.contains(integration.getId()));
        all.sort((a, b) -> a.getId().compareTo(b.getId()));
        int from = request.getPageToken().isEmpty() ? 0 : Integer.parseInt(request.getPageToken());
        int to = Math.min(all.size(), from + 2);
        return Uni.createFrom().item(ListIntegrationsResponse.newBuilder()
                .addAllIntegrations(all.subList(from, to))
                .setNextPageToken(to < all.size() ? String.valueOf(to) : "").build());
    }

    @Override
    public Uni<GetEndpointResponse> getEndpoint(GetEndpointRequest request) {
        return Uni.createFrom().failure(new UnsupportedOperationException("not used by the scheduler"));
    }

    @Override
    public Uni<GetEndpointCredentialResponse> getEndpointCredential(GetEndpointCredentialRequest request) {
        return Uni.createFrom().failure(new UnsupportedOperationException("not used by the scheduler"));
    }

    @Override
    public Uni<GetReferenceLookupResponse> getReferenceLookup(GetReferenceLookupRequest request) {
        return Uni.createFrom().failure(new UnsupportedOperationException("not used by the scheduler"));
    }
}
