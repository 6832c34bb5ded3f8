package io.crmsync.config.endpoint;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.net.EndpointHosts;
import io.crmsync.common.net.HostPolicy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Refuses endpoint settings that point at internal hosts (loopback, cloud metadata, private ranges) unless an
 * operator allow-lists them: otherwise an admin could make workers probe the cluster's own network. Workers
 * check again when they connect, since a name may resolve differently later.
 */
@ApplicationScoped
class EndpointHostGuard {

    private final HostPolicy policy;

    EndpointHostGuard(@ConfigProperty(name = "crmsync.endpoints.allowed-hosts") Optional<List<String>> allowed) {
        this.policy = new HostPolicy(allowed.orElse(List.of()));
    }

    void check(Map<String, String> settings) {
        for (Map.Entry<String, String> host : EndpointHosts.of(settings)) {
            // Tokens and records must not cross the internet in clear text; an allow-listed host is on the
            // operator's own network (a proxy, or the CRM emulator of a local setup).
            if (settings.get(host.getKey()).startsWith("http://") && !policy.allowListed(host.getValue())) {
                throw CrmsyncException.invalidField("settings." + host.getKey(), "must be an https URL; plain http "
                        + "is accepted only for hosts an operator allow-lists (crmsync.endpoints.allowed-hosts)");
            }
            Optional<String> refusal = policy.refusal(host.getValue());
            if (refusal.isPresent()) {
                throw CrmsyncException.invalidField("settings." + host.getKey(),
                        "host '" + host.getValue() + "' " + refusal.get());
            }
        }
    }
}
