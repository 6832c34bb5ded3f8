package io.crmsync.worker.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.proto.config.v1.Conversion;
import io.crmsync.proto.config.v1.FieldRule;
import io.crmsync.proto.config.v1.IntegrationPoint;
import io.crmsync.proto.config.v1.LookupUse;
import io.crmsync.proto.config.v1.MultiValue;
import io.crmsync.proto.config.v1.Operation;
import io.crmsync.proto.config.v1.UnmappedValue;
import io.crmsync.proto.exception.v1.RejectedRecord;
import io.crmsync.worker.connector.ConnectorRegistry;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.postgresql.PostgresConnector;
import io.crmsync.worker.task.TaskControl;
import io.crmsync.worker.task.TaskDefinition;
import io.crmsync.worker.testing.Fixtures;
import io.crmsync.worker.testing.RecordingReporter;

/**
 * Field rules through the whole engine on real PostgreSQL: an expression, a lookup, a multi-value field into an
 * array, and date conversions from a source whose wall-clock times are Berlin time.
 */
class FieldRulesTransferTest extends EngineTestBase {

    private static final Map<String, Map<String, String>> LOOKUPS = Map.of("countries",
            Map.of("DE", "Germany", "FR", "France"));

    @BeforeEach
    void createPeopleTables() {
        source.exec("""
                ALTER TABLE contacts ADD COLUMN country text, ADD COLUMN tags text,
                                     ADD COLUMN signed_up timestamp without time zone""");
        source.exec("""
                INSERT INTO contacts (id, email, first_name, last_name, age, updated_at, country, tags, signed_up)
                VALUES (1, 'a@x.io', 'Ada', 'Lovelace', 36, '2024-03-01 10:00+00', 'DE', 'math; poetry', '2024-07-01 23:30'),
                       (2, 'b@x.io', 'Blaise', 'Pascal', 39, '2024-03-01 10:00+00', 'FR', NULL, '2024-01-15 00:30'),
                       (3, 'c@x.io', 'Carl', 'Gauss', 77, '2024-03-01 10:00+00', 'XX', 'math', '2024-03-31 02:30'),
                       (4, 'd@x.io', 'Dorothy', 'Vaughan', 98, '2024-03-01 10:00+00', NULL, '', NULL)""");
        target.exec("""
                CREATE TABLE people (id bigint UNIQUE, full_name text, age_group text, country text, tags text[],
                                     signed_up_day date, signed_up_at timestamptz)""");
    }

    private static IntegrationPoint.Builder peoplePoint() {
        return IntegrationPoint.newBuilder().setId("point-1").setName("people")
                .setSourceEndpointId("source-id").setSourceObject("contacts")
                .setTargetEndpointId("target-id").setTargetObject("people")
                .setOperation(Operation.OPERATION_UPSERT).addMatchKey("id").setCursorField("updated_at")
                .addFieldRules(Fixtures.copy("id", "id"))
                .addFieldRules(FieldRule.newBuilder().setTargetField("full_name")
                        .setExpression("first_name + ' ' + last_name.upperAscii()"))
                .addFieldRules(FieldRule.newBuilder().setTargetField("age_group")
                        .setExpression("age >= 40 ? 'senior' : 'junior'"))
                .addFieldRules(FieldRule.newBuilder().setTargetField("country").setSourceField("country")
                        .setLookup(LookupUse.newBuilder().setName("countries")
                                .setUnmapped(UnmappedValue.UNMAPPED_VALUE_REJECT)))
                .addFieldRules(FieldRule.newBuilder().setTargetField("tags").setSourceField("tags")
                        .setMultiValue(MultiValue.newBuilder().setSourceDelimiter(";")))
                .addFieldRules(FieldRule.newBuilder().setTargetField("signed_up_day").setSourceField("signed_up")
                        .setConversion(Conversion.CONVERSION_DATE_ONLY))
                .addFieldRules(FieldRule.newBuilder().setTargetField("signed_up_at").setSourceField("signed_up"));
    }

    @Test
    void shouldApplyEveryRuleAndRejectOnlyTheRecordWhoseValueIsUnmapped() {
        // given
        RecordingReporter reporter = new RecordingReporter();
        // when
        TaskOutcome outcome = run(reporter, peoplePoint().build(), LOOKUPS);
        // then: Berlin wall-clock times become instants; the date follows the target's zone (UTC)
        assertThat(outcome).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(target.rows("""
                SELECT id, full_name, age_group, country, tags::text, signed_up_day::text,
                       to_char(signed_up_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI')
                FROM people ORDER BY id""")).containsExactly(
                List.of("1", "Ada LOVELACE", "junior", "Germany", "{math,poetry}", "2024-07-01", "2024-07-01 21:30"),
                Arrays.asList("2", "Blaise PASCAL", "junior", "France", null, "2024-01-14", "2024-01-14 23:30"),
                Arrays.asList("4", "Dorothy VAUGHAN", "senior", null, "{}", null, null));
        assertThat(reporter.rejects()).singleElement().satisfies((RejectedRecord r) -> {
            assertThat(r.getCode()).isEqualTo("UNMAPPED_VALUE");
            assertThat(r.getMessage()).isEqualTo("target field 'country': 'XX' has no row in reference lookup "
                    + "'countries'");
            assertThat(r.getRecordKey()).isEqualTo("id=3");
        });
        assertThat(reporter.completion().counts().getRejected()).isEqualTo(1);
    }

    @Test
    void shouldFailBeforeWritingWhenARuleCannotWorkAgainstTheRealObjects() {
        // given: a missing lookup and an expression that no longer type-checks (age is an integer)
        IntegrationPoint point = peoplePoint()
                .setFieldRules(2, FieldRule.newBuilder().setTargetField("age_group").setExpression("age + 'x'"))
                .build();
        RecordingReporter reporter = new RecordingReporter();
        // when
        TaskOutcome outcome = run(reporter, point, Map.of());
        // then
        assertThat(outcome).isEqualTo(TaskOutcome.FAILED);
        assertThat(reporter.failures).singleElement().satisfies(f -> assertThat(f.message())
                .contains("field rule for target field 'age_group', expression: line 1, column 5: found no "
                        + "matching overload for '_+_'")
                .contains("field rule for target field 'country', lookup.name: reference lookup 'countries' does "
                        + "not exist"));
        assertThat(target.count("people")).isZero();
    }

    private TaskOutcome run(RecordingReporter reporter, IntegrationPoint point, Map<String, Map<String, String>> lookups) {
        EndpointAccess berlinSource = new EndpointAccess(sourceEndpoint.id(), sourceEndpoint.name(), "postgresql",
                Map.of("jdbcUrl", sourceUrl, "username", sourceEndpoint.setting("username"), "timeZone",
                        "Europe/Berlin"), sourceEndpoint.secrets());
        var integration = Fixtures.integration(point, true, true);
        TransferRunner runner = new TransferRunner(
                task -> new TaskDefinition(integration, point, berlinSource, targetEndpoint, lookups), reporter,
                ConnectorRegistry.of(new PostgresConnector()),
                new TransferSettings(2, 100, 2, Duration.ofMillis(10)));
        return runner.run(Fixtures.task().build(), new TaskControl());
    }
}
