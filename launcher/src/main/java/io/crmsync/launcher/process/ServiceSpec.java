package io.crmsync.launcher.process;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * How to start one packaged service: its name, the Quarkus fast-jar to run, its HTTP port (used for
 * readiness) and the environment that configures it.
 */
public record ServiceSpec(String name, Path jar, int httpPort, Map<String, String> environment) {

    /** Names the environment's keys only: values include the database password and the credentials key. */
    @Override
    public String toString() {
        return "ServiceSpec[name=" + name + ", jar=" + jar + ", httpPort=" + httpPort + ", environment="
                + new java.util.TreeSet<>(environment.keySet()) + "]";
    }

    /** The same service with {@code extra} added to its environment, replacing entries of the same name. */
    public ServiceSpec withEnvironment(Map<String, String> extra) {
        Map<String, String> merged = new HashMap<>(environment);
        merged.putAll(extra);
        return new ServiceSpec(name, jar, httpPort, Map.copyOf(merged));
    }

    /** Another instance of this service, named {@code name} (its log's name too), on its own ports. */
    public ServiceSpec replica(String name, Topology.Ports ports) {
        Map<String, String> env = new HashMap<>(environment);
        env.put("PORT", Integer.toString(ports.http()));
        env.put("GRPC_PORT", Integer.toString(ports.grpc()));
        return new ServiceSpec(name, jar, ports.http(), Map.copyOf(env));
    }

    public String readinessUrl() {
        return "http://localhost:" + httpPort + "/q/health/ready";
    }
}
