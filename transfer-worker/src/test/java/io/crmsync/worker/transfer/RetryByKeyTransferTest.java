package io.crmsync.worker.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.crmsync.common.time.Timestamps;
import io.crmsync.proto.config.v1.FilterOperator;
import io.crmsync.proto.config.v1.Integration;
import io.crmsync.proto.config.v1.IntegrationPoint;
import io.crmsync.proto.config.v1.Operation;
import io.crmsync.proto.exception.v1.ExceptionKind;
import io.crmsync.proto.exception.v1.ExceptionSide;
import io.crmsync.proto.scheduler.v1.RecordKey;
import io.crmsync.proto.scheduler.v1.RunCounts;
import io.crmsync.proto.scheduler.v1.RunMode;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.proto.scheduler.v1.TaskState;
import io.crmsync.worker.testing.FilterTrees;
import io.crmsync.worker.testing.Fixtures;
import io.crmsync.worker.testing.RecordingReporter;

/** A retry task (one with record keys) re-reads exactly those source records, on real PostgreSQL. */
class RetryByKeyTransferTest extends EngineTestBase {

    @Test
    void shouldReReadExactlyTheKeyedRecordsWhateverTheWindow() {
        // given: every row changed after the task's window, and a filter that keeps every row
        Fixtures.seedContacts(source, 30, 3);
        source.exec("UPDATE contacts SET updated_at = now()");
        IntegrationPoint point = Fixtures.contactsPoint()
                .setFilter("age < 1000").setFilterExpression(FilterTrees.compare("age",
                        FilterOperator.FILTER_OPERATOR_LESS, 1000)).build();
        Task retry = Fixtures.task().setMode(RunMode.RUN_MODE_INCREMENTAL).setWindowStart(Timestamps.of(Fixtures.T0))
                .setWindowEnd(Timestamps.of(Fixtures.T0.plusSeconds(1)))
                .addRecordKeys(key("3")).addRecordKeys(key("17")).addRecordKeys(key("999")).build();
        RecordingReporter reporter = new RecordingReporter();

        // when
        TaskOutcome outcome = run(reporter, 500, retry, point);

        // then
        assertThat(outcome).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(target.rows("SELECT id::text, email FROM contacts ORDER BY contacts.id")).containsExactly(
                List.of("3", "person3@example.com"), List.of("17", "person17@example.com"));
        assertThat(reporter.completion().counts())
                .isEqualTo(RunCounts.newBuilder().setRead(2).setCreated(2).build());
        assertThat(reporter.splits).isEmpty();
    }

    @Test
    void shouldKeepThePointsFilterSoARetryNeverWritesARecordThePointNowExcludes() {
        // given: ages are 20 + id; the point now reads only ages under 30
        Fixtures.seedContacts(source, 30, 1);
        IntegrationPoint point = Fixtures.contactsPoint()
                .setFilter("age < 30").setFilterExpression(FilterTrees.compare("age",
                        FilterOperator.FILTER_OPERATOR_LESS, 30)).build();
        Task retry = Fixtures.task().addRecordKeys(key("3")).addRecordKeys(key("17")).build();
        RecordingReporter reporter = new RecordingReporter();

        // when
        run(reporter, 500, retry, point);

        // then: 17 (age 37) stays out
        assertThat(target.rows("SELECT id::text FROM contacts ORDER BY contacts.id")).containsExactly(List.of("3"));
    }

    @Test
    void shouldKeepThePointsRecordIdsSoARetryReadsOnlyKeysTheyList() {
        // given: the point reads only ids 3 and 5
        Fixtures.seedContacts(source, 30, 1);
        IntegrationPoint point = Fixtures.contactsPoint().addRecordIds("3").addRecordIds("5").build();
        Task retry = Fixtures.task().addRecordKeys(key("3")).addRecordKeys(key("17")).build();

        // when
        run(new RecordingReporter(), 500, retry, point);

        // then
        assertThat(target.rows("SELECT id::text FROM contacts ORDER BY contacts.id")).containsExactly(List.of("3"));
    }

    @Test
    void shouldReReadByACompoundKeyMatchingEveryKeyFieldTogether() {
        // given: a match key (id, email); one key names an id with another row's email
        Fixtures.seedContacts(source, 20, 1);
        target.exec("ALTER TABLE contacts ADD CONSTRAINT contacts_id_email_key UNIQUE (id, email)");
        IntegrationPoint point = Fixtures.contactsPoint().addMatchKey("email").build();
        Task retry = Fixtures.task().addRecordKeys(key("4", "person4@example.com"))
                .addRecordKeys(key("9", "person9@example.com")).addRecordKeys(key("10", "person11@example.com"))
                .build();
        RecordingReporter reporter = new RecordingReporter();

        // when
        TaskOutcome outcome = run(reporter, 500, retry, point);

        // then
        assertThat(outcome).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(target.rows("SELECT id::text FROM contacts ORDER BY contacts.id")).containsExactly(List.of("4"),
                List.of("9"));
    }

    @Test
    void shouldStillKeepRecordsOfDeniedAccountsOutOfScope() {
        // given
        Fixtures.seedContacts(source, 10, 1);
        source.exec("ALTER TABLE contacts ADD COLUMN account text");
        source.exec("UPDATE contacts SET account = CASE WHEN id = 4 THEN 'blocked' ELSE 'acme' END");
        IntegrationPoint point = Fixtures.contactsPoint().setAccountField("account").build();
        Integration integration = Fixtures.integration(point, true, true).toBuilder().addAccountDenyList("blocked")
                .build();
        Task retry = Fixtures.task().addRecordKeys(key("3")).addRecordKeys(key("4")).build();
        RecordingReporter reporter = new RecordingReporter();

        // when
        TaskOutcome outcome = run(reporter, 500, retry, integration);

        // then
        assertThat(outcome).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(target.rows("SELECT id::text FROM contacts")).containsExactly(List.of("3"));
    }

    @Test
    void shouldRefuseToReReadDeletionsByKey() {
        // given
        IntegrationPoint point = Fixtures.contactsPoint().setOperation(Operation.OPERATION_IMPORT_DELETED).build();
        RecordingReporter reporter = new RecordingReporter();

        // when
        TaskOutcome outcome = run(reporter, 500, Fixtures.task().addRecordKeys(key("3")).build(), point);

        // then
        assertThat(outcome).isEqualTo(TaskOutcome.FAILED);
        assertThat(reporter.failures).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(ExceptionKind.EXCEPTION_KIND_CONFIGURATION);
            assertThat(f.side()).isEqualTo(ExceptionSide.EXCEPTION_SIDE_PLATFORM);
            assertThat(f.message()).contains("integration point 'contacts': a retry of selected records cannot "
                    + "re-read deletions: operation IMPORT_DELETED reads the source's deletion log of a window");
        });
        assertThat(reporter.completion().outcome()).isEqualTo(TaskState.TASK_STATE_FAILED);
    }

    @Test
    void shouldRefuseAKeyWithTheWrongNumberOfValues() {
        // given
        RecordingReporter reporter = new RecordingReporter();

        // when
        run(reporter, 500, Fixtures.task().addRecordKeys(key("3", "x")).build(), Fixtures.contactsPoint().build());

        // then
        assertThat(reporter.failures).singleElement().satisfies(f -> assertThat(f.message())
                .isEqualTo("integration point 'contacts': record key #1 has 2 value(s), but the match key has 1 "
                        + "field(s)"));
        assertThat(target.count("contacts")).isZero();
    }

    private static RecordKey key(String... values) {
        return RecordKey.newBuilder().addAllValues(List.of(values)).build();
    }
}
