package io.crmsync.config.grpc;

import java.util.List;
import java.util.UUID;

import io.crmsync.common.error.GrpcCalls;
import io.crmsync.common.id.Ids;
import io.crmsync.common.paging.PageRequest;
import io.crmsync.config.credential.CredentialStore;
import io.crmsync.config.endpoint.EndpointMapper;
import io.crmsync.config.endpoint.EndpointRegistry;
import io.crmsync.config.integration.IntegrationCatalog;
import io.crmsync.config.integration.IntegrationDefinition;
import io.crmsync.config.integration.IntegrationMapper;
import io.crmsync.config.lookup.LookupCsv;
import io.crmsync.config.lookup.LookupEntity;
import io.crmsync.config.lookup.LookupStore;
import io.crmsync.proto.config.v1.ConfigService;
import io.crmsync.proto.config.v1.EndpointCredential;
import io.crmsync.proto.config.v1.GetEndpointCredentialRequest;
import io.crmsync.proto.config.v1.GetEndpointCredentialResponse;
import io.crmsync.proto.config.v1.GetEndpointRequest;
import io.crmsync.proto.config.v1.GetEndpointResponse;
import io.crmsync.proto.config.v1.GetIntegrationRequest;
import io.crmsync.proto.config.v1.GetIntegrationResponse;
import io.crmsync.proto.config.v1.GetReferenceLookupRequest;
import io.crmsync.proto.config.v1.GetReferenceLookupResponse;
import io.crmsync.proto.config.v1.ListIntegrationsRequest;
import io.crmsync.proto.config.v1.ListIntegrationsResponse;
import io.crmsync.proto.config.v1.LookupRow;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/** gRPC adapter for the other services: parses ids, delegates, maps; failures keep their reasons. */
@GrpcService
public class ConfigGrpcService implements ConfigService {

    /**
     * Lookup rows per page. 1,000 rows of two values of at most 4,000 characters are at most 24 MB; workers
     * accept messages of 32 MB from config-service.
     */
    private static final int LOOKUP_PAGE = 1_000;

    private final IntegrationCatalog integrations;
    private final EndpointRegistry endpoints;
    private final CredentialStore credentials;
    private final LookupStore lookups;

    ConfigGrpcService(IntegrationCatalog integrations, EndpointRegistry endpoints, CredentialStore credentials,
            LookupStore lookups) {
        this.integrations = integrations;
        this.endpoints = endpoints;
        this.credentials = credentials;
        this.lookups = lookups;
    }

    @Override
    @Blocking
    public Uni<GetIntegrationResponse> getIntegration(GetIntegrationRequest request) {
        return GrpcCalls.respond(() -> GetIntegrationResponse.newBuilder()
                .setIntegration(IntegrationMapper.toProto(
                        integrations.definition(Ids.parse("integration_id", request.getIntegrationId()))))
                .build());
    }

    @Override
    @Blocking
    public Uni<GetEndpointResponse> getEndpoint(GetEndpointRequest request) {
        return GrpcCalls.respond(() -> GetEndpointResponse.newBuilder()
                .setEndpoint(EndpointMapper.toProto(endpoints.get(Ids.parse("endpoint_id", request.getEndpointId()))))
                .build());
    }

    @Override
    @Blocking
    public Uni<GetEndpointCredentialResponse> getEndpointCredential(GetEndpointCredentialRequest request) {
        return GrpcCalls.respond(() -> {
            UUID endpointId = Ids.parse("endpoint_id", request.getEndpointId());
            return GetEndpointCredentialResponse.newBuilder()
                    .setCredential(EndpointCredential.newBuilder()
                            .setEndpointId(endpointId.toString())
                            .putAllSecrets(credentials.reveal(endpointId)))
                    .build();
        });
    }

    @Override
    @Blocking
    public Uni<GetReferenceLookupResponse> getReferenceLookup(GetReferenceLookupRequest request) {
        return GrpcCalls.respond(() -> {
            LookupEntity lookup = lookups.byName(request.getName());
            PageRequest page = PageRequest.of(request.getPageToken(), request.getPageSize(), LOOKUP_PAGE,
                    LOOKUP_PAGE);
            List<LookupCsv.Entry> entries = lookups.entries(lookup.id, page);
            GetReferenceLookupResponse.Builder response = GetReferenceLookupResponse.newBuilder()
                    .setName(lookup.name).setVersion(lookup.version)
                    .setNextPageToken(entries.size() < page.size() ? "" : page.nextToken(entries.size()));
            entries.forEach(e -> response.addRows(LookupRow.newBuilder().setSource(e.source()).setTarget(e.target())));
            return response.build();
        });
    }

    @Override
    @Blocking
    public Uni<ListIntegrationsResponse> listIntegrations(ListIntegrationsRequest request) {
        return GrpcCalls.respond(() -> {
            PageRequest page = PageRequest.of(request.getPageToken(), request.getPageSize(), 100, 200);
            List<IntegrationDefinition> definitions = integrations.definitionsInCreationOrder(page);
            ListIntegrationsResponse.Builder response = ListIntegrationsResponse.newBuilder()
                    .setNextPageToken(page.nextToken(definitions.size()));
            definitions.forEach(d -> response.addIntegrations(IntegrationMapper.toProto(d)));
            return response.build();
        });
    }
}
