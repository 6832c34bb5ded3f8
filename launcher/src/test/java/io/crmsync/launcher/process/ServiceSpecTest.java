package io.crmsync.launcher.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ServiceSpecTest {

    @Test
    void shouldAddAndReplaceEnvironmentEntriesWithoutTouchingTheOriginal() {
        // given
        ServiceSpec spec = new ServiceSpec("transfer-worker", Path.of("w.jar"), 8082,
                Map.of("PORT", "8082", "CRMSYNC_WORKER_BATCH_SIZE", "500"));

        // when
        ServiceSpec changed = spec.withEnvironment(Map.of("CRMSYNC_WORKER_BATCH_SIZE", "50",
                "CRMSYNC_WORKER_FETCH_SIZE", "200"));

        // then
        assertThat(changed.environment()).containsOnly(Map.entry("PORT", "8082"),
                Map.entry("CRMSYNC_WORKER_BATCH_SIZE", "50"), Map.entry("CRMSYNC_WORKER_FETCH_SIZE", "200"));
        assertThat(changed.name()).isEqualTo(spec.name());
        assertThat(changed.httpPort()).isEqualTo(8082);
        assertThat(spec.environment()).containsEntry("CRMSYNC_WORKER_BATCH_SIZE", "500").hasSize(2);
    }
}
