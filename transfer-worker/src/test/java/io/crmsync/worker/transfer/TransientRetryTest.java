package io.crmsync.worker.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.worker.connector.CommitGuard;
import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.ObjectDescription;
import io.crmsync.worker.connector.TargetRow;
import io.crmsync.worker.connector.TargetSession;
import io.crmsync.worker.connector.WriteResult;
import io.crmsync.worker.connector.WriteSpec;
import io.crmsync.worker.task.TaskControl;
import io.crmsync.worker.task.TaskStoppedException;

/** Batch writes against a target that fails as scripted: rate limits with Retry-After, and plain transient failures. */
class TransientRetryTest {

    private static final EndpointAccess ENDPOINT = new EndpointAccess("ep-1", "crm", "salesforce", Map.of(),
            Map.of("token", "secret"));
    private static final Task TASK = Task.newBuilder().setId("task-1").build();

    private final TaskControl control = new TaskControl();

    @Test
    void shouldWaitAtLeastAsLongAsTheEndpointAsks() {
        // given: a 429 asking for 300 ms, with a backoff of 1 ms
        ScriptedTarget target = new ScriptedTarget(ConnectorException.rateLimited("HTTP 429", Duration.ofMillis(300)));

        // when
        long started = System.nanoTime();
        List<WriteResult> results = write(target, settings(2, 1));
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        // then
        assertThat(results).isEmpty();
        assertThat(target.calls).isEqualTo(2);
        assertThat(elapsed).isBetween(300L, 3_000L);
    }

    @Test
    void shouldNotUseUpAttemptsWhileRateLimited() {
        // given: two attempts, six 429s in a row, then success
        ConnectorException[] script = new ConnectorException[6];
        Arrays.fill(script, ConnectorException.rateLimited("HTTP 429", Duration.ofMillis(5)));
        ScriptedTarget target = new ScriptedTarget(script);

        // when
        write(target, settings(2, 1));

        // then
        assertThat(target.calls).isEqualTo(7);
    }

    @Test
    void shouldStillCountPlainTransientFailures() {
        // given: two attempts; a 429 between two timeouts does not save nor spend one
        ScriptedTarget target = new ScriptedTarget(timeout(),
                ConnectorException.rateLimited("HTTP 429", Duration.ofMillis(5)), timeout());

        // when / then
        assertThatThrownBy(() -> write(target, settings(2, 1))).isInstanceOfSatisfying(TransferFailure.class,
                f -> assertThat(f.code()).isEqualTo("transfer.target_unreachable"));
        assertThat(target.calls).isEqualTo(3);
    }

    @Test
    void shouldStopAWaitWhenTheTaskIsStopped() {
        // given: the endpoint asks for 10 minutes
        ScriptedTarget target = new ScriptedTarget(ConnectorException.rateLimited("HTTP 429", Duration.ofMinutes(10)));
        CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS).execute(() -> control.stop("run cancelled"));

        // when / then
        long started = System.nanoTime();
        assertThatThrownBy(() -> write(target, settings(2, 1))).isInstanceOf(TaskStoppedException.class)
                .hasMessageContaining("run cancelled");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isBetween(90L, 5_000L);
        assertThat(target.calls).isEqualTo(1);
    }

    @Test
    void shouldFailAtOnceWhenTheEndpointAsksForTooLongAWait() {
        // given
        ScriptedTarget target = new ScriptedTarget(ConnectorException.rateLimited("HTTP 429 daily API limit reached",
                Duration.ofMinutes(20)));

        // when / then
        long started = System.nanoTime();
        assertThatThrownBy(() -> write(target, settings(4, 1))).isInstanceOfSatisfying(TransferFailure.class, f -> {
            assertThat(f.code()).isEqualTo("transfer.target_unreachable");
            assertThat(f.getMessage()).isEqualTo("target endpoint 'crm': HTTP 429 daily API limit reached; the "
                    + "endpoint asks to wait 1200 s before trying again, longer than the 900 s this worker waits");
        });
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(2_000L);
        assertThat(target.calls).isEqualTo(1);
    }

    @Test
    void shouldNotRetryFailuresThatNameADelayButCannotPass() {
        // given: a refusal that happens to carry a delay
        ScriptedTarget target = new ScriptedTarget(new ConnectorException(ConnectorException.Reason.REFUSED,
                "permission denied", null, Duration.ofMillis(5)));

        // when / then
        assertThatThrownBy(() -> write(target, settings(4, 1))).isInstanceOfSatisfying(TransferFailure.class,
                f -> assertThat(f.code()).isEqualTo("transfer.target_write_failed"));
        assertThat(target.calls).isEqualTo(1);
    }

    private List<WriteResult> write(ScriptedTarget target, TransferSettings settings) {
        TransientRetry retry = new TransientRetry(settings,
                new EndpointBreakers(settings.breakerFailures(), settings.breakerCoolDown()));
        return new BatchWriter(retry).write(TASK, target, ENDPOINT, null, List.of(), control);
    }

    private static TransferSettings settings(int attempts, long delayMillis) {
        return new TransferSettings(10, 10, attempts, Duration.ofMillis(delayMillis));
    }

    private static ConnectorException timeout() {
        return new ConnectorException(ConnectorException.Reason.TRANSIENT, "read timed out");
    }

    /** Throws its script's failures in order, one per write, then succeeds. */
    private static final class ScriptedTarget implements TargetSession {

        private final Deque<ConnectorException> script;
        int calls;

        ScriptedTarget(ConnectorException... failures) {
            this.script = new ArrayDeque<>(List.of(failures));
        }

        @Override
        public List<WriteResult> write(WriteSpec spec, List<TargetRow> rows, CommitGuard guard) {
            calls++;
            ConnectorException next = script.poll();
            if (next != null) {
                throw next;
            }
            return List.of();
        }

        @Override
        public String serverVersion() {
            return "scripted";
        }

        @Override
        public Optional<ObjectDescription> describe(String objectName) {
            return Optional.empty();
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
