package io.crmsync.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.crmsync.launcher.process.ServiceSpec;
import io.crmsync.launcher.process.Topology;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * A large full sync read in parallel, with real processes: the first worker to lease the run's task splits it into
 * key ranges (the source is larger than {@code CRMSYNC_WORKER_RANGE_ROWS}), and two worker processes lease the
 * range tasks side by side; the run ends with the target equal to the source.
 */
class PartitionedSyncIT {

    private static final String SOURCE_DB = "crmsync_e2e_ranges_crm";
    private static final String TARGET_DB = "crmsync_e2e_ranges_warehouse";
    private static final String WORKER = "transfer-worker";
    private static final int ROWS = 60_000;
    private static final int RANGE_ROWS = 7_500;
    /** Each worker runs one task at a time, so that the second worker has ranges left to take. */
    private static final Map<String, String> WORKER_SETTINGS = Map.of(
            "CRMSYNC_WORKER_RANGE_ROWS", Integer.toString(RANGE_ROWS),
            "CRMSYNC_WORKER_CONCURRENCY", "1",
            "CRMSYNC_WORKER_BATCH_SIZE", "500");

    private static CrmsyncStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        stack = CrmsyncStack.start("crmsync_e2e_ranges_", Map.of(WORKER, WORKER_SETTINGS));
        ServiceSpec second = stack.service(WORKER).replica(WORKER + "-2", Topology.freePorts());
        stack.supervisor.start(second);
        stack.supervisor.awaitReady(second);
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
    void shouldSplitALargeFullSyncIntoKeyRangesThatTwoWorkersCopyInParallel() throws Exception {
        // given
        String integration = ContactsSync.activeIntegration("ranges", SOURCE_DB, TARGET_DB);

        // when
        long started = System.nanoTime();
        String runId = ContactsSync.startFullRun(integration);
        JsonPath run = CrmsyncStack.awaitRun(runId);
        long millis = (System.nanoTime() - started) / 1_000_000;

        // then: one task split into about ROWS / RANGE_ROWS ranges, all succeeded, taken by both workers
        assertThat(run.getString("state")).isEqualTo("SUCCEEDED");
        JsonPath detail = given().get("/api/v1/runs/{id}", runId).then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> tasks = detail.getList("tasks");
        assertThat(tasks.get(0).get("state")).isEqualTo("SPLIT");
        assertThat(tasks.get(0).get("keyRange")).isNull();
        List<Map<String, Object>> ranges = tasks.subList(1, tasks.size());
        assertThat(ranges.size()).as("range tasks").isBetween(ROWS / RANGE_ROWS / 2, ROWS / RANGE_ROWS * 2);
        assertThat(detail.getInt("taskCount")).isEqualTo(tasks.size());
        Set<Object> workers = new HashSet<>();
        for (Map<String, Object> range : ranges) {
            assertThat(range.get("state")).isEqualTo("SUCCEEDED");
            assertThat(range.get("keyRange")).as("key range of task " + range.get("id")).isNotNull();
            workers.add(range.get("workerId"));
        }
        assertThat(workers).as("workers that ran range tasks").hasSize(2);
        assertThat(run.getLong("counts.read")).isEqualTo(ROWS);
        assertThat(run.getLong("counts.created")).isEqualTo(ROWS);

        // and: the target holds every source row exactly once, field by field
        ContactsSync.assertTargetEqualsSource(SOURCE_DB, TARGET_DB, ROWS);
        System.out.printf("PartitionedSyncIT: %d rows in %d range tasks on %d workers, run took %d ms%n", ROWS,
                ranges.size(), workers.size(), millis);
    }
}
