package io.crmsync.worker.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.common.time.Timestamps;
import io.crmsync.proto.config.v1.Endpoint;
import io.crmsync.proto.config.v1.EndpointType;
import io.crmsync.proto.config.v1.Operation;
import io.crmsync.proto.exception.v1.ExceptionKind;
import io.crmsync.proto.exception.v1.ExceptionSide;
import io.crmsync.proto.scheduler.v1.CompleteTaskRequest;
import io.crmsync.proto.scheduler.v1.RunCounts;
import io.crmsync.proto.scheduler.v1.TaskState;
import io.crmsync.testsupport.TestDatabases;
import io.crmsync.worker.testing.Db;
import io.crmsync.worker.testing.FakeRemotes;
import io.crmsync.worker.testing.FakeSchedulerService;
import io.crmsync.worker.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The whole worker with its lease loop on: tasks come from a stand-in scheduler over gRPC, definitions from a
 * stand-in config-service, rejects go to a stand-in exception-service; the databases are real.
 */
@QuarkusTest
@TestProfile(WorkerLoopTest.LoopEnabled.class)
class WorkerLoopTest {

    /** Turns the lease loop on with a short poll interval. */
    public static class LoopEnabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("crmsync.worker.enabled", "true", "crmsync.worker.concurrency", "1",
                    "crmsync.worker.poll-interval", "50ms", "crmsync.worker.batch-size", "10");
        }
    }

    @BeforeEach
    void prepare() {
        FakeRemotes.reset();
        String sourceUrl = Db.recreate(Fixtures.SOURCE_DB);
        String targetUrl = Db.recreate(Fixtures.TARGET_DB);
        try (Db source = Db.connect(sourceUrl); Db target = Db.connect(targetUrl)) {
            source.exec(Fixtures.SOURCE_TABLE);
            target.exec(Fixtures.TARGET_TABLE);
            Fixtures.seedContacts(source, 25, 3);
            source.exec("UPDATE contacts SET age = -1 WHERE id = 7");
        }
        endpoint("source-id", "crm-source", sourceUrl);
        endpoint("target-id", "warehouse", targetUrl);
        FakeRemotes.INTEGRATIONS.put("integration-1",
                Fixtures.integration(Fixtures.contactsPoint().build(), true, true));
    }

    @Test
    void shouldLeaseRunCheckpointAndCompleteATask() {
        // given: open items of a row the run writes, of the row it rejects, and of a row it never reads
        FakeRemotes.OPEN_ITEM_KEYS.put("point-1", List.of("id=3", "id=7", "id=99"));

        // when
        FakeRemotes.PENDING_TASKS.add(Fixtures.task().setId("task-ok").build());
        awaitCompletionOf("task-ok");

        // then
        CompleteTaskRequest completion = FakeRemotes.COMPLETIONS.get(0);
        assertThat(completion.getOutcome()).isEqualTo(TaskState.TASK_STATE_SUCCEEDED);
        assertThat(completion.getEpoch()).isEqualTo(1);
        assertThat(completion.getCounts())
                .isEqualTo(RunCounts.newBuilder().setRead(25).setCreated(24).setRejected(1).build());
        assertThat(completion.getCursor().getKeyList()).containsExactly("25");
        assertThat(FakeRemotes.CHECKPOINTS).hasSize(3).allMatch(c -> c.getTaskId().equals("task-ok"));
        assertThat(FakeRemotes.REJECTS).singleElement().satisfies(r -> {
            assertThat(r.getRunId()).isEqualTo("run-1");
            assertThat(r.getBatchId()).startsWith("task-ok:");
            assertThat(r.getOperation()).isEqualTo(Operation.OPERATION_UPSERT);
            assertThat(r.getRecords(0).getRecordKey()).isEqualTo("id=7");
            assertThat(r.getRecords(0).getKeyValuesList()).containsExactly("7");
            assertThat(r.getRecords(0).getSide()).isEqualTo(ExceptionSide.EXCEPTION_SIDE_TARGET);
        });
        assertThat(FakeRemotes.RESOLVES).singleElement().satisfies(r -> {
            assertThat(r.getIntegrationPointId()).isEqualTo("point-1");
            assertThat(r.getRunId()).isEqualTo("run-1");
            assertThat(r.getRecordKeysList()).containsExactly("id=3");
        });
        assertThat(FakeRemotes.LEASING_WORKERS.get(0)).matches(".+-\\d+-[0-9a-f]{8}");
    }

    @Test
    void shouldStopATaskWhoseLeaseIsLostAndGoOnWithTheNext() {
        // when
        FakeRemotes.PENDING_TASKS.add(Fixtures.task().setId("task-stale").setEpoch(FakeSchedulerService.STALE_EPOCH)
                .build());
        FakeRemotes.PENDING_TASKS.add(Fixtures.task().setId("task-next").setIntegrationPointId("gone").build());
        awaitCompletionOf("task-next");

        // then
        assertThat(FakeRemotes.COMPLETIONS).extracting(CompleteTaskRequest::getTaskId).containsExactly("task-next");
        assertThat(FakeRemotes.COMPLETIONS.get(0).getOutcome()).isEqualTo(TaskState.TASK_STATE_FAILED);
        assertThat(FakeRemotes.FAILURES).singleElement().satisfies(f -> {
            assertThat(f.getKind()).isEqualTo(ExceptionKind.EXCEPTION_KIND_CONFIGURATION);
            assertThat(f.getSide()).isEqualTo(ExceptionSide.EXCEPTION_SIDE_PLATFORM);
            assertThat(f.getMessage()).isEqualTo("integration point gone does not exist any more in integration "
                    + "'contacts sync'");
        });
    }

    private static void awaitCompletionOf(String taskId) {
        await(() -> FakeRemotes.COMPLETIONS.stream().anyMatch(c -> c.getTaskId().equals(taskId)));
    }

    private static void await(BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not met within 30s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static void endpoint(String id, String name, String url) {
        FakeRemotes.ENDPOINTS.put(id, Endpoint.newBuilder().setId(id).setName(name)
                .setType(EndpointType.ENDPOINT_TYPE_POSTGRESQL)
                .putAllSettings(Map.of("jdbcUrl", url, "username", TestDatabases.user())).build());
        FakeRemotes.CREDENTIALS.put(id, Map.of("password", TestDatabases.password()));
    }
}
