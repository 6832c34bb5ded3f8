package io.crmsync.worker.connector.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.proto.config.v1.Operation;
import io.crmsync.testsupport.TestDatabases;
import io.crmsync.worker.connector.CommitGuard;
import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.TargetRow;
import io.crmsync.worker.connector.WriteResult;
import io.crmsync.worker.connector.WriteSpec;
import io.crmsync.worker.task.LeaseLostException;
import io.crmsync.worker.testing.Db;
import io.crmsync.worker.testing.Fixtures;

class PgTargetTest {

    private static final WriteSpec UPSERT = new WriteSpec("items", List.of("code", "label"), List.of("code"),
            Operation.OPERATION_UPSERT, true, true);
    private static String url;
    private Db db;
    private PgTarget target;

    @BeforeAll
    static void createDatabase() {
        url = Db.recreate(Fixtures.TARGET_DB);
    }

    @BeforeEach
    void createTable() {
        db = Db.connect(url);
        db.exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
        db.exec("CREATE TABLE items (code text PRIMARY KEY, label text)");
        target = new PgTarget(Fixtures.endpoint("warehouse", url));
    }

    @AfterEach
    void close() {
        target.close();
        db.close();
    }

    @Test
    void shouldReportCreatedUpdatedAndUnchangedPerRowInRowOrder() {
        // given
        db.exec("INSERT INTO items VALUES ('b', 'old'), ('c', 'same')");

        // when
        List<WriteResult> results = write(UPSERT, List.of(row("c", "same"), row("a", "new"), row("b", "new")));

        // then
        assertThat(results).containsExactly(WriteResult.UNCHANGED, WriteResult.CREATED, WriteResult.UPDATED);
        assertThat(db.rows("SELECT code, label FROM items ORDER BY code"))
                .containsExactly(List.of("a", "new"), List.of("b", "new"), List.of("c", "same"));
    }

    @Test
    void shouldWriteAKeyGivenTwiceInOneBatchInOrder() {
        // when: ON CONFLICT cannot touch a row twice in one statement, so the rows are split
        List<WriteResult> results = write(UPSERT, List.of(row("k", "first"), row("x", "x"), row("k", "last")));

        // then
        assertThat(results).containsExactly(WriteResult.CREATED, WriteResult.CREATED, WriteResult.UPDATED);
        assertThat(db.rows("SELECT label FROM items WHERE code = 'k'")).containsExactly(List.of("last"));
    }

    @Test
    void shouldRejectARowBreakingADeferredConstraintWhileTheOthersCommit() {
        // given
        db.exec("CREATE TABLE owners (id int PRIMARY KEY)");
        db.exec("INSERT INTO owners VALUES (1)");
        db.exec("CREATE TABLE deals (code text PRIMARY KEY, owner_id int REFERENCES owners (id) "
                + "DEFERRABLE INITIALLY DEFERRED)");
        WriteSpec deals = new WriteSpec("deals", List.of("code", "owner_id"), List.of("code"),
                Operation.OPERATION_UPSERT, true, true);

        // when
        List<WriteResult> results = write(deals, List.of(row("d1", 1L), row("d2", 2L), row("d3", 1L)));

        // then
        assertThat(results.get(1).outcome()).isEqualTo(WriteResult.Outcome.REJECTED);
        assertThat(results.get(1).code()).isEqualTo("target.constraint_violation");
        assertThat(db.rows("SELECT code FROM deals ORDER BY code")).containsExactly(List.of("d1"), List.of("d3"));
    }

    @Test
    void shouldFailTransientlyWhenTheConnectionDropsAndReconnectForTheNextBatch() {
        // given
        write(UPSERT, List.of(row("a", "1")));
        db.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                + "WHERE datname = ? AND application_name = 'crmsync-transfer-worker'",
                TestDatabases.name(Fixtures.TARGET_DB));

        // when / then
        assertThatThrownBy(() -> write(UPSERT, List.of(row("b", "2"))))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.isTransient()).isTrue());
        assertThat(write(UPSERT, List.of(row("b", "2")))).containsExactly(WriteResult.CREATED);
        assertThat(db.count("items")).isEqualTo(2);
    }

    @Test
    void shouldRollBackTheWholeBatchWhenTheGuardRefusesTheCommit() {
        // given: a row written meanwhile by whoever holds the task now
        db.exec("INSERT INTO items VALUES ('a', 'newer')");
        LeaseLostException refusal = new LeaseLostException("lease of task task-1 at epoch 1 expired");
        List<List<String>> sessionWhenAsked = new ArrayList<>();
        CommitGuard refuse = () -> {
            sessionWhenAsked.addAll(db.rows("SELECT state FROM pg_stat_activity "
                    + "WHERE datname = ? AND application_name = 'crmsync-transfer-worker'",
                    TestDatabases.name(Fixtures.TARGET_DB)));
            throw refusal;
        };

        // when
        assertThatThrownBy(() -> target.write(UPSERT, List.of(row("a", "stale"), row("b", "stale")), refuse))
                .isSameAs(refusal);

        // then: asked last thing inside the batch's transaction, and nothing of the batch is committed
        assertThat(sessionWhenAsked).containsExactly(List.of("idle in transaction"));
        assertThat(db.rows("SELECT code, label FROM items ORDER BY code")).containsExactly(List.of("a", "newer"));
        // and: the session writes on afterwards
        assertThat(write(UPSERT, List.of(row("b", "later")))).containsExactly(WriteResult.CREATED);
        assertThat(db.count("items")).isEqualTo(2);
    }

    @Test
    void shouldLoadAnEmptyTableAndThenMergeOnceAKeyCollides() {
        // given: an empty table, loaded straight by COPY
        assertThat(write(UPSERT, List.of(row("a", "1"), row("b", "1")))).containsOnly(WriteResult.CREATED);
        // and: a record written meanwhile by someone else
        db.exec("INSERT INTO items VALUES ('c', 'theirs')");

        // when: a batch collides with it
        List<WriteResult> results = write(UPSERT, List.of(row("d", "1"), row("c", "ours")));

        // then: the batch is merged instead, nothing duplicated or lost, and so are later ones
        assertThat(results).containsExactly(WriteResult.CREATED, WriteResult.UPDATED);
        assertThat(write(UPSERT, List.of(row("a", "1"), row("b", "2"), row("e", "1"))))
                .containsExactly(WriteResult.UNCHANGED, WriteResult.UPDATED, WriteResult.CREATED);
        assertThat(db.rows("SELECT code, label FROM items ORDER BY code")).containsExactly(List.of("a", "1"),
                List.of("b", "2"), List.of("c", "ours"), List.of("d", "1"), List.of("e", "1"));
    }

    @Test
    void shouldRejectOnlyTheBadRowOfABatchLoadingAnEmptyTable() {
        // given
        db.exec("ALTER TABLE items ADD CONSTRAINT label_short CHECK (length(label) < 5)");

        // when
        List<WriteResult> first = write(UPSERT, List.of(row("a", "ok"), row("b", "too long"), row("c", "ok")));
        List<WriteResult> second = write(UPSERT, List.of(row("d", "ok")));

        // then
        assertThat(first.get(1).outcome()).isEqualTo(WriteResult.Outcome.REJECTED);
        assertThat(first.get(1).message()).contains("label_short");
        assertThat(List.of(first.get(0), first.get(2), second.get(0))).containsOnly(WriteResult.CREATED);
        assertThat(db.rows("SELECT code FROM items ORDER BY code"))
                .containsExactly(List.of("a"), List.of("c"), List.of("d"));
    }

    @Test
    void shouldCarryEveryCharacterThroughBothCopyPaths() {
        // given: text COPY escapes these; arrays are literals inside a field
        db.exec("CREATE TABLE notes (id int PRIMARY KEY, body text, tags text[])");
        WriteSpec notes = new WriteSpec("notes", List.of("id", "body", "tags"), List.of("id"),
                Operation.OPERATION_UPSERT, true, true);
        String body = "tab\there\nnew line\r\\N not null \\ back\\slash 'quote\" \u00e9\u4e2d\ud83d\ude00";
        List<Object> tags = Arrays.asList("a,b", "c\"d", null, "back\\slash", "{brace}");

        // when: the first batch goes straight into the empty table, the second through the stage
        write(notes, List.of(row(1L, body, tags), row(2L, null, List.of())));
        List<WriteResult> merged = write(notes, List.of(row(1L, body, tags), row(3L, body + "!", tags)));

        // then
        assertThat(merged).containsExactly(WriteResult.UNCHANGED, WriteResult.CREATED);
        assertThat(db.rows("SELECT id::text, body, array_to_json(tags)::text FROM notes ORDER BY id")).containsExactly(
                List.of("1", body, "[\"a,b\",\"c\\\"d\",null,\"back\\\\slash\",\"{brace}\"]"),
                Arrays.asList("2", null, "[]"),
                List.of("3", body + "!", "[\"a,b\",\"c\\\"d\",null,\"back\\\\slash\",\"{brace}\"]"));
    }

    @Test
    void shouldRefuseAnOperationItDoesNotImplement() {
        WriteSpec importDeleted = new WriteSpec("items", List.of("code"), List.of("code"),
                Operation.OPERATION_IMPORT_DELETED, true, true);
        assertThatThrownBy(() -> write(importDeleted, List.of(row("a"))))
                .hasMessage("operation IMPORT_DELETED is not supported by the postgresql connector yet");
    }

    @Test
    void shouldKeepATargetRecordNewerThanTheRowWhenTheMostRecentWins() {
        // given: a, b and c exist; a changed at the target after the source's change
        db.exec("CREATE TABLE people (code text PRIMARY KEY, name text, modified timestamptz)");
        db.exec("INSERT INTO people VALUES ('a', 'target', '2024-05-02T00:00:00Z'), "
                + "('b', 'target', '2024-04-30T00:00:00Z'), ('c', 'target', NULL), "
                + "('e', 'same', '2024-05-01T00:00:00Z')");
        WriteSpec spec = new WriteSpec("people", List.of("code", "name", "modified"), List.of("code"),
                Operation.OPERATION_UPSERT, true, true).keepingNewer("modified");
        String at = "2024-05-01T00:00:00Z";

        // when
        List<WriteResult> results = write(spec, List.of(row("a", "source", at), row("b", "source", at),
                row("c", "source", at), row("d", "source", at), row("e", "same", at)));

        // then: a is kept (skipped); b is older and c has no time, so the source wins; d is new; e is equal
        assertThat(results).containsExactly(WriteResult.SKIPPED, WriteResult.UPDATED, WriteResult.UPDATED,
                WriteResult.CREATED, WriteResult.UNCHANGED);
        assertThat(db.rows("SELECT code, name FROM people ORDER BY code")).containsExactly(List.of("a", "target"),
                List.of("b", "source"), List.of("c", "source"), List.of("d", "source"), List.of("e", "same"));
    }

    @Test
    void shouldUpdateOnlyExistingRecordsForUpdateOnly() {
        // given
        db.exec("INSERT INTO items VALUES ('a', 'old'), ('b', 'same')");
        WriteSpec updateOnly = new WriteSpec("items", List.of("code", "label"), List.of("code"),
                Operation.OPERATION_UPDATE_ONLY, true, true);

        // when: new records are never created by UPDATE_ONLY, whatever allow_new_records says
        List<WriteResult> results = write(updateOnly, List.of(row("a", "new"), row("b", "same"), row("c", "new")));

        // then
        assertThat(results).containsExactly(WriteResult.UPDATED, WriteResult.UNCHANGED, WriteResult.SKIPPED);
        assertThat(db.rows("SELECT code, label FROM items ORDER BY code"))
                .containsExactly(List.of("a", "new"), List.of("b", "same"));
    }

    @Test
    void shouldDeleteTheRecordsMatchingTheKeysAndSkipTheRest() {
        // given
        db.exec("INSERT INTO items VALUES ('a', '1'), ('b', '2'), ('c', '3')");
        WriteSpec delete = new WriteSpec("items", List.of("code", "label"), List.of("code"),
                Operation.OPERATION_DELETE, false, false);

        // when: whatever the other values, the key decides; a key given twice is deleted once
        List<WriteResult> results = write(delete, List.of(row("b", "x"), row("z", "x"), row("a", null),
                row("b", "again")));

        // then
        assertThat(results).containsExactly(WriteResult.DELETED, WriteResult.SKIPPED, WriteResult.DELETED,
                WriteResult.SKIPPED);
        assertThat(db.rows("SELECT code FROM items")).containsExactly(List.of("c"));
    }

    private List<WriteResult> write(WriteSpec spec, List<TargetRow> rows) {
        return target.write(spec, rows, CommitGuard.NONE);
    }

    private static TargetRow row(Object... values) {
        return new TargetRow(Arrays.asList(values));
    }
}
