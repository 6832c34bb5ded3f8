package io.crmsync.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.crmsync.launcher.demo.DemoData;
import io.crmsync.launcher.process.ServiceSpec;
import io.crmsync.launcher.process.Topology;
import io.crmsync.testsupport.TestDatabases;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * Fencing of a worker frozen past its lease, with real processes. The worker is paused with SIGSTOP while a batch
 * is in flight inside its target transaction; a second worker takes the task over at epoch 2 and finishes the run.
 * Then newer data lands on every target row, and the first worker is resumed with SIGCONT: its late batch must be
 * rolled back instead of committed over the newer data, and nothing the scheduler counts may change.
 *
 * <p>To pause the worker at exactly that point, a statement trigger on the target table holds a transaction that
 * has written nothing yet on an advisory lock the test owns, while the test asks for it. So the frozen worker's
 * batch is in flight (its statement sent, its rows in memory) but holds no row lock the second worker needs; once
 * the run is over the test lets the statement run, and the rows it overwrote are the proof of a late commit.
 */
class WorkerPauseIT {

    private static final String SOURCE_DB = "crmsync_e2e_pause_crm";
    private static final String TARGET_DB = "crmsync_e2e_pause_warehouse";
    private static final String WORKER = "transfer-worker";
    private static final String TAKEOVER = "transfer-worker-2";
    private static final int ROWS = 20_000;
    private static final int BATCH_SIZE = 100;
    /** Short, so that the takeover does not wait the default 30 s for the frozen worker's lease to expire. */
    private static final Duration LEASE = Duration.ofSeconds(6);
    /** Generous: two JVMs start and the machine may be loaded. */
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final long HOLD_LOCK = 4242;
    private static final String SENTINEL = "written after the run";

    private static CrmsyncStack stack;
    private static boolean paused;

    @BeforeAll
    static void startStack() throws Exception {
        stack = CrmsyncStack.start("crmsync_e2e_pause_", Map.of(
                "scheduler-service", Map.of("CRMSYNC_SCHEDULER_LEASE_DURATION", LEASE.toSeconds() + "s"),
                WORKER, Map.of("CRMSYNC_WORKER_BATCH_SIZE", Integer.toString(BATCH_SIZE))));
        TestDatabases.recreate(SOURCE_DB);
        TestDatabases.recreate(TARGET_DB);
        try (Connection source = CrmsyncStack.connect(SOURCE_DB);
                Connection target = CrmsyncStack.connect(TARGET_DB)) {
            DemoData.createSource(source, ROWS);
            DemoData.createTarget(target);
            installHold(target);
        }
        stack.driveWithRestAssured(null);
    }

    @AfterAll
    static void stopStack() throws Exception {
        RestAssured.reset();
        if (stack != null) {
            if (paused) {
                stack.supervisor.signal(WORKER, "CONT");
            }
            stack.close();
        }
    }

    @Test
    void shouldRollBackTheLateBatchOfAWorkerPausedPastItsLease() throws Exception {
        try (Connection holder = CrmsyncStack.connect(TARGET_DB)) {
            query(holder, "SELECT pg_advisory_lock(?)", HOLD_LOCK);

            // given: a full run of all contacts, under way on the first worker
            String runId = ContactsSync.startFullRun(ContactsSync.activeIntegration("pause", SOURCE_DB, TARGET_DB));
            awaitProgress(runId, ROWS / 20);

            // and: its next batch held in its target transaction, sent but with nothing written yet
            update("INSERT INTO e2e_hold VALUES (true)");
            int stalePid = await("the worker's next batch held at the target", () -> sessions(
                    "wait_event_type = 'Lock' AND wait_event = 'advisory'").stream().findFirst());
            JsonPath before = task(runId);

            // when: the worker freezes with that batch in flight, and a second worker starts
            stack.supervisor.signal(WORKER, "STOP");
            paused = true;
            Instant pausedAt = Instant.now();
            update("DELETE FROM e2e_hold");
            ServiceSpec takeover = stack.service(WORKER).replica(TAKEOVER, Topology.freePorts());
            Files.deleteIfExists(stack.supervisor.logFile(TAKEOVER));
            stack.supervisor.start(takeover);
            JsonPath leasedAgain = await("the task leased at epoch 2", () -> Optional.of(task(runId))
                    .filter(t -> t.getLong("epoch") >= 2));
            Duration pauseToRelease = Duration.between(pausedAt, Instant.now());
            JsonPath run = CrmsyncStack.awaitRun(runId);

            // then: the run succeeded on the second lease, and the target equals the source
            assertThat(before.getLong("epoch")).isEqualTo(1);
            assertThat(run.getString("state")).isEqualTo("SUCCEEDED");
            JsonPath finished = task(runId);
            assertThat(finished.getLong("epoch")).isEqualTo(2);
            assertThat(finished.getString("workerId")).isEqualTo(leasedAgain.getString("workerId"))
                    .isNotEqualTo(before.getString("workerId"));
            assertThat(run.getLong("counts.read")).isEqualTo(ROWS);
            ContactsSync.assertTargetEqualsSource(SOURCE_DB, TARGET_DB, ROWS);
            // and: the frozen batch is still in flight, its statement waiting at the target
            assertThat(sessions("pid = " + stalePid + " AND wait_event = 'advisory'")).containsExactly(stalePid);

            // when: newer data lands on every target row after the run
            assertThat(update("UPDATE crm_contacts SET city = '" + SENTINEL + "'")).isEqualTo(ROWS);
            // and: the frozen batch's statement runs, overwriting rows in its still uncommitted transaction
            query(holder, "SELECT pg_advisory_unlock(?)", HOLD_LOCK);
            // (or failed: a batch COPYed straight into the table while it was still being loaded collides with the
            // keys the takeover wrote; the resumed worker then merges it instead, in the same transaction)
            await("the held statement done", () -> sessions("pid = " + stalePid
                    + " AND state IN ('idle in transaction', 'idle in transaction (aborted)')").stream().findFirst());
            // and: the worker wakes up
            stack.supervisor.signal(WORKER, "CONT");
            paused = false;
            Instant resumedAt = Instant.now();
            await("the late batch's transaction over", () -> sessions("pid = " + stalePid
                    + " AND xact_start IS NOT NULL").isEmpty() ? Optional.of(stalePid) : Optional.empty());

            // then: nothing of the late batch was committed: every row keeps the newer data
            assertThat(count("SELECT count(*) FROM crm_contacts WHERE city IS DISTINCT FROM '" + SENTINEL + "'"))
                    .as("target rows the paused worker overwrote after the run").isZero();
            assertThat(count("SELECT count(*) FROM crm_contacts")).isEqualTo(ROWS);
            // and: the worker says why, and left the task alone
            String fenced = "lease expired before commit, batch rolled back task_id=" + before.getString("id")
                    + " epoch=1";
            await("the paused worker to log '" + fenced + "'", () -> Optional.of(workerLog())
                    .filter(log -> log.contains(fenced) && log.contains("task stopped without completing")));
            // and: the run's counts and the task's epoch and holder did not change
            JsonPath after = given().get("/api/v1/runs/{id}", runId).then().statusCode(200).extract().jsonPath();
            assertThat(after.getString("state")).isEqualTo("SUCCEEDED");
            assertThat(after.getMap("counts")).isEqualTo(run.getMap("counts"));
            JsonPath taskAfter = task(runId);
            assertThat(taskAfter.getLong("epoch")).isEqualTo(2);
            assertThat(taskAfter.getString("workerId")).isEqualTo(finished.getString("workerId"));
            assertThat(taskAfter.getMap("counts")).isEqualTo(finished.getMap("counts"));
            System.out.printf("WorkerPauseIT: %d rows, batch %d, lease %s; paused at %d rows checkpointed; re-leased "
                    + "%d ms after the pause; resumed %d s after the pause, late batch rolled back%n", ROWS,
                    BATCH_SIZE, LEASE, before.getLong("counts.read"), pauseToRelease.toMillis(),
                    Duration.between(pausedAt, resumedAt).toSeconds());
        }
    }

    /**
     * A statement trigger that, while {@code e2e_hold} has a row, holds a transaction that has written nothing yet
     * (no transaction id, hence no row locks) on the advisory lock {@link #HOLD_LOCK}.
     */
    private static void installHold(Connection target) throws SQLException {
        try (Statement s = target.createStatement()) {
            s.execute("CREATE TABLE e2e_hold (requested boolean)");
            s.execute("""
                    CREATE FUNCTION e2e_hold_first_write() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        IF txid_current_if_assigned() IS NULL AND EXISTS (SELECT FROM e2e_hold) THEN
                            PERFORM pg_advisory_xact_lock_shared(%d);
                        END IF;
                        RETURN NULL;
                    END $$""".formatted(HOLD_LOCK));
            s.execute("CREATE TRIGGER e2e_hold_first_write BEFORE INSERT ON crm_contacts "
                    + "FOR EACH STATEMENT EXECUTE FUNCTION e2e_hold_first_write()");
        }
    }

    /** Waits until the task has checkpointed {@code rows}; fails if it finishes first. */
    private static void awaitProgress(String runId, long rows) throws Exception {
        await("the task to checkpoint " + rows + " rows", () -> {
            JsonPath task = task(runId);
            assertThat(task.getString("state")).as("task state before the pause (grow ROWS if the run got done "
                    + "too soon)").isIn("PENDING", "LEASED");
            return Optional.of(task).filter(t -> t.getLong("counts.read") >= rows);
        });
    }

    private static JsonPath task(String runId) {
        JsonPath run = given().get("/api/v1/runs/{id}", runId).then().statusCode(200).extract().jsonPath();
        assertThat(run.getList("tasks")).hasSize(1);
        return run.setRootPath("tasks[0]");
    }

    /** Polls {@code probe} every 100 ms until it answers, for up to {@link #PATIENCE}. */
    private static <T> T await(String what, Callable<Optional<T>> probe) throws Exception {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            Optional<T> answer = probe.call();
            if (answer.isPresent()) {
                return answer.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("waited " + PATIENCE.toSeconds() + "s for " + what + "; see "
                + stack.supervisor.logFile(WORKER) + ", " + stack.supervisor.logFile(TAKEOVER) + " and "
                + stack.supervisor.logFile("scheduler-service"));
    }

    /** The pids of the other sessions on the target database that match {@code condition}. */
    private static List<Integer> sessions(String condition) throws SQLException {
        try (Connection c = CrmsyncStack.connect(TARGET_DB); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                        + "AND pid <> pg_backend_pid() AND " + condition + " ORDER BY pid")) {
            List<Integer> pids = new ArrayList<>();
            while (rs.next()) {
                pids.add(rs.getInt(1));
            }
            return pids;
        }
    }

    private static String workerLog() throws Exception {
        Path log = stack.supervisor.logFile(WORKER);
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private static int update(String sql) throws SQLException {
        try (Connection c = CrmsyncStack.connect(TARGET_DB); Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        }
    }

    private static void query(Connection c, String sql, long parameter) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, parameter);
            s.executeQuery().close();
        }
    }

    private static long count(String sql) throws Exception {
        return ContactsSync.count(TARGET_DB, sql);
    }
}
