package io.crmsync.config.peers;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Points the scheduler, transfer and exceptions clients at the fakes served by the test's own gRPC server. */
public class FakePeersProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.grpc.clients.scheduler.test-port", "9100",
                "quarkus.grpc.clients.transfer.test-port", "9100",
                "quarkus.grpc.clients.exceptions.test-port", "9100");
    }
}
