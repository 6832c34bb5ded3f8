package io.crmsync.worker.remote;

import java.util.Map;

import org.eclipse.microprofile.faulttolerance.Retry;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.proto.config.v1.ConfigServiceGrpc.ConfigServiceBlockingStub;
import io.crmsync.proto.config.v1.Endpoint;
import io.crmsync.proto.config.v1.GetEndpointCredentialRequest;
import io.crmsync.proto.config.v1.GetEndpointRequest;
import io.crmsync.proto.config.v1.GetIntegrationRequest;
import io.crmsync.proto.config.v1.Integration;
import io.crmsync.worker.connector.ConnectorRegistry;
import io.crmsync.worker.connector.EndpointAccess;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;

/** Calls config-service: integrations, endpoints and their credentials. */
@ApplicationScoped
public class ConfigClient {

    static final String PEER = "config-service";
    static final String CREDENTIAL_MISSING = "config.credential_missing";

    @GrpcClient("config")
    ConfigServiceBlockingStub config;

    @Retry(maxRetries = 4, delay = 300, jitter = 150, maxDuration = 90_000,
            retryOn = RemoteUnavailableException.class)
    public Integration getIntegration(String integrationId) {
        return RemoteCalls.call(PEER, () -> stub()
                .getIntegration(GetIntegrationRequest.newBuilder().setIntegrationId(integrationId).build())
                .getIntegration());
    }

    /**
     * The endpoint with its credential. An endpoint without a stored credential gets no secrets: some
     * servers accept that, and the ones that do not say so when the connector authenticates.
     */
    @Retry(maxRetries = 4, delay = 300, jitter = 150, maxDuration = 90_000,
            retryOn = RemoteUnavailableException.class)
    public EndpointAccess getEndpointAccess(String endpointId) {
        Endpoint endpoint = RemoteCalls.call(PEER, () -> stub()
                .getEndpoint(GetEndpointRequest.newBuilder().setEndpointId(endpointId).build()).getEndpoint());
        Map<String, String> secrets;
        try {
            secrets = RemoteCalls.call(PEER, () -> stub()
                    .getEndpointCredential(GetEndpointCredentialRequest.newBuilder().setEndpointId(endpointId).build())
                    .getCredential().getSecretsMap());
        } catch (CrmsyncException e) {
            if (!CREDENTIAL_MISSING.equals(e.code().reason())) {
                throw e;
            }
            secrets = Map.of();
        }
        return new EndpointAccess(endpoint.getId(), endpoint.getName(), ConnectorRegistry.typeName(endpoint.getType()),
                endpoint.getSettingsMap(), secrets);
    }

    private ConfigServiceBlockingStub stub() {
        return config.withDeadlineAfter(RemoteCalls.DEADLINE_SECONDS, RemoteCalls.DEADLINE_UNIT);
    }
}
