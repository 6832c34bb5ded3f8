package io.crmsync.worker.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.common.time.Timestamps;
import io.crmsync.proto.config.v1.IntegrationPoint;
import io.crmsync.proto.exception.v1.RejectedRecord;
import io.crmsync.proto.scheduler.v1.RunCounts;
import io.crmsync.proto.scheduler.v1.RunMode;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.worker.connector.ConnectorRegistry;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.mariadb.MariaDbConnector;
import io.crmsync.worker.connector.mariadb.MariaDbTestEndpoints;
import io.crmsync.worker.connector.postgresql.PostgresConnector;
import io.crmsync.worker.task.TaskControl;
import io.crmsync.worker.testing.Db;
import io.crmsync.worker.testing.Fixtures;
import io.crmsync.worker.testing.RecordingReporter;

/** The real engine between PostgreSQL and MariaDB, both ways, and from MariaDB to MariaDB. */
class MariaDbTransferTest {

    private static final String MARIA_CONTACTS = """
            CREATE TABLE contacts (id bigint NOT NULL, email varchar(40), first_name text, last_name text, age int,
                                   updated_at timestamp(6) NULL, UNIQUE KEY contacts_id_key (id),
                                   CONSTRAINT contacts_age_check CHECK (age >= 0))""";
    private static final String MARIA_SOURCE = """
            CREATE TABLE src_contacts (id bigint PRIMARY KEY, email varchar(200), first_name text, last_name text,
                                       age int, updated_at timestamp(6) NOT NULL, KEY src_cursor (updated_at, id))""";
    /** Both sides' rows in one text form: instants as UTC wall clock with microseconds. */
    private static final String PG_ROWS = "SELECT id::text, email, first_name, last_name, age::text, "
            + "to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') FROM contacts ORDER BY contacts.id";
    private static final String MARIA_ROWS = "SELECT id, email, first_name, last_name, age, CAST(updated_at AS CHAR) "
            + "FROM %s ORDER BY id";

    private static String pgUrl;
    private static String mariaUrl;
    private Db pg;
    private Db maria;
    private EndpointAccess pgEndpoint;
    private EndpointAccess mariaEndpoint;

    @BeforeAll
    static void createDatabases() {
        pgUrl = Db.recreate("crmsync_worker_maria_pg_test");
        mariaUrl = Db.recreateMariaDb("crmsync_worker_maria_engine_test");
    }

    @BeforeEach
    void createTables() {
        pg = Db.connect(pgUrl);
        maria = Db.connectMariaDb(mariaUrl);
        pg.exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
        maria.exec("DROP TABLE IF EXISTS contacts, src_contacts, moments");
        maria.exec("SET time_zone = '+00:00'");
        pgEndpoint = Fixtures.endpoint("pg", pgUrl);
        mariaEndpoint = MariaDbTestEndpoints.endpoint("maria", mariaUrl);
    }

    @AfterEach
    void closeConnections() {
        pg.close();
        maria.close();
    }

    @Test
    void shouldCopyPostgresToMariaDbFullyThenIncrementally() {
        // given
        pg.exec(Fixtures.SOURCE_TABLE);
        maria.exec(MARIA_CONTACTS);
        Fixtures.seedContacts(pg, 300, 10);
        RecordingReporter full = new RecordingReporter();

        // when: a full run
        TaskOutcome outcome = run(full, 100, Fixtures.task().build(), Fixtures.contactsPoint().build(), pgEndpoint,
                mariaEndpoint);

        // then
        assertThat(outcome).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(full.completion().counts()).isEqualTo(RunCounts.newBuilder().setRead(300).setCreated(300).build());
        assertThat(maria.rows(MARIA_ROWS.formatted("contacts"))).isEqualTo(pg.rows(PG_ROWS));

        // given: three changed rows, two new ones, one changed on both sides alike, all in the next window
        String later = "CAST('2024-03-01T12:00:00Z' AS timestamptz)";
        pg.exec("UPDATE contacts SET first_name = 'Changed', updated_at = " + later + " WHERE id IN (5, 150, 299)");
        pg.exec("INSERT INTO contacts VALUES (301, 'new1@example.com', 'New', 'One', 30, " + later + "), "
                + "(302, 'new2@example.com', 'New', 'Two', 31, " + later + ")");
        pg.exec("UPDATE contacts SET last_name = 'Same', updated_at = " + later + " WHERE id = 7");
        maria.exec("UPDATE contacts SET last_name = 'Same', updated_at = '2024-03-01 12:00:00' WHERE id = 7");
        Task incremental = Fixtures.task().setId("task-2").setMode(RunMode.RUN_MODE_INCREMENTAL)
                .setWindowStart(Timestamps.of(Fixtures.T0.plusSeconds(3600))).build();
        RecordingReporter next = new RecordingReporter();

        // when
        run(next, 100, incremental, Fixtures.contactsPoint().build(), pgEndpoint, mariaEndpoint);

        // then
        assertThat(next.completion().counts()).isEqualTo(
                RunCounts.newBuilder().setRead(6).setCreated(2).setUpdated(3).setUnchanged(1).build());
        assertThat(maria.rows(MARIA_ROWS.formatted("contacts"))).isEqualTo(pg.rows(PG_ROWS));
    }

    @Test
    void shouldCopyMariaDbToPostgres() {
        // given
        maria.exec(MARIA_SOURCE);
        seedMaria(250);
        pg.exec(Fixtures.TARGET_TABLE);
        RecordingReporter reporter = new RecordingReporter();

        // when
        TaskOutcome outcome = run(reporter, 100, Fixtures.task().build(), mariaPoint(), mariaEndpoint, pgEndpoint);

        // then
        assertThat(outcome).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(reporter.completion().counts())
                .isEqualTo(RunCounts.newBuilder().setRead(250).setCreated(250).build());
        assertThat(reporter.completion().cursor().getKeyList()).containsExactly("250");
        assertThat(pg.rows(PG_ROWS)).isEqualTo(maria.rows(MARIA_ROWS.formatted("src_contacts")));
    }

    @Test
    void shouldRejectRefusedRowsOneByOneWhileTheRunGoesOn() {
        // given
        pg.exec(Fixtures.SOURCE_TABLE);
        maria.exec(MARIA_CONTACTS);
        Fixtures.seedContacts(pg, 60, 5);
        pg.exec("UPDATE contacts SET age = -5 WHERE id = 17");
        pg.exec("UPDATE contacts SET email = repeat('x', 60) || '@example.com' WHERE id = 44");
        RecordingReporter reporter = new RecordingReporter();

        // when
        TaskOutcome outcome = run(reporter, 25, Fixtures.task().build(), Fixtures.contactsPoint().build(), pgEndpoint,
                mariaEndpoint);

        // then
        assertThat(outcome).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(reporter.completion().counts())
                .isEqualTo(RunCounts.newBuilder().setRead(60).setCreated(58).setRejected(2).build());
        assertThat(reporter.rejects()).extracting(RejectedRecord::getRecordKey, RejectedRecord::getCode)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("id=17", "target.constraint_violation"),
                        org.assertj.core.groups.Tuple.tuple("id=44", "target.value_too_long"));
        assertThat(reporter.rejects().get(0).getMessage()).contains("contacts_age_check");
        assertThat(reporter.rejects().get(1).getMessage()).contains("email");
        assertThat(maria.count("contacts")).isEqualTo(58);
        assertThat(maria.rows("SELECT id FROM contacts WHERE id IN (17, 44)")).isEmpty();
    }

    @Test
    void shouldResumeAMariaDbReadFromACheckpointWithoutSkippingOrDuplicatingTiedRows() {
        // given: 95 rows in groups of 10 sharing a modification time; the lease is lost at the 3rd checkpoint
        maria.exec(MARIA_SOURCE);
        maria.exec(MARIA_CONTACTS);
        seedMaria(95);
        RecordingReporter first = new RecordingReporter().loseLeaseAtCheckpoint(3);
        assertThat(run(first, 7, Fixtures.task().build(), mariaPoint(), mariaEndpoint, mariaEndpoint))
                .isEqualTo(TaskOutcome.STOPPED);
        RecordingReporter.Checkpoint checkpoint = first.lastCheckpoint();
        assertThat(checkpoint.cursor().getKeyList()).containsExactly("14");
        Task resumed = Fixtures.task().setEpoch(2).setCheckpoint(checkpoint.cursor())
                .setCounts(checkpoint.counts()).build();
        RecordingReporter second = new RecordingReporter();

        // when
        run(second, 7, resumed, mariaPoint(), mariaEndpoint, mariaEndpoint);

        // then: rows 15..21 were written before the lease was lost and are found unchanged on replay
        assertThat(second.completion().counts())
                .isEqualTo(RunCounts.newBuilder().setRead(95).setCreated(88).setUnchanged(7).build());
        assertThat(second.checkpoints.get(0).cursor().getKeyList()).containsExactly("21");
        assertThat(maria.rows(MARIA_ROWS.formatted("contacts")))
                .isEqualTo(maria.rows(MARIA_ROWS.formatted("src_contacts")));
    }

    @Test
    void shouldRoundTripTimeTypesThroughMariaDb() {
        // given: instants, wall-clock times and dates, there and back
        pg.exec("CREATE TABLE moments (id bigint PRIMARY KEY, at_tz timestamptz, at_local timestamp, on_day date, "
                + "updated_at timestamptz NOT NULL)");
        pg.exec("CREATE TABLE moments_back (LIKE moments INCLUDING ALL)");
        pg.exec("INSERT INTO moments VALUES (1, '2024-03-01 10:00:00.123456+02', '2024-03-31 02:30:00.5', "
                + "'2024-02-29', '2024-03-01 10:00:00Z'), (2, NULL, NULL, NULL, '2024-03-01 10:00:01Z'), "
                + "(3, '1999-12-31 23:59:59.999999Z', '2038-01-19 03:14:08', '1970-01-01', '2024-03-01 10:00:02Z')");
        maria.exec("CREATE TABLE moments (id bigint PRIMARY KEY, at_tz timestamp(6) NULL, at_local datetime(6), "
                + "on_day date, updated_at timestamp(6) NULL)");
        IntegrationPoint there = momentsPoint("moments", "moments");
        IntegrationPoint back = momentsPoint("moments", "moments_back");

        // when
        run(new RecordingReporter(), 2, Fixtures.task().build(), there, pgEndpoint, mariaEndpoint);
        RecordingReporter reporter = new RecordingReporter();
        run(reporter, 2, Fixtures.task().setId("task-2").build(), back, mariaEndpoint, pgEndpoint);

        // then
        assertThat(reporter.completion().counts()).isEqualTo(RunCounts.newBuilder().setRead(3).setCreated(3).build());
        assertThat(maria.rows("SELECT CAST(at_tz AS CHAR), CAST(at_local AS CHAR), on_day FROM moments WHERE id = 1"))
                .containsExactly(List.of("2024-03-01 08:00:00.123456", "2024-03-31 02:30:00.500000", "2024-02-29"));
        String columns = "id, at_tz, at_local, on_day, updated_at";
        assertThat(pg.rows("SELECT " + columns + " FROM moments_back ORDER BY id"))
                .isEqualTo(pg.rows("SELECT " + columns + " FROM moments ORDER BY id"));
    }

    private TaskOutcome run(RecordingReporter reporter, int batchSize, Task task, IntegrationPoint point,
            EndpointAccess source, EndpointAccess target) {
        TransferRunner runner = new TransferRunner(
                t -> Fixtures.definition(Fixtures.integration(point, true, true), source, target), reporter,
                ConnectorRegistry.of(new PostgresConnector(), new MariaDbConnector()),
                new TransferSettings(batchSize, 100, 2, Duration.ofMillis(10)));
        return runner.run(task, new TaskControl());
    }

    /** Ids 1..count, ten per modification time (T0 + (id-1)/10 seconds). */
    private void seedMaria(int count) {
        maria.exec("INSERT INTO src_contacts SELECT seq, concat('person', seq, '@example.com'), concat('First', seq), "
                + "concat('Last', seq), 20 + seq % 50, TIMESTAMP'2024-03-01 10:00:00' + INTERVAL ((seq - 1) DIV 10) "
                + "SECOND FROM seq_1_to_" + count);
    }

    private static IntegrationPoint mariaPoint() {
        return Fixtures.contactsPoint().setSourceObject("src_contacts").build();
    }

    private static IntegrationPoint momentsPoint(String sourceObject, String targetObject) {
        IntegrationPoint.Builder point = Fixtures.contactsPoint().clearFieldRules().setSourceObject(sourceObject)
                .setTargetObject(targetObject);
        for (String column : new String[] { "id", "at_tz", "at_local", "on_day", "updated_at" }) {
            point.addFieldRules(Fixtures.copy(column, column));
        }
        return point.build();
    }
}
