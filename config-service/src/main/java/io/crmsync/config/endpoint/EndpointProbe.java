package io.crmsync.config.endpoint;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.crmsync.common.error.GrpcErrors;
import io.crmsync.proto.transfer.v1.TestConnectionRequest;
import io.crmsync.proto.transfer.v1.TestConnectionResponse;
import io.crmsync.proto.transfer.v1.TransferServiceGrpc;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import org.jboss.logging.Logger;

/** Asks a transfer worker to connect to an endpoint with its stored credential. */
@ApplicationScoped
public class EndpointProbe {

    private static final Logger LOG = Logger.getLogger(EndpointProbe.class);

    @GrpcClient("transfer")
    TransferServiceGrpc.TransferServiceBlockingStub transfer;

    private final EndpointRegistry endpoints;
    private final Duration deadline;
    private final Event<ConnectionTested> tested;

    EndpointProbe(EndpointRegistry endpoints,
            @ConfigProperty(name = "crmsync.grpc.test-connection-deadline") Duration deadline,
            Event<ConnectionTested> tested) {
        this.endpoints = endpoints;
        this.deadline = deadline;
        this.tested = tested;
    }

    public ConnectionTestResult test(UUID endpointId) {
        endpoints.get(endpointId);
        try {
            TestConnectionResponse response = transfer.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                    .testConnection(TestConnectionRequest.newBuilder().setEndpointId(endpointId.toString()).build());
            LOG.infof("endpoint tested endpoint_id=%s ok=%s", endpointId, response.getOk());
            tested.fire(new ConnectionTested(endpointId, response.getOk(), response.getMessage()));
            return new ConnectionTestResult(response.getOk(), response.getMessage());
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.fromCall("transfer-worker", e);
        }
    }
}
