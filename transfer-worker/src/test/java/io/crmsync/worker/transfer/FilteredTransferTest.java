package io.crmsync.worker.transfer;

import static io.crmsync.worker.testing.FilterTrees.and;
import static io.crmsync.worker.testing.FilterTrees.compare;
import static io.crmsync.worker.testing.FilterTrees.eq;
import static io.crmsync.worker.testing.FilterTrees.in;
import static io.crmsync.worker.testing.FilterTrees.like;
import static io.crmsync.worker.testing.FilterTrees.or;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.crmsync.common.time.Timestamps;
import io.crmsync.proto.config.v1.FilterExpression;
import io.crmsync.proto.config.v1.FilterOperator;
import io.crmsync.proto.config.v1.IntegrationPoint;
import io.crmsync.proto.exception.v1.ExceptionKind;
import io.crmsync.proto.scheduler.v1.RunMode;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.worker.testing.Fixtures;
import io.crmsync.worker.testing.RecordingReporter;

/** A point's filter through the whole engine: validated, ANDed with the window, resumed after a checkpoint. */
class FilteredTransferTest extends EngineTestBase {

    /** age >= 35 AND (email LIKE 'person1%' OR first_name IN ('First45', 'First46')), as config-service sends it. */
    private static final FilterExpression FILTER = and(
            compare("age", FilterOperator.FILTER_OPERATOR_GREATER_OR_EQUAL, 35L),
            or(like("email", false, "person1%"), in("first_name", false, "First45", "First46")));
    /** The same in SQL: ages are 20 + id % 50, so ids 15..19, 45 and 46. */
    private static final String SAME_IN_SQL = "age >= 35 AND (email LIKE 'person1%' OR first_name IN "
            + "('First45', 'First46'))";

    @Test
    void shouldCopyOnlyTheFilteredRowsOfTheWindow() {
        // given: ids 1..100 one second apart; the window holds ids 11..60
        Fixtures.seedContacts(source, 100, 1);
        Task task = incrementalTask(10, 60);
        RecordingReporter reporter = new RecordingReporter();

        // when
        TaskOutcome outcome = run(reporter, 4, task, point(FILTER));

        // then
        assertThat(outcome).isEqualTo(TaskOutcome.SUCCEEDED);
        List<List<String>> expected = source.rows("SELECT id FROM contacts WHERE " + SAME_IN_SQL
                + " AND updated_at >= CAST(? AS timestamptz) AND updated_at < CAST(? AS timestamptz) ORDER BY id",
                Fixtures.T0.plusSeconds(10).toString(), Fixtures.T0.plusSeconds(60).toString());
        assertThat(expected).hasSize(7);
        assertThat(target.rows("SELECT id FROM contacts ORDER BY id")).isEqualTo(expected);
        assertThat(reporter.completion().counts().getRead()).isEqualTo(expected.size());
    }

    @Test
    void shouldReadExactlyTheListedRecordsWhateverTheWindowAndFilter() {
        // given: ids 1..100; an incremental task whose window holds ids 11..60, a point filter, and a list of ids
        // inside and outside both (99 is outside the window, 7 is not in the source)
        Fixtures.seedContacts(source, 100, 1);
        IntegrationPoint point = point(FILTER).toBuilder().addRecordIds("3").addRecordIds("42")
                .addRecordIds("99").addRecordIds("7000").build();
        RecordingReporter reporter = new RecordingReporter();

        // when
        TaskOutcome outcome = run(reporter, 2, incrementalTask(10, 60), point);

        // then: the ids replace the filter and the window; an id the source lacks is simply not there
        assertThat(outcome).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(target.rows("SELECT id FROM contacts ORDER BY id"))
                .containsExactly(List.of("3"), List.of("42"), List.of("99"));
        assertThat(reporter.completion().counts().getRead()).isEqualTo(3);
        assertThat(reporter.completion().counts().getCreated()).isEqualTo(3);
    }

    @Test
    void shouldResumeAFilteredReadAfterItsCheckpoint() {
        // given: the lease is lost at the 2nd checkpoint of batches of 3
        Fixtures.seedContacts(source, 100, 1);
        RecordingReporter first = new RecordingReporter().loseLeaseAtCheckpoint(2);
        assertThat(run(first, 3, Fixtures.task().build(), point(FILTER))).isEqualTo(TaskOutcome.STOPPED);
        RecordingReporter.Checkpoint checkpoint = first.lastCheckpoint();
        Task resumed = Fixtures.task().setEpoch(2).setCheckpoint(checkpoint.cursor()).setCounts(checkpoint.counts())
                .build();
        RecordingReporter second = new RecordingReporter();

        // when
        run(second, 3, resumed, point(FILTER));

        // then
        List<List<String>> expected = source.rows("SELECT id FROM contacts WHERE " + SAME_IN_SQL + " ORDER BY id");
        assertThat(target.rows("SELECT id FROM contacts ORDER BY id")).isEqualTo(expected);
        assertThat(second.completion().counts().getRead()).isEqualTo(expected.size());
        // the first batch was committed; the second was written, then its checkpoint lost, and is read again
        assertThat(first.checkpoints.get(0).cursor().getKeyList()).containsExactly(expected.get(2).get(0));
        assertThat(second.checkpoints.get(0).cursor().getKeyList()).containsExactly(expected.get(5).get(0));
    }

    @Test
    void shouldMatchNothingAndDropNothingForAnInjectionAttempt() {
        // given
        Fixtures.seedContacts(source, 10, 1);
        RecordingReporter reporter = new RecordingReporter();

        // when
        TaskOutcome outcome = run(reporter, 5, Fixtures.task().build(),
                point(eq("first_name", "x'); DROP TABLE contacts; --")));

        // then
        assertThat(outcome).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(reporter.completion().counts().getRead()).isZero();
        assertThat(source.count("contacts")).isEqualTo(10);
        assertThat(target.count("contacts")).isZero();
    }

    @Test
    void shouldFailNamingUnknownFieldsAndDotPathsBeforeReading() {
        // given
        Fixtures.seedContacts(source, 10, 1);
        RecordingReporter reporter = new RecordingReporter();

        // when
        TaskOutcome outcome = run(reporter, 5, Fixtures.task().build(),
                point(and(eq("nickname", "x"), eq("Owner.Name", "y"))));

        // then
        assertThat(outcome).isEqualTo(TaskOutcome.FAILED);
        assertThat(reporter.failures).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(ExceptionKind.EXCEPTION_KIND_CONFIGURATION);
            assertThat(f.message()).isEqualTo("filter field 'nickname' does not exist in source object 'contacts' "
                    + "on endpoint 'crm-source'; filter field 'Owner.Name' is a dot path to a related object, which "
                    + "cannot be rendered into SQL for the postgresql source; filter on a column of source object "
                    + "'contacts' on endpoint 'crm-source'");
        });
        assertThat(target.count("contacts")).isZero();
    }

    @Test
    void shouldFailOnAValueTheFieldCannotHoldBeforeReading() {
        // given
        Fixtures.seedContacts(source, 10, 1);
        RecordingReporter reporter = new RecordingReporter();

        // when
        TaskOutcome outcome = run(reporter, 5, Fixtures.task().build(), point(in("age", false, 30L, "old")));

        // then
        assertThat(outcome).isEqualTo(TaskOutcome.FAILED);
        assertThat(reporter.failures).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(ExceptionKind.EXCEPTION_KIND_CONFIGURATION);
            assertThat(f.message()).isEqualTo("filter value 'old' cannot be compared with field 'age' of type "
                    + "integer (source object 'contacts' on endpoint 'crm-source')");
        });
        assertThat(reporter.completion().counts().getRead()).isZero();
        assertThat(reporter.checkpoints).isEmpty();
    }

    @Test
    void shouldRefuseFilterTextWithoutItsTree() {
        // given: a config-service that does not know filters yet would send only the text
        IntegrationPoint point = Fixtures.contactsPoint().setFilter("age > 1").build();
        RecordingReporter reporter = new RecordingReporter();

        // when
        TaskOutcome outcome = run(reporter, 5, Fixtures.task().build(), point);

        // then
        assertThat(outcome).isEqualTo(TaskOutcome.FAILED);
        assertThat(reporter.failures.get(0).message()).contains("has a filter but config-service sent no parsed "
                + "filter_expression");
    }

    private static IntegrationPoint point(FilterExpression filter) {
        return Fixtures.contactsPoint().setFilter("(as written by the admin)").setFilterExpression(filter).build();
    }

    private static Task incrementalTask(int fromSecond, int toSecond) {
        return Fixtures.task().setMode(RunMode.RUN_MODE_INCREMENTAL)
                .setWindowStart(Timestamps.of(Fixtures.T0.plusSeconds(fromSecond)))
                .setWindowEnd(Timestamps.of(Fixtures.T0.plusSeconds(toSecond))).build();
    }
}
