package io.crmsync.worker.connector.mariadb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.proto.config.v1.Operation;
import io.crmsync.worker.connector.CommitGuard;
import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.TargetRow;
import io.crmsync.worker.connector.WriteResult;
import io.crmsync.worker.connector.WriteSpec;
import io.crmsync.worker.task.LeaseLostException;
import io.crmsync.worker.testing.Db;

class MariaDbTargetTest {

    private static final WriteSpec UPSERT = new WriteSpec("items", List.of("code", "label"), List.of("code"),
            Operation.OPERATION_UPSERT, true, true);
    private static String url;
    private Db db;
    private MariaDbTarget target;

    @BeforeAll
    static void createDatabase() {
        url = Db.recreateMariaDb(MariaDbTestEndpoints.DB);
    }

    @BeforeEach
    void createTable() {
        db = Db.connectMariaDb(url);
        db.exec("DROP TABLE IF EXISTS items, stamps, owned, owners");
        // version counts every UPDATE of a row, even one that changes nothing, so rewrites show
        db.exec("CREATE TABLE items (code varchar(10) PRIMARY KEY, label varchar(5), qty int CHECK (qty >= 0), "
                + "version int NOT NULL DEFAULT 0)");
        db.exec("CREATE TRIGGER items_version BEFORE UPDATE ON items FOR EACH ROW SET NEW.version = OLD.version + 1");
        target = new MariaDbTarget(MariaDbTestEndpoints.endpoint("warehouse", url));
    }

    @AfterEach
    void close() {
        target.close();
        db.close();
    }

    @Test
    void shouldReportCreatedUpdatedAndUnchangedPerRowInRowOrderWithoutRewritingUnchanged() {
        // given
        db.exec("INSERT INTO items (code, label) VALUES ('b', 'old'), ('c', 'same')");

        // when
        List<WriteResult> results = write(UPSERT, List.of(row("c", "same"), row("a", "new"), row("b", "new")));

        // then
        assertThat(results).containsExactly(WriteResult.UNCHANGED, WriteResult.CREATED, WriteResult.UPDATED);
        assertThat(db.rows("SELECT code, label, version FROM items ORDER BY code")).containsExactly(
                List.of("a", "new", "0"), List.of("b", "new", "1"), List.of("c", "same", "0"));
    }

    @Test
    void shouldTreatACaseOrTrailingSpaceChangeAsAChange() {
        // given: the default collation calls these equal
        db.exec("INSERT INTO items (code, label) VALUES ('a', 'anna'), ('b', 'bo')");

        // when
        List<WriteResult> results = write(UPSERT, List.of(row("a", "Anna"), row("b", "bo ")));

        // then
        assertThat(results).containsExactly(WriteResult.UPDATED, WriteResult.UPDATED);
        assertThat(db.rows("SELECT concat('[', label, ']') FROM items ORDER BY code"))
                .containsExactly(List.of("[Anna]"), List.of("[bo ]"));
    }

    @Test
    void shouldMergeAKeyGivenTwiceInOneBatchInOrder() {
        // when: as the PostgreSQL connector does, the first occurrence creates and the later one updates
        List<WriteResult> results = write(UPSERT,
                List.of(row("k", "first"), row("x", "x"), row("K", "last"), row("x", "x")));

        // then: 'K' is the same key as 'k' in the column's case-insensitive collation
        assertThat(results).containsExactly(WriteResult.CREATED, WriteResult.CREATED, WriteResult.UPDATED,
                WriteResult.UNCHANGED);
        assertThat(db.rows("SELECT code, label FROM items ORDER BY code"))
                .containsExactly(List.of("k", "last"), List.of("x", "x"));
    }

    @Test
    void shouldRejectOnlyTheRowsTheDatabaseRefusesWhileTheOthersCommit() {
        // given
        WriteSpec spec = new WriteSpec("items", List.of("code", "label", "qty"), List.of("code"),
                Operation.OPERATION_UPSERT, true, true);
        List<TargetRow> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rows.add(new TargetRow(Arrays.asList("r" + i, "ok", (long) i)));
        }
        rows.set(3, new TargetRow(Arrays.asList("r3", "toolong", 3L)));
        rows.set(11, new TargetRow(Arrays.asList("r11", "ok", -1L)));
        rows.set(17, new TargetRow(Arrays.asList("r17", "ok", "many")));

        // when
        List<WriteResult> results = write(spec, rows);

        // then
        assertThat(results.get(3).code()).isEqualTo("target.value_too_long");
        assertThat(results.get(3).message()).contains("label");
        assertThat(results.get(11).code()).isEqualTo("target.constraint_violation");
        assertThat(results.get(17).code()).isEqualTo("target.invalid_value");
        assertThat(results).filteredOn(r -> r.outcome() == WriteResult.Outcome.CREATED).hasSize(17);
        assertThat(db.count("items")).isEqualTo(17);
        assertThat(db.rows("SELECT code FROM items WHERE code IN ('r3', 'r11', 'r17')")).isEmpty();
    }

    @Test
    void shouldRejectAnUpdateBreakingAConstraintAndKeepTheOthers() {
        // given
        db.exec("INSERT INTO items (code, label, qty) VALUES ('a', 'x', 1), ('b', 'x', 1)");
        WriteSpec spec = new WriteSpec("items", List.of("code", "qty"), List.of("code"), Operation.OPERATION_UPSERT,
                true, true);

        // when
        List<WriteResult> results = write(spec, List.of(new TargetRow(List.of("a", -3L)),
                new TargetRow(List.of("b", 2L)), new TargetRow(List.of("c", 3L))));

        // then
        assertThat(results.get(0).code()).isEqualTo("target.constraint_violation");
        assertThat(results.subList(1, 3)).containsExactly(WriteResult.UPDATED, WriteResult.CREATED);
        assertThat(db.rows("SELECT code, qty FROM items ORDER BY code"))
                .containsExactly(List.of("a", "1"), List.of("b", "2"), List.of("c", "3"));
    }

    @Test
    void shouldUpdateOnlyExistingRecordsForUpdateOnly() {
        // given
        db.exec("INSERT INTO items (code, label) VALUES ('a', 'old'), ('b', 'same')");
        WriteSpec spec = new WriteSpec("items", List.of("code", "label"), List.of("code"),
                Operation.OPERATION_UPDATE_ONLY, true, true);

        // when: new records are never created by UPDATE_ONLY, whatever allow_new_records says
        List<WriteResult> results = write(spec, List.of(row("a", "new"), row("b", "same"), row("c", "new")));

        // then
        assertThat(results).containsExactly(WriteResult.UPDATED, WriteResult.UNCHANGED, WriteResult.SKIPPED);
        assertThat(db.rows("SELECT code, label FROM items ORDER BY code"))
                .containsExactly(List.of("a", "new"), List.of("b", "same"));
    }

    @Test
    void shouldSkipNewRecordsWhenTheyAreNotAllowed() {
        // given
        db.exec("INSERT INTO items (code, label) VALUES ('a', 'old'), ('b', 'same')");
        WriteSpec spec = new WriteSpec("items", List.of("code", "label"), List.of("code"), Operation.OPERATION_UPSERT,
                false, true);

        // when
        List<WriteResult> results = write(spec, List.of(row("a", "new"), row("b", "same"), row("c", "new")));

        // then
        assertThat(results).containsExactly(WriteResult.UPDATED, WriteResult.UNCHANGED, WriteResult.SKIPPED);
        assertThat(db.count("items")).isEqualTo(2);
    }

    @Test
    void shouldSkipMatchesWhenUpdatingIsOffOrTheOperationOnlyInserts() {
        // given
        db.exec("INSERT INTO items (code, label) VALUES ('a', 'old')");
        WriteSpec noUpdate = new WriteSpec("items", List.of("code", "label"), List.of("code"),
                Operation.OPERATION_UPSERT, true, false);
        WriteSpec insertOnly = new WriteSpec("items", List.of("code", "label"), List.of("code"),
                Operation.OPERATION_INSERT_ONLY, true, true);

        // when
        List<WriteResult> first = write(noUpdate, List.of(row("a", "new"), row("b", "new")));
        List<WriteResult> second = write(insertOnly, List.of(row("a", "new"), row("c", "new")));

        // then
        assertThat(first).containsExactly(WriteResult.SKIPPED, WriteResult.CREATED);
        assertThat(second).containsExactly(WriteResult.SKIPPED, WriteResult.CREATED);
        assertThat(db.rows("SELECT code, label FROM items ORDER BY code"))
                .containsExactly(List.of("a", "old"), List.of("b", "new"), List.of("c", "new"));
    }

    @Test
    void shouldOnlyProbeWhenNeitherCreatingNorUpdatingIsAllowed() {
        // given
        db.exec("INSERT INTO items (code, label) VALUES ('a', 'old')");
        WriteSpec probe = new WriteSpec("items", List.of("code", "label"), List.of("code"),
                Operation.OPERATION_UPSERT, false, false);

        // when
        List<WriteResult> results = write(probe, List.of(row("a", "new"), row("b", "new")));

        // then
        assertThat(results).containsExactly(WriteResult.SKIPPED, WriteResult.SKIPPED);
        assertThat(db.rows("SELECT code, label FROM items")).containsExactly(List.of("a", "old"));
    }

    @Test
    void shouldRewriteUnchangedRowsOnARebuild() {
        // given
        db.exec("INSERT INTO items (code, label) VALUES ('a', 'same')");

        // when
        List<WriteResult> results = write(UPSERT.rewritingUnchanged(), List.of(row("a", "same")));

        // then
        assertThat(results).containsExactly(WriteResult.UPDATED);
        assertThat(db.rows("SELECT version FROM items")).containsExactly(List.of("1"));
    }

    @Test
    void shouldInsertEveryRowWithoutAKey() {
        // given
        db.exec("CREATE TABLE owners (name varchar(10))");
        WriteSpec plain = new WriteSpec("owners", List.of("name"), List.of(), Operation.OPERATION_INSERT_ONLY, true,
                true);

        // when
        List<WriteResult> results = write(plain, List.of(new TargetRow(List.of("x")), new TargetRow(List.of("x")),
                new TargetRow(List.of("much too long"))));

        // then
        assertThat(results.subList(0, 2)).containsExactly(WriteResult.CREATED, WriteResult.CREATED);
        assertThat(results.get(2).code()).isEqualTo("target.value_too_long");
        assertThat(db.count("owners")).isEqualTo(2);
    }

    @Test
    void shouldRollBackTheWholeBatchWhenTheGuardRefusesTheCommit() {
        // when
        assertThatThrownBy(() -> target.write(UPSERT, List.of(row("a", "x")), () -> {
            throw new LeaseLostException("task-1", null);
        })).isInstanceOf(LeaseLostException.class);

        // then: nothing committed, and the session still writes
        assertThat(db.count("items")).isZero();
        assertThat(write(UPSERT, List.of(row("a", "x")))).containsExactly(WriteResult.CREATED);
    }

    @Test
    void shouldWriteTimeTypesAsTheColumnsMean() {
        // given: the endpoint's wall clock is Berlin (UTC+1 in March); TIMESTAMP holds instants
        db.exec("CREATE TABLE stamps (id int PRIMARY KEY, at_ts timestamp(6) NULL, at_dt datetime(3), "
                + "on_day date, price decimal(10,2), ok tinyint(1))");
        WriteSpec spec = new WriteSpec("stamps", List.of("id", "at_ts", "at_dt", "on_day", "price", "ok"),
                List.of("id"), Operation.OPERATION_UPSERT, true, true);
        OffsetDateTime instant = OffsetDateTime.parse("2024-03-01T10:00:00.123456Z");
        try (MariaDbTarget berlin = new MariaDbTarget(MariaDbTestEndpoints.endpoint("w", url, "Europe/Berlin"))) {

            // when
            List<WriteResult> results = berlin.write(spec, List.of(
                    new TargetRow(List.of(1L, instant, instant, LocalDate.parse("2024-03-01"),
                            new BigDecimal("12.50"), true)),
                    new TargetRow(Arrays.asList(2L, "2024-03-01T10:00:00Z", LocalDateTime.parse("2024-03-01T10:00"),
                            "2024-03-02", "3.5", false))),
                    CommitGuard.NONE);

            // then
            assertThat(results).containsExactly(WriteResult.CREATED, WriteResult.CREATED);
        }
        db.exec("SET time_zone = '+00:00'");
        assertThat(db.rows("SELECT id, CAST(at_ts AS CHAR), CAST(at_dt AS CHAR), on_day, price, ok FROM stamps "
                + "ORDER BY id")).containsExactly(
                        List.of("1", "2024-03-01 10:00:00.123456", "2024-03-01 11:00:00.123", "2024-03-01", "12.50",
                                "1"),
                        List.of("2", "2024-03-01 10:00:00.000000", "2024-03-01 10:00:00.000", "2024-03-02", "3.50",
                                "0"));
    }

    @Test
    void shouldFindAnUnchangedTimeRowUnchanged() {
        // given
        db.exec("CREATE TABLE stamps (id int PRIMARY KEY, at_ts timestamp(6) NULL, at_dt datetime)");
        WriteSpec spec = new WriteSpec("stamps", List.of("id", "at_ts", "at_dt"), List.of("id"),
                Operation.OPERATION_UPSERT, true, true);
        TargetRow row = new TargetRow(List.of(1L, OffsetDateTime.parse("2024-03-01T10:00:00.5Z"),
                LocalDateTime.parse("2024-03-01T10:00:00")));

        // when
        write(spec, List.of(row));
        List<WriteResult> again = write(spec, List.of(row));

        // then
        assertThat(again).containsExactly(WriteResult.UNCHANGED);
    }

    @Test
    void shouldReportAWrongPasswordWithoutSecretOrUrl() {
        // given
        EndpointAccess endpoint = new EndpointAccess("e", "warehouse", "mariadb",
                Map.of("jdbcUrl", url, "username", "crmsync_nobody"), Map.of("password", "s3cret-pass"));

        // when / then
        assertThatThrownBy(() -> new MariaDbTarget(endpoint)).isInstanceOfSatisfying(ConnectorException.class, e -> {
            assertThat(e.reason()).isEqualTo(ConnectorException.Reason.AUTHENTICATION);
            assertThat(e.getMessage()).doesNotContain("s3cret-pass").doesNotContain("127.0.0.1");
        });
    }

    @Test
    void shouldReportAnUnknownDatabaseAsConfiguration() {
        // given
        String missing = url.substring(0, url.lastIndexOf('/') + 1) + "crmsync_no_such_db";

        // when / then
        assertThatThrownBy(() -> new MariaDbTarget(MariaDbTestEndpoints.endpoint("w", missing)))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ConnectorException.Reason.CONFIGURATION);
                    assertThat(e.getMessage()).doesNotContain("jdbc:");
                });
    }

    @Test
    void shouldReportAnUnreachableServerWithoutTheUrl() {
        // when / then
        assertThatThrownBy(() -> new MariaDbTarget(MariaDbTestEndpoints.endpoint("w",
                "jdbc:mariadb://127.0.0.1:1/x?user=secretuser")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ConnectorException.Reason.UNREACHABLE);
                    assertThat(e.getMessage()).doesNotContain("127.0.0.1").doesNotContain("secretuser");
                });
    }

    @Test
    void shouldRefuseAUrlThatLetsTheServerReadLocalFiles() {
        assertThatThrownBy(() -> new MariaDbTarget(MariaDbTestEndpoints.endpoint("w", url + "?allowLocalInfile=true")))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.reason()).isEqualTo(ConnectorException.Reason.CONFIGURATION));
    }

    private List<WriteResult> write(WriteSpec spec, List<TargetRow> rows) {
        return target.write(spec, rows, CommitGuard.NONE);
    }

    private static TargetRow row(String code, String label) {
        return new TargetRow(List.of(code, label));
    }
}
