package io.crmsync.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import io.crmsync.launcher.process.ServiceSpec;
import io.crmsync.launcher.process.ServiceSupervisor;
import io.crmsync.launcher.process.Topology;
import io.crmsync.testsupport.TestDatabases;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * The four packaged services as separate processes on free ports, with fresh databases on the real
 * local PostgreSQL: the same wiring `bin/crmsync up` uses.
 */
final class CrmsyncStack implements AutoCloseable {

    static final String SOURCE_DB = "crmsync_e2e_crm";
    static final String TARGET_DB = "crmsync_e2e_warehouse";

    private static final Set<String> FINAL_STATES = Set.of("SUCCEEDED", "PARTIAL", "FAILED", "CANCELLED");

    final Topology topology;
    final ServiceSupervisor supervisor;
    private final List<ServiceSpec> services;

    private CrmsyncStack(Topology topology, ServiceSupervisor supervisor, List<ServiceSpec> services) {
        this.topology = topology;
        this.supervisor = supervisor;
        this.services = services;
    }

    /** The stack of the walking skeleton, with its source and target databases recreated empty. */
    static CrmsyncStack start() throws Exception {
        TestDatabases.recreate(SOURCE_DB);
        TestDatabases.recreate(TARGET_DB);
        return start("crmsync_e2e_", Map.of());
    }

    /**
     * A stack whose services own fresh databases named {@code dbPrefix…} and log to
     * {@code e2e/target/service-logs/<dbPrefix>}, each service started with the standard wiring plus its entry
     * of {@code extraEnvironment}, by service name (e.g. a shorter lease for scheduler-service).
     */
    static CrmsyncStack start(String dbPrefix, Map<String, Map<String, String>> extraEnvironment) throws Exception {
        return start(dbPrefix, extraEnvironment, UnaryOperator.identity());
    }

    /**
     * As {@link #start(String, Map)}, but starting the services {@code choose} makes of the standard ones (with
     * their extra environment): fewer, or more, e.g. a second replica of a service under a name and ports of its
     * own. Each service logs to {@code <name>.log}.
     */
    static CrmsyncStack start(String dbPrefix, Map<String, Map<String, String>> extraEnvironment,
            UnaryOperator<List<ServiceSpec>> choose) throws Exception {
        Path root = Path.of(System.getProperty("crmsync.root", "..")).toAbsolutePath().normalize();
        String admin = TestDatabases.adminUrl();
        String server = admin.substring(0, admin.lastIndexOf('/'));
        // The services' databases carry CRMSYNC_TEST_DB_SUFFIX too, so checkouts sharing a server stay apart.
        Topology topology = Topology.ephemeral(root, server, TestDatabases.user(), TestDatabases.password(),
                TestDatabases.prefix(dbPrefix));
        for (String database : topology.databases()) {
            TestDatabases.recreateExactly(database);
        }
        List<ServiceSpec> services = List.copyOf(choose.apply(topology.services().stream()
                .map(spec -> spec.withEnvironment(extraEnvironment.getOrDefault(spec.name(), Map.of())))
                .toList()));
        Path logs = root.resolve("e2e/target/service-logs").resolve(dbPrefix);
        Files.createDirectories(logs);
        for (ServiceSpec spec : services) {
            Files.deleteIfExists(logs.resolve(spec.name() + ".log"));
        }
        ServiceSupervisor supervisor = new ServiceSupervisor(logs);
        try {
            supervisor.startAll(services);
        } catch (Exception e) {
            supervisor.close();
            throw e;
        }
        return new CrmsyncStack(topology, supervisor, services);
    }

    /** How the stack started the service {@code name}, to start it again after {@link ServiceSupervisor#kill}. */
    ServiceSpec service(String name) {
        return services.stream().filter(spec -> spec.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name));
    }

    static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(TestDatabases.urlOf(database), TestDatabases.user(),
                TestDatabases.password());
    }

    /**
     * Points REST Assured at config-service with the admin token the stack was started with, as
     * {@code bin/crmsync up} does; every response body is appended to {@code responses} when it is not null.
     */
    void driveWithRestAssured(StringBuilder responses) {
        RestAssured.baseURI = topology.configApi();
        RestAssured.filters((request, response, ctx) -> {
            if (!request.getHeaders().hasHeaderWithName("Authorization")) {
                request.header("Authorization", "Bearer " + topology.adminToken());
            }
            var answer = ctx.next(request, response);
            if (responses != null) {
                responses.append(answer.asString()).append('\n');
            }
            return answer;
        });
    }

    /** The run once it reached a final state; fails after two minutes. */
    static JsonPath awaitRun(String runId) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            JsonPath run = RestAssured.given().get("/api/v1/runs/{id}", runId).then().statusCode(200).extract()
                    .jsonPath();
            if (FINAL_STATES.contains(run.getString("state"))) {
                return run;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("run " + runId + " did not finish within 2 minutes");
    }

    String allLogs() throws Exception {
        StringBuilder all = new StringBuilder();
        for (ServiceSpec spec : services) {
            Path log = supervisor.logFile(spec.name());
            if (Files.exists(log)) {
                all.append(Files.readString(log));
            }
        }
        return all.toString();
    }

    @Override
    public void close() {
        supervisor.close();
    }
}
