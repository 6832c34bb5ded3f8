package io.crmsync.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

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

    private CrmsyncStack(Topology topology, ServiceSupervisor supervisor) {
        this.topology = topology;
        this.supervisor = supervisor;
    }

    static CrmsyncStack start() throws Exception {
        Path root = Path.of(System.getProperty("crmsync.root", "..")).toAbsolutePath().normalize();
        String admin = TestDatabases.adminUrl();
        String server = admin.substring(0, admin.lastIndexOf('/'));
        Topology topology = Topology.ephemeral(root, server, TestDatabases.user(), TestDatabases.password(),
                "crmsync_e2e_");
        for (String database : topology.databases()) {
            TestDatabases.recreate(database);
        }
        TestDatabases.recreate(SOURCE_DB);
        TestDatabases.recreate(TARGET_DB);
        Path logs = root.resolve("e2e/target/service-logs");
        Files.createDirectories(logs);
        for (String name : new String[] { "config-service", "scheduler-service", "transfer-worker",
                "exception-service" }) {
            Files.deleteIfExists(logs.resolve(name + ".log"));
        }
        ServiceSupervisor supervisor = new ServiceSupervisor(logs);
        try {
            supervisor.startAll(topology.services());
        } catch (Exception e) {
            supervisor.close();
            throw e;
        }
        return new CrmsyncStack(topology, supervisor);
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
        for (String name : new String[] { "config-service", "scheduler-service", "transfer-worker",
                "exception-service" }) {
            Path log = supervisor.logFile(name);
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
