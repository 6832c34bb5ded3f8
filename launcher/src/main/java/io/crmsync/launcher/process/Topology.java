package io.crmsync.launcher.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The four services on one machine: their ports, databases and how they find each other. Both
 * `bin/crmsync up` and the e2e tests build the processes from here, so both run the same wiring.
 */
public record Topology(Path root, String jdbcServer, String dbUser, String dbPassword, String dbPrefix,
        String credentialsKey, String payloadKey, String webhookSecret, String adminToken, Ports config,
        Ports scheduler, Ports worker, Ports exception) {

    /** Every role of config-service's admin API: the local admin may do anything. */
    static final String ADMIN_ROLES = "connections-admin,integrations-admin,operator,viewer";

    /** The HTTP and gRPC port of one service. */
    public record Ports(int http, int grpc) {
    }

    /** The ports documented in the READMEs, for `bin/crmsync up`. */
    public static Topology standard(Path root, String jdbcServer, String user, String password,
            String credentialsKey, String payloadKey, String webhookSecret, String adminToken) {
        return new Topology(root, jdbcServer, user, password, "crmsync_", credentialsKey, payloadKey, webhookSecret,
                adminToken,
                new Ports(8080, 9080),
                new Ports(8081, 9081), new Ports(8082, 9082), new Ports(8083, 9083));
    }

    /** Free ports chosen by the OS and fresh secrets, for tests that must not collide with a running stack. */
    public static Topology ephemeral(Path root, String jdbcServer, String user, String password, String dbPrefix) {
        return new Topology(root, jdbcServer, user, password, dbPrefix, SecretFile.newCredentialsKey(),
                SecretFile.newCredentialsKey(), SecretFile.newAdminToken(), SecretFile.newAdminToken(), freePorts(),
                freePorts(), freePorts(), freePorts());
    }

    /** The databases the services own, which must exist before they start. */
    public List<String> databases() {
        return List.of(dbPrefix + "config", dbPrefix + "scheduler", dbPrefix + "exception");
    }

    public String configApi() {
        return "http://localhost:" + config.http();
    }

    public List<ServiceSpec> services() {
        return List.of(
                spec("exception-service", exception, dbPrefix + "exception"),
                spec("config-service", config, dbPrefix + "config"),
                spec("scheduler-service", scheduler, dbPrefix + "scheduler"),
                spec("transfer-worker", worker, null));
    }

    private ServiceSpec spec(String name, Ports ports, String database) {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", Integer.toString(ports.http()));
        env.put("GRPC_PORT", Integer.toString(ports.grpc()));
        if (database != null) {
            env.put("QUARKUS_DATASOURCE_JDBC_URL", JdbcUrls.withDatabase(jdbcServer, database));
            env.put("QUARKUS_DATASOURCE_USERNAME", dbUser);
            env.put("QUARKUS_DATASOURCE_PASSWORD", dbPassword);
        }
        if (name.equals("config-service") || name.equals("transfer-worker")) {
            // Local databases are on this machine: allow them past the SSRF guard (config-service checks when
            // endpoints are saved, workers when they connect), and nothing else internal.
            env.put("CRMSYNC_ENDPOINTS_ALLOWED_HOSTS", "localhost,127.0.0.1,::1");
        }
        if (name.equals("transfer-worker")) {
            // CSV endpoints of a local stack use directories under the checkout's .crmsync/files.
            env.put("CRMSYNC_WORKER_CSV_ROOT", root.resolve(".crmsync/files").toString());
        }
        if (name.equals("config-service")) {
            env.put("CRMSYNC_CREDENTIALS_KEY", credentialsKey);
            env.put("CRMSYNC_CREDENTIALS_KEY_ID", "local");
            env.put("CRMSYNC_AUTH_STATIC_TOKENS_ADMIN_TOKEN", adminToken);
            env.put("CRMSYNC_AUTH_STATIC_TOKENS_ADMIN_ROLES", ADMIN_ROLES);
        }
        if (name.equals("exception-service")) {
            // Seals the payload snapshots of rejected records; a key of its own, apart from the credentials key.
            env.put("CRMSYNC_EXCEPTIONS_PAYLOAD_KEY", payloadKey);
            env.put("CRMSYNC_EXCEPTIONS_PAYLOAD_KEY_ID", "local");
            env.put("CRMSYNC_NOTIFICATIONS_WEBHOOK_SECRET", webhookSecret);
            // No SMTP server locally: notification e-mails are written to exception-service's log instead.
            env.put("QUARKUS_MAILER_MOCK", "true");
        }
        if (name.equals("config-service") || name.equals("exception-service")) {
            // Webhook receivers on this machine (a local test receiver) may get notifications.
            env.put("CRMSYNC_NOTIFICATIONS_ALLOWED_HOSTS", "localhost,127.0.0.1,::1");
        }
        client(env, "CONFIG", config);
        client(env, "SCHEDULER", scheduler);
        client(env, "TRANSFER", worker);
        client(env, "EXCEPTIONS", exception);
        Path jar = root.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        return new ServiceSpec(name, jar, ports.http(), Map.copyOf(env));
    }

    /** Without the database password, the keys and the admin token. */
    @Override
    public String toString() {
        return "Topology[root=" + root + ", jdbcServer=" + jdbcServer + ", dbUser=" + dbUser + ", config=" + config
                + ", scheduler=" + scheduler + ", worker=" + worker + ", exception=" + exception + "]";
    }

    private static void client(Map<String, String> env, String client, Ports ports) {
        env.put("QUARKUS_GRPC_CLIENTS_" + client + "_HOST", "localhost");
        env.put("QUARKUS_GRPC_CLIENTS_" + client + "_PORT", Integer.toString(ports.grpc()));
    }

    /** An HTTP and a gRPC port free right now, e.g. for a second instance of a service. */
    public static Ports freePorts() {
        return new Ports(freePort(), freePort());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
