package io.crmsync.scheduler.schedule;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.crmsync.common.error.GrpcErrors;
import io.crmsync.proto.config.v1.ConfigServiceGrpc;
import io.crmsync.proto.config.v1.GetIntegrationRequest;
import io.crmsync.proto.config.v1.Integration;
import io.crmsync.proto.config.v1.ListIntegrationsRequest;
import io.crmsync.proto.config.v1.ListIntegrationsResponse;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads integrations from config-service, with a deadline; failures keep their reasons. */
@ApplicationScoped
class ConfigReader {

    private static final String PEER = "config-service";

    @GrpcClient("config")
    ConfigServiceGrpc.ConfigServiceBlockingStub config;

    private final Duration deadline;

    ConfigReader(@ConfigProperty(name = "crmsync.scheduler.peer-deadline") Duration deadline) {
        this.deadline = deadline;
    }

    record Page(List<Integration> integrations, String nextPageToken) {
    }

    Integration integration(String integrationId) {
        try {
            return stub().getIntegration(GetIntegrationRequest.newBuilder().setIntegrationId(integrationId).build())
                    .getIntegration();
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.fromCall(PEER, e);
        }
    }

    Page integrations(String pageToken) {
        try {
            ListIntegrationsResponse page = stub().listIntegrations(ListIntegrationsRequest.newBuilder()
                    .setPageToken(pageToken).build());
            return new Page(page.getIntegrationsList(), page.getNextPageToken());
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.fromCall(PEER, e);
        }
    }

    private ConfigServiceGrpc.ConfigServiceBlockingStub stub() {
        return config.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }
}
