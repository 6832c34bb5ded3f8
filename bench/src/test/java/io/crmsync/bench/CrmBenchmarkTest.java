package io.crmsync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.crmsync.testsupport.TestDatabases;

/**
 * The CRM benchmark on 2,000 records, so that CI keeps it working: real connectors through the real engine against
 * the CRM emulator over HTTP, real PostgreSQL. Call counts are exact, so they are asserted; speed-up is not (a
 * timed assertion on a shared 2-core machine would be noise), only that both partitioned runs moved everything.
 */
class CrmBenchmarkTest {

    @Test
    void everyCrmIsWrittenAndReadInTheFewestCallsAndAPartitionedWriteMovesEverything() throws Exception {
        String url = TestDatabases.recreate("crmsync_bench_crm_test");
        var options = new CrmBenchmark.Options(url, TestDatabases.user(), TestDatabases.password(), 2_000, 5, 4, 4);

        CrmBenchmark.Report report = CrmBenchmark.run(options, CrmBenchmark.cases(),
                new PrintStream(new ByteArrayOutputStream()));

        assertThat(report.economy()).hasSize(CrmBenchmark.cases().size());
        for (CrmBenchmark.Economy e : report.economy()) {
            assertThat(e.written()).as(e.crm() + " written").isEqualTo(2_000);
            assertThat(e.read()).as(e.crm() + " read").isEqualTo(2_000);
            assertThat(e.writeCalls()).as(e.crm() + " write calls").isEqualTo(e.writeMinimum());
            assertThat(e.readCalls()).as(e.crm() + " read calls").isEqualTo(e.readMinimum());
            assertThat(e.throttled()).as(e.crm() + " 429s").isZero();
        }
        for (CrmBenchmark.Scaling s : report.scaling()) {
            assertThat(s.tasks()).as(s.crm() + " range tasks").isGreaterThanOrEqualTo(2);
            assertThat(s.createdByOne()).as(s.crm() + " by one worker").isEqualTo(2_000);
            assertThat(s.createdByWorkers()).as(s.crm() + " by four workers").isEqualTo(2_000);
        }
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        CrmBenchmark.print(report, options, new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Salesforce").contains("HubSpot").contains("Dataverse").contains("write calls (minimum)")
                .contains("range tasks: 1 worker");
    }
}
