package io.crmsync.worker.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.crmsync.proto.config.v1.IntegrationPoint;
import io.crmsync.proto.scheduler.v1.RunCounts;
import io.crmsync.worker.testing.Fixtures;
import io.crmsync.worker.testing.RecordingReporter;

class OddIdentifiersTest extends EngineTestBase {

    @Test
    void shouldQuoteIdentifiersWithQuotesDotsAndKeywordsSafely() {
        // given: a source table with a dot and a quote in its name, in a schema with a quote and a space
        source.exec("CREATE SCHEMA \"Odd \"\"Schema\"\"\"");
        source.exec("CREATE TABLE \"Odd \"\"Schema\"\"\".\"we\"\"ird.Table\" (\"Id\" int PRIMARY KEY, "
                + "\"e-mail\" text, \"select\" text, \"quote\"\"d\" text, \"Mod Time\" timestamp NOT NULL)");
        source.exec("INSERT INTO \"Odd \"\"Schema\"\"\".\"we\"\"ird.Table\" VALUES "
                + "(1, 'a@example.com', 'x', 'it''s', '2024-01-01 10:00'), "
                + "(2, 'b@example.com', 'y', '\"q\"', '2024-01-01 10:00'), "
                + "(3, 'c@example.com', 'z', NULL, '2024-01-01 11:00')");
        // a target whose name reads like an injection and whose columns clash with the statement's own names
        target.exec("CREATE TABLE \"crmsync_in; DROP TABLE contacts; --\" (o int UNIQUE, c0 text, "
                + "\"EXCLUDED\" text, \"x\"\"y\" text)");
        IntegrationPoint point = Fixtures.contactsPoint().clearFieldRules().clearMatchKey()
                .setSourceObject("\"Odd \"\"Schema\"\"\".\"we\"\"ird.Table\"")
                .setTargetObject("crmsync_in; DROP TABLE contacts; --")
                .setCursorField("Mod Time").addMatchKey("o")
                .addFieldRules(Fixtures.copy("Id", "o")).addFieldRules(Fixtures.copy("e-mail", "c0"))
                .addFieldRules(Fixtures.copy("select", "EXCLUDED")).addFieldRules(Fixtures.copy("quote\"d", "x\"y"))
                .build();
        RecordingReporter reporter = new RecordingReporter();

        // when
        run(reporter, 2, Fixtures.task().build(), point);
        RecordingReporter again = new RecordingReporter();
        run(again, 2, Fixtures.task().build(), point);

        // then
        assertThat(reporter.completion().counts()).isEqualTo(RunCounts.newBuilder().setRead(3).setCreated(3).build());
        assertThat(again.completion().counts()).isEqualTo(RunCounts.newBuilder().setRead(3).setUnchanged(3).build());
        assertThat(target.rows("SELECT o::text, c0, \"EXCLUDED\", \"x\"\"y\" FROM \"crmsync_in; DROP TABLE contacts; --\" "
                + "ORDER BY o")).containsExactly(
                        List.of("1", "a@example.com", "x", "it's"),
                        List.of("2", "b@example.com", "y", "\"q\""),
                        Arrays.asList("3", "c@example.com", "z", null));
        assertThat(target.count("contacts")).isZero(); // still there
    }

    @Test
    void shouldTreatAnInjectedTableNameAsAMissingObject() {
        // given
        IntegrationPoint point = Fixtures.contactsPoint().setSourceObject("contacts; DROP TABLE contacts").build();
        RecordingReporter reporter = new RecordingReporter();

        // when
        run(reporter, 10, Fixtures.task().build(), point);

        // then
        assertThat(reporter.failures.get(0).message())
                .isEqualTo("source object 'contacts; DROP TABLE contacts' on endpoint 'crm-source' does not exist");
        assertThat(source.count("contacts")).isZero();
    }
}
