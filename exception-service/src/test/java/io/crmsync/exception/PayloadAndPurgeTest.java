package io.crmsync.exception;

import static io.crmsync.exception.Fixtures.assertRefused;
import static io.crmsync.exception.Fixtures.id;
import static io.crmsync.exception.Fixtures.itemsOf;
import static io.crmsync.exception.Fixtures.record;
import static io.crmsync.exception.Fixtures.rejects;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.crmsync.exception.retention.RetentionPurge;
import io.crmsync.proto.exception.v1.ExceptionItem;
import io.crmsync.proto.exception.v1.ExceptionMessage;
import io.crmsync.proto.exception.v1.ExceptionServiceGrpc.ExceptionServiceBlockingStub;
import io.crmsync.proto.exception.v1.GetExceptionItemRequest;
import io.crmsync.proto.exception.v1.GetExceptionMessageRequest;
import io.crmsync.proto.exception.v1.RecordRejectsRequest;
import io.crmsync.proto.exception.v1.ResolveItemsRequest;
import io.crmsync.testsupport.PostgresTestResource;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "crmsync_exception_test"))
class PayloadAndPurgeTest {

    private static final String REDACTED = "{\"email\":\"ann@example.com\",\"ssn\":\"***\",\"age\":-3}";

    @GrpcClient("exceptions")
    ExceptionServiceBlockingStub exceptions;

    @Inject
    AgroalDataSource db;

    @Inject
    RetentionPurge purge;

    @Test
    void shouldStoreThePayloadEncryptedAndReturnItAsSent() throws SQLException {
        // given
        RecordRejectsRequest batch = rejects(id(), id(), id()).toBuilder()
                .addRecords(record("email=ann@example.com").toBuilder().setPayloadJson(REDACTED)).build();

        // when
        ExceptionMessage message = exceptions.recordRejects(batch).getMessage();

        // then: the redacted fields as the worker sent them, and only ciphertext at rest
        ExceptionItem item = itemsOf(exceptions, message.getId()).get(0);
        assertThat(item.getPayloadJson()).isEqualTo(REDACTED);
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT payload, payload_nonce, payload_key_id FROM exception_items WHERE id = ?")) {
            ps.setObject(1, UUID.fromString(item.getId()));
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                String stored = new String(rs.getBytes("payload"), StandardCharsets.ISO_8859_1);
                assertThat(stored).doesNotContain("ann@example.com").doesNotContain("email").doesNotContain("age");
                assertThat(rs.getBytes("payload")).hasSize(REDACTED.getBytes(StandardCharsets.UTF_8).length + 16);
                assertThat(rs.getBytes("payload_nonce")).hasSize(12);
                assertThat(rs.getString("payload_key_id")).isEqualTo("test-1");
            }
        }
    }

    @Test
    void shouldNotOpenAPayloadCopiedToAnotherItem() throws SQLException {
        // given
        ExceptionMessage message = exceptions.recordRejects(rejects(id(), id(), id(), "id=1", "id=2")).getMessage();
        String first = itemsOf(exceptions, message.getId()).get(0).getId();
        String second = itemsOf(exceptions, message.getId()).get(1).getId();

        // when
        update("UPDATE exception_items t SET payload = s.payload, payload_nonce = s.payload_nonce"
                + " FROM exception_items s WHERE s.id = ? AND t.id = ?", UUID.fromString(first),
                UUID.fromString(second));

        // then
        assertThat(item(second).getPayloadJson()).isEmpty();
        assertThat(item(first).getPayloadJson()).contains("id=1");
    }

    @Test
    void shouldReturnAnExpiredPayloadAsEmptyAndPurgeIt() throws SQLException {
        // given
        ExceptionMessage message = exceptions.recordRejects(rejects(id(), id(), id(), "id=1")).getMessage();
        String itemId = itemsOf(exceptions, message.getId()).get(0).getId();
        update("UPDATE exception_items SET payload_expire_time = now() - interval '1 second' WHERE id = ?",
                UUID.fromString(itemId));

        // when
        String beforePurge = item(itemId).getPayloadJson();
        RetentionPurge.Purged purged = purge.purge(Instant.now());

        // then
        assertThat(beforePurge).isEmpty();
        assertThat(purged.payloads()).isPositive();
        assertThat(count("SELECT count(*) FROM exception_items WHERE id = ? AND payload IS NULL",
                UUID.fromString(itemId))).isEqualTo(1);
        assertThat(item(itemId).getRecordKey()).isEqualTo("id=1");
    }

    @Test
    void shouldPurgeLongResolvedMessagesWithTheirItemsAndOldBatches() throws SQLException {
        // given
        String point = id();
        String batch = id();
        RecordRejectsRequest rejects = rejects(point, id(), batch, "id=1");
        ExceptionMessage old = exceptions.recordRejects(rejects).getMessage();
        exceptions.resolveItems(ResolveItemsRequest.newBuilder().setIntegrationPointId(point).setRunId(id())
                .addRecordKeys("id=1").build());
        ExceptionMessage recent = exceptions.recordRejects(rejects(id(), id(), id(), "id=1")).getMessage();
        update("UPDATE exception_messages SET state_time = now() - interval '91 days' WHERE id = ?",
                UUID.fromString(old.getId()));
        update("UPDATE recorded_reject_batches SET create_time = now() - interval '8 days' WHERE batch_id = ?",
                batch);

        // when
        RetentionPurge.Purged purged = purge.purge(Instant.now());

        // then
        assertThat(purged.messages()).isPositive();
        assertRefused(() -> exceptions.getExceptionMessage(GetExceptionMessageRequest.newBuilder()
                .setMessageId(old.getId()).build()), Status.Code.NOT_FOUND, "exception.message_not_found", "");
        assertThat(count("SELECT count(*) FROM exception_items WHERE message_id = ?", UUID.fromString(old.getId())))
                .isZero();
        assertThat(count("SELECT count(*) FROM recorded_reject_batches WHERE batch_id = ?", batch)).isZero();
        assertThat(exceptions.getExceptionMessage(GetExceptionMessageRequest.newBuilder()
                .setMessageId(recent.getId()).build()).getMessage().getItemCount()).isEqualTo(1);
    }

    @Test
    void shouldPurgeOldResolvedItemsAndItemRunsUnderAnOpenMessage() throws SQLException {
        // given: an open reject message with an item resolved long ago and an open item first rejected long ago
        String point = id();
        ExceptionMessage message = exceptions.recordRejects(rejects(point, id(), id(), "id=1", "id=2")).getMessage();
        exceptions.resolveItems(ResolveItemsRequest.newBuilder().setIntegrationPointId(point).setRunId(id())
                .addRecordKeys("id=1").build());
        UUID messageId = UUID.fromString(message.getId());
        update("UPDATE exception_items SET resolve_time = now() - interval '91 days'"
                + " WHERE message_id = ? AND record_key = 'id=1'", messageId);
        update("UPDATE exception_item_runs r SET seen_time = now() - interval '91 days' FROM exception_items i"
                + " WHERE i.id = r.item_id AND i.message_id = ? AND i.record_key = 'id=2'", messageId);

        // when
        RetentionPurge.Purged purged = purge.purge(Instant.now());

        // then
        assertThat(purged.items()).isPositive();
        assertThat(purged.itemRuns()).isPositive();
        assertThat(itemsOf(exceptions, message.getId())).singleElement().satisfies(item -> {
            assertThat(item.getRecordKey()).isEqualTo("id=2");
            assertThat(item.getAttemptCount()).isEqualTo(1);
        });
        assertThat(count("SELECT count(*) FROM exception_item_runs r JOIN exception_items i ON i.id = r.item_id"
                + " WHERE i.message_id = ?", messageId)).isZero();
        ExceptionMessage after = exceptions.getExceptionMessage(GetExceptionMessageRequest.newBuilder()
                .setMessageId(message.getId()).build()).getMessage();
        assertThat(after.getState()).isEqualTo(io.crmsync.proto.exception.v1.ExceptionState.EXCEPTION_STATE_OPEN);
        assertThat(after.getItemCount()).isEqualTo(1); // counts the items still there
    }

    @Test
    void shouldPurgeNotificationEventsAWeekAfterTheyEnded() throws SQLException {
        // given: old events in a final state, an old one still delivering, and a recent final one
        UUID suppressed = event("SUPPRESSED", 8);
        UUID noRecipients = event("NO_RECIPIENTS", 8);
        UUID delivered = event("EXPANDED", 8);
        delivery(delivered, "DELIVERED");
        delivery(delivered, "FAILED");
        UUID delivering = event("EXPANDED", 8);
        delivery(delivering, "DELIVERED");
        delivery(delivering, "PENDING");
        UUID recent = event("SUPPRESSED", 6);

        // when
        RetentionPurge.Purged purged = purge.purge(Instant.now());

        // then
        assertThat(purged.notifications()).isGreaterThanOrEqualTo(3);
        assertThat(count("SELECT count(*) FROM notification_events WHERE id IN (?, ?, ?)", suppressed, noRecipients,
                delivered)).isZero();
        assertThat(count("SELECT count(*) FROM notification_deliveries WHERE event_id = ?", delivered)).isZero();
        assertThat(count("SELECT count(*) FROM notification_events WHERE id IN (?, ?)", delivering, recent))
                .isEqualTo(2);
        update("DELETE FROM notification_events WHERE id IN (?, ?)", delivering, recent);
    }

    private UUID event(String state, int daysAgo) throws SQLException {
        UUID id = UUID.randomUUID();
        update("""
                INSERT INTO notification_events (id, event_key, event_type, message_id, integration_id, kind, side,
                    code, message, message_create_time, state, next_attempt_time, create_time)
                VALUES (?, ?, 'exception.message_created', ?, ?, 'RUN_FAILURE', 'PLATFORM', 'c', 'm',
                    now() - make_interval(days => ?), ?, now() + interval '1 day', now() - make_interval(days => ?))""",
                id, id + ":test", UUID.randomUUID(), id(), daysAgo, state, daysAgo);
        return id;
    }

    private void delivery(UUID eventId, String state) throws SQLException {
        update("""
                INSERT INTO notification_deliveries (id, event_id, channel, address, state, next_attempt_time,
                    create_time)
                VALUES (?, ?, 'WEBHOOK', ?, ?, now() + interval '1 day', now() - interval '8 days')""",
                UUID.randomUUID(), eventId, "https://hooks.example/" + id(), state);
    }

    private ExceptionItem item(String id) {
        return exceptions.getExceptionItem(GetExceptionItemRequest.newBuilder().setItemId(id).build()).getItem();
    }

    private void update(String sql, Object... params) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            assertThat(ps.executeUpdate()).isPositive();
        }
    }

    private long count(String sql, Object... params) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
