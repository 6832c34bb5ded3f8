package io.crmsync.worker.remote;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.error.ErrorCode;
import io.crmsync.common.net.EndpointHosts;
import io.crmsync.common.net.HostPolicy;
import io.crmsync.worker.connector.EndpointAccess;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The worker's own SSRF check, run each time an endpoint is fetched to be connected to. config-service checked
 * the hosts when the endpoint was saved, but a name may resolve to an internal address later (DNS rebinding), and
 * the worker is the one that connects. Same policy and allow-list ({@code crmsync.endpoints.allowed-hosts}).
 */
@ApplicationScoped
class EndpointHostCheck {

    static final ErrorCode HOST_REFUSED = ErrorCode.failedPrecondition("worker.endpoint_host_refused");

    private final HostPolicy policy;

    EndpointHostCheck(@ConfigProperty(name = "crmsync.endpoints.allowed-hosts") Optional<List<String>> allowed) {
        this.policy = new HostPolicy(allowed.orElse(List.of()));
    }

    void check(EndpointAccess endpoint) {
        for (Map.Entry<String, String> host : EndpointHosts.of(endpoint.settings())) {
            Optional<String> refusal = policy.refusal(host.getValue());
            if (refusal.isPresent()) {
                throw new CrmsyncException(HOST_REFUSED, "endpoint '" + endpoint.name() + "': setting "
                        + host.getKey() + " host '" + host.getValue() + "' " + refusal.get());
            }
        }
    }
}
