package io.crmsync.worker.remote;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.microprofile.faulttolerance.Retry;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.error.ErrorCode;
import io.crmsync.proto.config.v1.ConfigServiceGrpc.ConfigServiceBlockingStub;
import io.crmsync.proto.config.v1.Endpoint;
import io.crmsync.proto.config.v1.GetEndpointCredentialRequest;
import io.crmsync.proto.config.v1.GetEndpointRequest;
import io.crmsync.proto.config.v1.GetReferenceLookupRequest;
import io.crmsync.proto.config.v1.GetReferenceLookupResponse;
import io.crmsync.proto.config.v1.GetIntegrationRequest;
import io.crmsync.proto.config.v1.Integration;
import io.crmsync.worker.connector.ConnectorRegistry;
import io.crmsync.worker.connector.EndpointAccess;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Calls config-service: integrations, endpoints and their credentials. */
@ApplicationScoped
public class ConfigClient {

    static final String PEER = "config-service";
    static final String CREDENTIAL_MISSING = "config.credential_missing";

    @GrpcClient("config")
    ConfigServiceBlockingStub config;

    @Inject
    EndpointHostCheck hosts;

    @Retry(maxRetries = 4, delay = 300, jitter = 150, maxDuration = 90_000,
            retryOn = RemoteUnavailableException.class)
    public Integration getIntegration(String integrationId) {
        return RemoteCalls.call(PEER, () -> stub()
                .getIntegration(GetIntegrationRequest.newBuilder().setIntegrationId(integrationId).build())
                .getIntegration());
    }

    /**
     * The endpoint with its credential, once its hosts pass the worker's SSRF check. An endpoint without a stored
     * credential gets no secrets: some servers accept that, and the ones that do not say so when the connector
     * authenticates.
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
        EndpointAccess access = new EndpointAccess(endpoint.getId(), endpoint.getName(),
                ConnectorRegistry.typeName(endpoint.getType()), endpoint.getSettingsMap(), secrets);
        hosts.check(access);
        return access;
    }

    /**
     * A reference lookup's rows (source value to target value), read page by page; read again from the start if
     * the lookup is replaced meanwhile, so a run never mixes two versions.
     */
    @Retry(maxRetries = 4, delay = 300, jitter = 150, maxDuration = 90_000,
            retryOn = RemoteUnavailableException.class)
    public Map<String, String> getReferenceLookup(String name) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Map<String, String> rows = new HashMap<>();
            long version = -1;
            String token = "";
            boolean changed = false;
            do {
                String pageToken = token;
                GetReferenceLookupResponse page = RemoteCalls.call(PEER, () -> stub().getReferenceLookup(
                        GetReferenceLookupRequest.newBuilder().setName(name).setPageToken(pageToken).build()));
                if (version >= 0 && page.getVersion() != version) {
                    changed = true;
                    break;
                }
                version = page.getVersion();
                page.getRowsList().forEach(r -> rows.put(r.getSource(), r.getTarget()));
                token = page.getNextPageToken();
            } while (!token.isEmpty());
            if (!changed) {
                return rows;
            }
        }
        throw new CrmsyncException(ErrorCode.UNAVAILABLE,
                "reference lookup '" + name + "' kept changing while it was read; try again", null, null);
    }

    private ConfigServiceBlockingStub stub() {
        return config.withDeadlineAfter(RemoteCalls.DEADLINE_SECONDS, RemoteCalls.DEADLINE_UNIT);
    }
}
