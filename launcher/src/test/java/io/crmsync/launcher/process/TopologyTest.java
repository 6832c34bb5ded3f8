package io.crmsync.launcher.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class TopologyTest {

    @Test
    void shouldWireEveryServiceToTheOthersAndToItsOwnDatabase() {
        // given
        Topology topology = Topology.standard(Path.of("/opt/crmsync"), "jdbc:postgresql://db:5432?ssl=true", "app", "pw",
                "a2V5", "cGF5bG9hZA==", "webhook-secret-0123456789", "admin-token-0123456789abcdefghijklmnop");

        // when
        Map<String, ServiceSpec> specs = topology.services().stream()
                .collect(Collectors.toMap(ServiceSpec::name, s -> s));

        // then
        assertThat(specs).containsOnlyKeys("config-service", "scheduler-service", "transfer-worker",
                "exception-service");
        ServiceSpec scheduler = specs.get("scheduler-service");
        assertThat(scheduler.jar()).isEqualTo(Path.of("/opt/crmsync/scheduler-service/target/quarkus-app/quarkus-run.jar"));
        assertThat(scheduler.environment())
                .containsEntry("PORT", "8081")
                .containsEntry("GRPC_PORT", "9081")
                .containsEntry("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://db:5432/crmsync_scheduler?ssl=true")
                .containsEntry("QUARKUS_GRPC_CLIENTS_CONFIG_PORT", "9080")
                .containsEntry("QUARKUS_GRPC_CLIENTS_EXCEPTIONS_PORT", "9083");
        assertThat(specs.get("transfer-worker").environment()).doesNotContainKey("QUARKUS_DATASOURCE_JDBC_URL");
        assertThat(specs.get("config-service").environment()).containsEntry("CRMSYNC_CREDENTIALS_KEY", "a2V5");
        assertThat(specs.get("config-service").environment())
                .containsEntry("CRMSYNC_AUTH_STATIC_TOKENS_ADMIN_TOKEN", "admin-token-0123456789abcdefghijklmnop")
                .containsEntry("CRMSYNC_AUTH_STATIC_TOKENS_ADMIN_ROLES",
                        "connections-admin,integrations-admin,operator,viewer");
        assertThat(scheduler.environment()).doesNotContainKey("CRMSYNC_CREDENTIALS_KEY")
                .doesNotContainKey("CRMSYNC_AUTH_STATIC_TOKENS_ADMIN_TOKEN");
        assertThat(specs.get("exception-service").environment())
                .containsEntry("CRMSYNC_EXCEPTIONS_PAYLOAD_KEY", "cGF5bG9hZA==")
                .containsEntry("CRMSYNC_NOTIFICATIONS_WEBHOOK_SECRET", "webhook-secret-0123456789")
                .containsEntry("CRMSYNC_NOTIFICATIONS_ALLOWED_HOSTS", "localhost,127.0.0.1,::1")
                .doesNotContainKey("CRMSYNC_CREDENTIALS_KEY");
        assertThat(specs.get("config-service").environment())
                .containsEntry("CRMSYNC_NOTIFICATIONS_ALLOWED_HOSTS", "localhost,127.0.0.1,::1")
                .doesNotContainKey("CRMSYNC_NOTIFICATIONS_WEBHOOK_SECRET");
        assertThat(specs.get("config-service").environment()).doesNotContainKey("CRMSYNC_EXCEPTIONS_PAYLOAD_KEY");
        assertThat(topology.toString() + specs.values()).doesNotContain("pw").doesNotContain("a2V5")
                .doesNotContain("cGF5bG9hZA==").doesNotContain("webhook-secret-")
                .doesNotContain("admin-token-");
        assertThat(topology.databases()).containsExactly("crmsync_config", "crmsync_scheduler", "crmsync_exception");
    }

    @Test
    void shouldGiveEveryServiceItsOwnFreePortsWhenEphemeral() {
        // when
        Topology topology = Topology.ephemeral(Path.of("."), "jdbc:postgresql://localhost:5432", "u", "", "t_");

        // then
        assertThat(topology.services()).extracting(ServiceSpec::httpPort).doesNotHaveDuplicates();
        assertThat(topology.databases()).allMatch(name -> name.startsWith("t_"));
        assertThat(topology.adminToken()).hasSize(43).matches("[A-Za-z0-9_-]+")
                .isNotEqualTo(Topology.ephemeral(Path.of("."), "jdbc:postgresql://localhost:5432", "u", "", "t_")
                        .adminToken());
    }
}
