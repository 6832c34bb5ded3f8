package io.crmsync.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.crmsync.launcher.process.ServiceSpec;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * Crash safety of task leasing, with real processes: the worker is killed with SIGKILL in the middle of a full
 * run, a new worker process is started, the scheduler hands it the task once the dead worker's lease expired, and
 * it resumes after the last checkpoint: the run succeeds and the target ends up equal to the source.
 */
class WorkerCrashIT {

    private static final String SOURCE_DB = "crmsync_e2e_crash_crm";
    private static final String TARGET_DB = "crmsync_e2e_crash_warehouse";
    private static final String WORKER = "transfer-worker";
    private static final int ROWS = 50_000;
    /** Small batches: many checkpoints, and a kill lands between two of them. */
    private static final int BATCH_SIZE = 100;
    /** Short, so that the test does not wait the default 30 s for the dead worker's lease to expire. */
    private static final Duration LEASE = Duration.ofSeconds(6);

    private static CrmsyncStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        stack = CrmsyncStack.start("crmsync_e2e_crash_", Map.of(
                "scheduler-service", Map.of("CRMSYNC_SCHEDULER_LEASE_DURATION", LEASE.toSeconds() + "s"),
                WORKER, Map.of("CRMSYNC_WORKER_BATCH_SIZE", Integer.toString(BATCH_SIZE))));
        ContactsSync.createDatabases(SOURCE_DB, TARGET_DB, ROWS);
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
    void shouldResumeAKilledWorkersTaskFromItsLastCheckpointAndCopyEveryRowExactlyOnce() throws Exception {
        // given: a full run of all contacts, under way
        String runId = ContactsSync.startFullRun(ContactsSync.activeIntegration("crash", SOURCE_DB, TARGET_DB));
        List<Observation> beforeKill = awaitProgress(runId, ROWS / 10);
        String deadWorker = beforeKill.get(beforeKill.size() - 1).task().getString("workerId");

        // when: the worker dies without a chance to clean up, and a new worker process starts
        stack.supervisor.kill(WORKER);
        Instant killedAt = Instant.now();
        ServiceSpec worker = stack.service(WORKER);
        stack.supervisor.start(worker);
        awaitDeadWorkerGoneFromTarget(killedAt);
        JsonPath lastCheckpoint = task(runId);
        long committedAtKill = ContactsSync.count(TARGET_DB, "SELECT count(*) FROM crm_contacts");
        Observation leasedAgain = awaitEpoch(runId, 2);
        stack.supervisor.awaitReady(worker);
        JsonPath run = CrmsyncStack.awaitRun(runId);

        // then: re-leased once the dead worker's lease expired, not before, and well within two lease lengths.
        // Measured: from the killed process being reaped to the first GET /runs/{id} answer showing the task at
        // epoch 2. That spans the rest of the dead worker's lease (its last checkpoint or heartbeat plus LEASE),
        // the new worker's start-up running meanwhile, its poll interval and this test's polling (100 ms).
        Duration killToRelease = Duration.between(killedAt, leasedAgain.answeredAt());
        assertThat(lastCheckpoint.getLong("epoch")).as("task epoch right after the kill").isEqualTo(1);
        assertThat(killToRelease).as("kill to re-lease").isLessThanOrEqualTo(LEASE.multipliedBy(2));
        // The last checkpoint came after the last answer that showed fewer rows; the lease ran from there.
        Instant lastCheckpointNotBefore = beforeKill.stream()
                .filter(o -> o.task().getLong("counts.read") < lastCheckpoint.getLong("counts.read"))
                .map(Observation::sentAt).max(Instant::compareTo).orElseThrow();
        assertThat(Duration.between(lastCheckpointNotBefore, leasedAgain.answeredAt()))
                .as("last checkpoint to re-lease").isGreaterThanOrEqualTo(LEASE);
        assertThat(leasedAgain.task().getString("workerId")).isNotEqualTo(deadWorker);
        System.out.printf("WorkerCrashIT: %d rows, batch %d, lease %s; killed at %d rows checkpointed, %d committed; "
                + "re-leased %d ms after the kill%n", ROWS, BATCH_SIZE, LEASE,
                lastCheckpoint.getLong("counts.read"), committedAtKill, killToRelease.toMillis());

        // and: the run succeeded on the second lease, which read on from the checkpoint: every row read once
        // overall; the rows committed after the last checkpoint were read again and found unchanged.
        assertThat(run.getString("state")).isEqualTo("SUCCEEDED");
        JsonPath finished = task(runId);
        assertThat(finished.getLong("epoch")).isEqualTo(2);
        assertThat(finished.getString("workerId")).isEqualTo(leasedAgain.task().getString("workerId"));
        long committedUncheckpointed = committedAtKill - lastCheckpoint.getLong("counts.created");
        assertThat(committedUncheckpointed).isBetween(0L, (long) BATCH_SIZE);
        assertThat(run.getLong("counts.read")).isEqualTo(ROWS);
        assertThat(run.getLong("counts.unchanged")).isEqualTo(committedUncheckpointed);
        assertThat(run.getLong("counts.created")).isEqualTo(ROWS - committedUncheckpointed);
        assertThat(run.getLong("counts.updated")).isZero();
        assertThat(run.getLong("counts.rejected")).isZero();

        // and: the target holds every source row exactly once, field by field
        ContactsSync.assertTargetEqualsSource(SOURCE_DB, TARGET_DB, ROWS);
    }

    /** One answer of GET /runs/{id}: when it was asked and answered, and the run's only task. */
    private record Observation(Instant sentAt, Instant answeredAt, JsonPath task) {
    }

    /** Every answer until the task has checkpointed {@code rows}; fails if the run finishes first. */
    private static List<Observation> awaitProgress(String runId, long rows) throws InterruptedException {
        List<Observation> observations = new ArrayList<>();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (Instant.now().isBefore(deadline)) {
            Observation observation = observe(runId);
            observations.add(observation);
            String state = observation.task().getString("state");
            assertThat(state).as("task state before the kill (grow ROWS if the run got done too soon)")
                    .isIn("PENDING", "LEASED");
            if (observation.task().getLong("counts.read") >= rows) {
                return observations;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("run " + runId + " did not checkpoint " + rows + " rows within a minute");
    }

    /** The first answer showing the task leased at {@code epoch}. */
    private static Observation awaitEpoch(String runId, long epoch) throws InterruptedException {
        Instant deadline = Instant.now().plus(LEASE.multipliedBy(5));
        while (Instant.now().isBefore(deadline)) {
            Observation observation = observe(runId);
            if (observation.task().getLong("epoch") >= epoch) {
                return observation;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("task of run " + runId + " not leased at epoch " + epoch + " within "
                + LEASE.multipliedBy(5).toSeconds() + "s; see " + stack.supervisor.logFile("scheduler-service")
                + " and " + stack.supervisor.logFile(WORKER));
    }

    private static Observation observe(String runId) {
        Instant sentAt = Instant.now();
        JsonPath task = task(runId);
        return new Observation(sentAt, Instant.now(), task);
    }

    private static JsonPath task(String runId) {
        JsonPath run = given().get("/api/v1/runs/{id}", runId).then().statusCode(200).extract().jsonPath();
        assertThat(run.getList("tasks")).hasSize(1);
        return run.setRootPath("tasks[0]");
    }

    /**
     * Waits until the killed worker's sessions on the target are gone: only then is its last batch either
     * committed or rolled back for good, and the target's row count final for the dead worker.
     */
    private static void awaitDeadWorkerGoneFromTarget(Instant killedAt) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        try (Connection c = CrmsyncStack.connect(TARGET_DB); PreparedStatement sessions = c.prepareStatement("""
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()
                  AND backend_start < ?""")) {
            sessions.setTimestamp(1, Timestamp.from(killedAt));
            while (Instant.now().isBefore(deadline)) {
                try (ResultSet rs = sessions.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        return;
                    }
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("the killed worker's sessions on " + TARGET_DB + " did not end within 10s");
    }
}
