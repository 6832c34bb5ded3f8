package io.crmsync.config.grpc;

import java.util.UUID;

import io.crmsync.common.error.GrpcCalls;
import io.crmsync.common.id.Ids;
import io.crmsync.config.credential.CredentialStore;
import io.crmsync.config.endpoint.EndpointMapper;
import io.crmsync.config.endpoint.EndpointRegistry;
import io.crmsync.config.integration.IntegrationCatalog;
import io.crmsync.config.integration.IntegrationMapper;
import io.crmsync.proto.config.v1.ConfigService;
import io.crmsync.proto.config.v1.EndpointCredential;
import io.crmsync.proto.config.v1.GetEndpointCredentialRequest;
import io.crmsync.proto.config.v1.GetEndpointCredentialResponse;
import io.crmsync.proto.config.v1.GetEndpointRequest;
import io.crmsync.proto.config.v1.GetEndpointResponse;
import io.crmsync.proto.config.v1.GetIntegrationRequest;
import io.crmsync.proto.config.v1.GetIntegrationResponse;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/** gRPC adapter for the other services: parses ids, delegates, maps; failures keep their reasons. */
@GrpcService
public class ConfigGrpcService implements ConfigService {

    private final IntegrationCatalog integrations;
    private final EndpointRegistry endpoints;
    private final CredentialStore credentials;

    ConfigGrpcService(IntegrationCatalog integrations, EndpointRegistry endpoints, CredentialStore credentials) {
        this.integrations = integrations;
        this.endpoints = endpoints;
        this.credentials = credentials;
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
}
