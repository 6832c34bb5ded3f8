package io.crmsync.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.crmsync.launcher.demo.DemoData;
import io.crmsync.launcher.process.JdbcUrls;
import io.crmsync.launcher.process.ServiceSpec;
import io.crmsync.testsupport.TestDatabases;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * Two scheduler-service processes side by side on one scheduler database: 1,000 schedules fall due at the same
 * instant while both run, and each fires exactly once, by one replica or the other.
 *
 * <p>The schedules come the real way: 1,000 integrations declared and activated in config-service through its
 * configuration-as-code import (one document per {@value #PER_IMPORT} integrations, each one transaction), each
 * activation checking the mapping against the real objects through a real transfer-worker, as an admin's would;
 * the schedulers learn of them from config-service ({@code SyncIntegration} notices and the periodic
 * reconciliation over {@code ListIntegrations}, which also keeps them: config-service knows every one). Their
 * cadence is a {@code once} at a whole minute in UTC (the finest a cadence can name), set by a second import once
 * both schedulers are up, at least {@link #PLANNING_MARGIN} ahead so that every schedule is planned for it before
 * it comes. The worker is stopped before the fire, so the runs stay PENDING: this test is about firing, not running.
 *
 * <p>With the runs pending, a second fire of one integration would create no second run (it would be coalesced as
 * "run in progress", or found by its idempotency key), so a double fire is looked for where it would show: the
 * replicas' logs hold exactly 1,000 "schedule fired" lines, one per integration, none "coalesced" and no "run
 * trigger repeated"; and the scheduler database holds exactly one run per integration, triggered by its schedule.
 */
class SchedulerReplicasIT {

    private static final String PREFIX = "crmsync_e2e_replicas_";
    private static final String SOURCE_DB = "crmsync_e2e_replicas_crm";
    private static final String TARGET_DB = "crmsync_e2e_replicas_warehouse";
    private static final String SCHEDULER_A = "scheduler-service";
    private static final String SCHEDULER_B = "scheduler-service-b";
    private static final String WORKER = "transfer-worker";
    private static final int SCHEDULES = 1_000;
    private static final int PER_IMPORT = 50;
    private static final int PARALLEL_IMPORTS = 4;
    /** From the second import to the fire: time for config-service to tell the schedulers of every change. */
    private static final Duration PLANNING_MARGIN = Duration.ofSeconds(20);
    private static final Pattern FIRED = Pattern.compile("schedule fired integration_id=(\\S+)");

    private static CrmsyncStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        TestDatabases.recreate(SOURCE_DB);
        TestDatabases.recreate(TARGET_DB);
        try (Connection source = CrmsyncStack.connect(SOURCE_DB);
                Connection target = CrmsyncStack.connect(TARGET_DB)) {
            DemoData.createSource(source, 0);
            DemoData.createTarget(target);
        }
        // config-service, a worker (activation describes the objects through it) and two scheduler replicas
        // sharing one database, each on ports of its own; exception-service is not needed here.
        stack = CrmsyncStack.start(PREFIX, Map.of(), standard -> {
            List<ServiceSpec> chosen = new ArrayList<>(standard.stream()
                    .filter(spec -> !spec.name().equals("exception-service")).toList());
            ServiceSpec a = standard.stream().filter(spec -> spec.name().equals(SCHEDULER_A)).findFirst()
                    .orElseThrow();
            int http = freePort();
            ServiceSpec b = new ServiceSpec(SCHEDULER_B, a.jar(), http, a.environment())
                    .withEnvironment(Map.of("PORT", Integer.toString(http), "GRPC_PORT", Integer.toString(freePort())));
            chosen.add(b);
            return chosen;
        });
        stack.driveWithRestAssured(null);
    }

    @AfterAll
    static void stopStack() {
        RestAssured.reset();
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldFireEachOfAThousandDueSchedulesExactlyOnceWithTwoSchedulerProcesses() throws Exception {
        // given: 1,000 active integrations, known to both schedulers (one database), not scheduled yet
        Instant setupStart = Instant.now();
        String connection = connection();
        importIntegrations(connection, null);
        Duration activation = Duration.between(setupStart, Instant.now());
        stack.supervisor.kill(WORKER); // activations done; nobody is to run the runs
        awaitCount("active schedules", "SELECT count(*) FROM schedules WHERE active", SCHEDULES,
                Instant.now().plus(Duration.ofSeconds(60)));

        // and: their cadence set to fire once, at the first whole minute far enough ahead
        Instant fireAt = Instant.now().plus(PLANNING_MARGIN).truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        String at = LocalDateTime.ofInstant(fireAt, ZoneOffset.UTC).toString().substring(0, 16);
        Instant scheduleStart = Instant.now();
        importIntegrations(connection, Map.of("type", "once", "at", at, "timeZone", "UTC"));
        Duration scheduling = Duration.between(scheduleStart, Instant.now());
        awaitCount("schedules planned for " + fireAt, "SELECT count(*) FROM schedules WHERE next_run_time = '"
                + fireAt + "'", SCHEDULES, fireAt.minusSeconds(1));
        Instant planned = Instant.now();
        assertThat(countIn(scheduler(), "SELECT count(*) FROM runs")).as("runs before the fire").isZero();

        // when: the instant comes, with both replicas running
        awaitCount("runs", "SELECT count(*) FROM runs", SCHEDULES, fireAt.plus(Duration.ofMinutes(2)));
        Instant allFired = Instant.now();
        awaitCount("schedules still due", "SELECT count(*) FROM schedules WHERE next_run_time IS NOT NULL", 0,
                allFired.plus(Duration.ofSeconds(10)));
        // Three more ticks of each replica, for a late second fire to show if there were one.
        Thread.sleep(3_000);

        // then: each integration fired exactly once, by one replica or the other
        Map<String, List<String>> firedBy = new LinkedHashMap<>();
        for (String replica : List.of(SCHEDULER_A, SCHEDULER_B)) {
            firedBy.put(replica, fired(replica));
        }
        String logs = log(SCHEDULER_A) + log(SCHEDULER_B);
        List<String> allFires = new ArrayList<>(firedBy.get(SCHEDULER_A));
        allFires.addAll(firedBy.get(SCHEDULER_B));
        Set<String> integrations = integrationIds();
        System.out.printf("SchedulerReplicasIT: %d integrations activated in %d ms, scheduled in %d ms, planned %d ms "
                + "before the fire at %s; all fired %d ms after it; fires by %s: %d, by %s: %d%n", SCHEDULES,
                activation.toMillis(), scheduling.toMillis(), Duration.between(planned, fireAt).toMillis(), fireAt,
                Duration.between(fireAt, allFired).toMillis(), SCHEDULER_A, firedBy.get(SCHEDULER_A).size(),
                SCHEDULER_B, firedBy.get(SCHEDULER_B).size());
        assertThat(integrations).hasSize(SCHEDULES);
        assertThat(allFires).as("fire log lines of both replicas").hasSize(SCHEDULES);
        assertThat(new HashSet<>(allFires)).as("integrations fired").isEqualTo(integrations);
        assertThat(logs).doesNotContain("schedule fire coalesced", "run trigger repeated", "schedule not fired");
        // and: both took part (they compete for the same due rows from the first tick on)
        assertThat(firedBy.get(SCHEDULER_A)).as("fires by " + SCHEDULER_A).isNotEmpty();
        assertThat(firedBy.get(SCHEDULER_B)).as("fires by " + SCHEDULER_B).isNotEmpty();
        // and: one run per integration, made by its schedule
        try (Connection c = scheduler(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT integration_id, count(*), min(trigger), max(trigger), "
                        + "min(idempotency_key) FROM runs GROUP BY integration_id")) {
            Map<String, Long> runs = new HashMap<>();
            while (rs.next()) {
                runs.put(rs.getString(1), rs.getLong(2));
                assertThat(List.of(rs.getString(3), rs.getString(4))).as(rs.getString(1)).containsOnly("SCHEDULE");
                assertThat(rs.getString(5)).isEqualTo("schedule:incremental:" + fireAt);
            }
            assertThat(runs.keySet()).isEqualTo(integrations);
            assertThat(runs.values()).containsOnly(1L);
        }
    }

    // --- declarations ---

    /** The source and target endpoints with their credentials, and the connection of all the integrations. */
    private static String connection() {
        String crm = endpoint("replicas-crm", SOURCE_DB);
        String warehouse = endpoint("replicas-warehouse", TARGET_DB);
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "replicas", "homeEndpointId", warehouse, "remoteEndpointId", crm))
                .post("/api/v1/connections").then().statusCode(201);
        return "replicas";
    }

    private static String endpoint(String name, String database) {
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("name", name, "type", "postgresql", "settings",
                        Map.of("jdbcUrl", TestDatabases.urlOf(database), "username", TestDatabases.user())))
                .post("/api/v1/endpoints").then().statusCode(201).extract().path("id");
        given().contentType(ContentType.JSON).body(Map.of("secrets", Map.of("password", TestDatabases.password())))
                .put("/api/v1/endpoints/{id}/credential", id).then().statusCode(204);
        return id;
    }

    /**
     * Declares the 1,000 active integrations, contacts into the warehouse, with {@code schedule} (none when null):
     * {@value #PER_IMPORT} to an import document, {@value #PARALLEL_IMPORTS} documents at a time.
     */
    private static void importIntegrations(String connection, Map<String, String> schedule) throws Exception {
        List<Callable<Void>> imports = new ArrayList<>();
        for (int first = 0; first < SCHEDULES; first += PER_IMPORT) {
            List<Map<String, Object>> integrations = new ArrayList<>();
            for (int i = first; i < first + PER_IMPORT; i++) {
                Map<String, Object> integration = new LinkedHashMap<>();
                integration.put("name", String.format("replica-%04d", i));
                integration.put("connection", connection);
                integration.put("points", List.of(DemoData.contactsPoint()));
                if (schedule != null) {
                    integration.put("schedule", schedule);
                }
                integration.put("active", true);
                integrations.add(integration);
            }
            imports.add(() -> {
                given().contentType(ContentType.JSON).body(Map.of("integrations", integrations))
                        .post("/api/v1/config/import").then().log().ifValidationFails().statusCode(200)
                        .body(schedule == null ? "created" : "changed", equalTo(PER_IMPORT));
                return null;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_IMPORTS);
        try {
            for (Future<Void> done : pool.invokeAll(imports)) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // --- reading results ---

    private static Connection scheduler() throws Exception {
        return database("scheduler");
    }

    /** A service's own database: {@code config} or {@code scheduler}. */
    private static Connection database(String service) throws Exception {
        return DriverManager.getConnection(JdbcUrls.withDatabase(stack.topology.jdbcServer(),
                stack.topology.dbPrefix() + service), TestDatabases.user(), TestDatabases.password());
    }

    private static long countIn(Connection c, String sql) throws Exception {
        try (c; Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Polls the scheduler database until {@code sql} counts {@code expected}; fails at {@code deadline}. */
    private static void awaitCount(String what, String sql, long expected, Instant deadline) throws Exception {
        long count = -1;
        while (Instant.now().isBefore(deadline)) {
            count = countIn(scheduler(), sql);
            if (count == expected) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(what + ": " + count + ", not " + expected + ", at " + deadline + "; see "
                + stack.supervisor.logFile(SCHEDULER_A) + " and " + stack.supervisor.logFile(SCHEDULER_B));
    }

    /** The integrations config-service holds. */
    private static Set<String> integrationIds() throws Exception {
        Set<String> ids = new HashSet<>();
        try (Connection c = database("config"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id FROM integrations")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    /** The integration ids of the replica's "schedule fired" log lines, one per line. */
    private static List<String> fired(String replica) throws IOException {
        List<String> ids = new ArrayList<>();
        Matcher m = FIRED.matcher(log(replica));
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static String log(String service) throws IOException {
        return Files.readString(stack.supervisor.logFile(service));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
