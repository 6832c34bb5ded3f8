package io.crmsync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.crmsync.testsupport.TestDatabases;

/**
 * The benchmark on a few thousand rows, so that CI keeps it working: every scenario runs through real worker
 * JVMs and real PostgreSQL, and its counts and the final target are checked. Speed is not asserted here.
 */
class TransferBenchmarkTest {

    @Test
    void everyScenarioMovesExactlyWhatItShould(@TempDir Path logs) throws Exception {
        String url = TestDatabases.recreate("crmsync_bench_test");
        var options = new TransferBenchmark.Options(url, TestDatabases.user(), TestDatabases.password(), 3_000, 500,
                1000, "256m", 300, logs.resolve("worker.log"));

        TransferBenchmark.Report report = TransferBenchmark.run(options, new PrintStream(new ByteArrayOutputStream()));

        assertThat(report.full().created()).isEqualTo(3_000);
        assertThat(report.upsertAll().updated()).isEqualTo(3_000);
        assertThat(report.upsertNone().unchanged()).isEqualTo(3_000);
        assertThat(report.upsertNone().updated()).isZero();
        assertThat(report.rewrittenByUpsertNone()).isZero();
        assertThat(report.incremental().read()).isEqualTo(30);
        assertThat(report.incremental().updated()).isEqualTo(30);
        assertThat(report.targetMatchesSource()).isTrue();
        assertThat(report.full().batches()).isEqualTo(6);
        assertThat(report.full().peakHeapMb()).isPositive();

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        TransferBenchmark.print(report, options, new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("full load vs binary COPY pipe")
                .contains("rows rewritten by the 0% run").contains("0 (target 0) met");
    }
}
