package io.crmsync.worker.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.crmsync.proto.config.v1.IntegrationPoint;
import io.crmsync.proto.config.v1.Operation;
import io.crmsync.proto.exception.v1.ExceptionKind;
import io.crmsync.proto.scheduler.v1.TaskState;
import io.crmsync.testsupport.TestDatabases;
import io.crmsync.worker.connector.ConnectorRegistry;
import io.crmsync.worker.connector.ConnectorSession;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.SourceConnector;
import io.crmsync.worker.connector.SourceSession;
import io.crmsync.worker.connector.postgresql.PostgresConnector;
import io.crmsync.worker.task.TaskControl;
import io.crmsync.worker.testing.Fixtures;
import io.crmsync.worker.testing.RecordingReporter;

class TransferFailureTest extends EngineTestBase {

    @Test
    void shouldFailWithAConfigurationErrorNamingTheMissingTargetColumnAndWriteNothing() {
        // given
        Fixtures.seedContacts(source, 10, 1);
        IntegrationPoint point = Fixtures.contactsPoint().addFieldRules(Fixtures.copy("first_name", "nickname"))
                .build();
        RecordingReporter reporter = new RecordingReporter();

        // when
        TaskOutcome outcome = run(reporter, 500, Fixtures.task().build(), point);

        // then
        assertThat(outcome).isEqualTo(TaskOutcome.FAILED);
        assertThat(reporter.failures).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(ExceptionKind.EXCEPTION_KIND_CONFIGURATION);
            assertThat(f.code()).isEqualTo("transfer.configuration_invalid");
            assertThat(f.message()).isEqualTo("target field 'nickname' does not exist in target object 'contacts' "
                    + "on endpoint 'warehouse'");
        });
        assertThat(reporter.completion().outcome()).isEqualTo(TaskState.TASK_STATE_FAILED);
        assertThat(reporter.completion().errorMessage()).isEqualTo(reporter.failures.get(0).message());
        assertThat(reporter.checkpoints).isEmpty();
        assertThat(target.count("contacts")).isZero();
    }

    @Test
    void shouldRefuseATargetFieldFilledTwice() {
        // given
        IntegrationPoint point = Fixtures.contactsPoint().addFieldRules(Fixtures.constant("x", "last_name")).build();
        RecordingReporter reporter = new RecordingReporter();

        // when
        run(reporter, 500, Fixtures.task().build(), point);

        // then
        assertThat(reporter.failures.get(0).message())
                .isEqualTo("target field 'last_name' is filled by more than one field rule");
    }

    @Test
    void shouldRefuseRecordIdsForACompoundMatchKeyAndWriteNothing() {
        // given: ids are values of one key field; with two key fields they name nothing
        target.exec("ALTER TABLE contacts ADD CONSTRAINT contacts_id_email_key UNIQUE (id, email)");
        IntegrationPoint point = Fixtures.contactsPoint().addMatchKey("email").addRecordIds("1").addRecordIds("2")
                .build();
        RecordingReporter reporter = new RecordingReporter();

        // when
        run(reporter, 500, Fixtures.task().build(), point);

        // then
        assertThat(reporter.failures.get(0).message()).contains("record_ids")
                .contains("the match key must be exactly one field (it has 2)");
        assertThat(target.count("contacts")).isZero();
    }

    @Test
    void shouldListEverySchemaProblemAtOnce() {
        // given: no unique key on the target, a dot path, and a cursor that is not a time
        target.exec("ALTER TABLE contacts DROP CONSTRAINT contacts_id_key");
        IntegrationPoint point = Fixtures.contactsPoint().clearFieldRules().setCursorField("age")
                .addFieldRules(Fixtures.copy("id", "id")).addFieldRules(Fixtures.copy("Owner.Name", "last_name"))
                .addFieldRules(Fixtures.copy("nick", "first_name")).build();
        RecordingReporter reporter = new RecordingReporter();

        // when
        run(reporter, 500, Fixtures.task().build(), point);

        // then
        assertThat(reporter.failures.get(0).message().split("; ")).containsExactly(
                "source field 'Owner.Name' is a dot path, which the postgresql connector does not support yet",
                "source field 'nick' does not exist in source object 'contacts' on endpoint 'crm-source'",
                "cursor field 'age' of source object 'contacts' on endpoint 'crm-source' has type integer, "
                        + "but a date or timestamp is required",
                "target object 'contacts' on endpoint 'warehouse' has no unique index or constraint on exactly (id), "
                        + "which is needed to match records");
    }

    @Test
    void shouldRefuseAnOperationTheConnectorDoesNotSupport() {
        // given
        IntegrationPoint point = Fixtures.contactsPoint().setOperation(Operation.OPERATION_IMPORT_DELETED).build();
        RecordingReporter reporter = new RecordingReporter();

        // when
        run(reporter, 500, Fixtures.task().build(), point);

        // then
        assertThat(reporter.failures.get(0).message())
                .isEqualTo("operation IMPORT_DELETED needs a source that keeps deleted records (salesforce, hubspot, "
                        + "dynamics); the postgresql connector has no log of deleted records");
        assertThat(reporter.failures.get(0).kind()).isEqualTo(ExceptionKind.EXCEPTION_KIND_CONFIGURATION);
    }

    @Test
    void shouldRefuseImportingDeletionsUnderMostRecentWins() {
        // given: deletions carry no values to compare with the target's
        IntegrationPoint point = Fixtures.contactsPoint().setOperation(Operation.OPERATION_IMPORT_DELETED).build();
        RecordingReporter reporter = new RecordingReporter();

        // when
        run(reporter, 500, Fixtures.task().build(), Fixtures.integration(point, true, true).toBuilder()
                .setConflictPolicy(io.crmsync.proto.config.v1.ConflictPolicy.CONFLICT_POLICY_MOST_RECENT_WINS).build());

        // then
        assertThat(reporter.failures.get(0).message()).contains("operation IMPORT_DELETED cannot honour conflict "
                + "policy most_recent_wins");
        assertThat(reporter.failures.get(0).kind()).isEqualTo(ExceptionKind.EXCEPTION_KIND_CONFIGURATION);
    }

    @Test
    void shouldReportAnUnreachableSourceWithoutThePasswordAndNeverTouchTheTarget() {
        // given: nothing listens on port 1
        Fixtures.seedContacts(source, 10, 1);
        sourceEndpoint = new EndpointAccess("source-id", "crm-source", "postgresql",
                Map.of("jdbcUrl", "jdbc:postgresql://localhost:1/crm?password=url-secret", "username", "sync"),
                Map.of("password", "s3cret-pw"));
        target.exec("REVOKE ALL ON contacts FROM PUBLIC");
        RecordingReporter reporter = new RecordingReporter();

        // when
        TaskOutcome outcome = run(reporter, 500, Fixtures.task().build(), Fixtures.contactsPoint().build());

        // then
        assertThat(outcome).isEqualTo(TaskOutcome.FAILED);
        RecordingReporter.Failure failure = reporter.failures.get(0);
        assertThat(failure.kind()).isEqualTo(ExceptionKind.EXCEPTION_KIND_RUN_FAILURE);
        assertThat(failure.code()).isEqualTo("transfer.source_unreachable");
        assertThat(failure.message()).isEqualTo("source endpoint 'crm-source': could not connect: connection refused");
        assertThat(failure.message() + reporter.completion().errorMessage())
                .doesNotContain("s3cret-pw").doesNotContain("url-secret").doesNotContain("jdbc:");
        assertThat(target.count("contacts")).isZero();
    }

    @Test
    void shouldRefuseADriverPropertyThatLoadsClasses() {
        // given
        sourceEndpoint = Fixtures.endpoint("crm-source", sourceUrl + "?socketFactory=java.lang.Object");
        RecordingReporter reporter = new RecordingReporter();

        // when
        run(reporter, 500, Fixtures.task().build(), Fixtures.contactsPoint().build());

        // then
        assertThat(reporter.failures.get(0).code()).isEqualTo("transfer.configuration_invalid");
        assertThat(reporter.failures.get(0).message()).contains("socketfactory");
    }

    @Test
    void shouldFailForAnEndpointTypeWithoutConnector() {
        // given
        targetEndpoint = new EndpointAccess("t", "crm", "salesforce", Map.of(), Map.of());
        RecordingReporter reporter = new RecordingReporter();

        // when
        run(reporter, 500, Fixtures.task().build(), Fixtures.contactsPoint().build());

        // then
        assertThat(reporter.failures.get(0).message()).isEqualTo("no connector for endpoint type salesforce yet "
                + "(endpoint 'crm')");
        assertThat(reporter.completion().outcome()).isEqualTo(TaskState.TASK_STATE_FAILED);
    }

    @Test
    void shouldFailWithAGenericMessageOnAnUnexpectedError() {
        // given: a source connector with a bug
        SourceConnector broken = new SourceConnector() {
            @Override
            public String type() {
                return "broken";
            }

            @Override
            public ConnectorSession connect(EndpointAccess endpoint) {
                throw new IllegalStateException("bug");
            }

            @Override
            public SourceSession openSource(EndpointAccess endpoint) {
                throw new IllegalStateException("bug with details admins must not see");
            }
        };
        RecordingReporter reporter = new RecordingReporter();
        EndpointAccess brokenEndpoint = new EndpointAccess("s", "odd", "broken", Map.of(), Map.of());
        TransferRunner runner = new TransferRunner(
                task -> Fixtures.definition(Fixtures.contactsPoint().build(), brokenEndpoint, targetEndpoint),
                reporter, ConnectorRegistry.of(broken, new PostgresConnector()),
                new TransferSettings(10, 10, 1, java.time.Duration.ZERO));

        // when
        TaskOutcome outcome = runner.run(Fixtures.task().build(), new TaskControl());

        // then
        assertThat(outcome).isEqualTo(TaskOutcome.FAILED);
        assertThat(reporter.failures.get(0).code()).isEqualTo("transfer.internal_error");
        assertThat(reporter.completion().errorMessage())
                .isEqualTo("internal error in transfer worker, see worker logs");
    }

    @Test
    void shouldStopWithoutCompletingWhenAskedToStop() {
        // given
        Fixtures.seedContacts(source, 10, 1);
        RecordingReporter reporter = new RecordingReporter();
        TaskControl control = new TaskControl();
        control.stop("run cancelled");

        // when
        TaskOutcome outcome = runner(reporter, 5, Fixtures.integration(Fixtures.contactsPoint().build(), true, true))
                .run(Fixtures.task().build(), control);

        // then
        assertThat(outcome).isEqualTo(TaskOutcome.STOPPED);
        assertThat(reporter.completions).isEmpty();
        assertThat(target.count("contacts")).isZero();
        assertThat(reporter.checkpoints).isEmpty();
    }

    @Test
    void shouldReportAnUnknownDatabaseAsConfiguration() {
        // given
        sourceEndpoint = Fixtures.endpoint("crm-source", TestDatabases.urlOf("crmsync_worker_no_such_db"));
        RecordingReporter reporter = new RecordingReporter();

        // when
        run(reporter, 500, Fixtures.task().build(), Fixtures.contactsPoint().build());

        // then
        assertThat(reporter.failures.get(0).kind()).isEqualTo(ExceptionKind.EXCEPTION_KIND_CONFIGURATION);
        assertThat(reporter.failures.get(0).message())
                .isEqualTo("source endpoint 'crm-source': the database named in jdbcUrl does not exist");
    }
}
