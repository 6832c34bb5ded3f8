package io.crmsync.exception.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.crmsync.exception.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * The outbox tables. Work is claimed with {@code FOR UPDATE SKIP LOCKED} and pushed {@code claimTimeout} into the
 * future in one short transaction, so replicas never take the same row while one sends it, and a replica that dies
 * mid-send leaves its rows to the others once the claim runs out.
 */
@ApplicationScoped
class NotificationStore {

    /** An event whose recipients have not been read yet. */
    record PendingEvent(UUID id, EventType type, UUID messageId, String integrationId, String integrationPointId,
            String runId, String kind, String side, String code, String message, Instant createTime, int attempts) {
    }

    /** A delivery claimed for one attempt; {@code attempts} counts this one. */
    record DueDelivery(UUID id, Recipient recipient, int attempts, Notification notification) {
    }

    enum Expansion {
        EXPANDED, NO_RECIPIENTS, SUPPRESSED
    }

    private final Jdbc jdbc;
    private final NotificationSettings settings;

    NotificationStore(Jdbc jdbc, NotificationSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    @Transactional
    List<PendingEvent> claimEvents(Instant now) {
        List<PendingEvent> events = jdbc.list("""
                SELECT id, event_type, message_id, integration_id, integration_point_id, run_id, kind, side, code,
                       message, message_create_time, attempts
                FROM notification_events WHERE state = 'PENDING' AND next_attempt_time <= ?
                ORDER BY next_attempt_time LIMIT ? FOR UPDATE SKIP LOCKED""",
                rs -> new PendingEvent(Jdbc.uuid(rs, "id"), EventType.fromWireName(rs.getString("event_type")),
                        Jdbc.uuid(rs, "message_id"), rs.getString("integration_id"),
                        rs.getString("integration_point_id"), rs.getString("run_id"), rs.getString("kind"),
                        rs.getString("side"), rs.getString("code"), rs.getString("message"),
                        Jdbc.instant(rs, "message_create_time"), rs.getInt("attempts") + 1),
                now, settings.batchSize());
        events.forEach(e -> jdbc.update("""
                UPDATE notification_events SET attempts = attempts + 1, next_attempt_time = ? WHERE id = ?""",
                now.plus(settings.claimTimeout()), e.id()));
        return events;
    }

    /** The recipients could not be read (config-service down): the event waits and is tried again. */
    @Transactional
    void postponeEvent(UUID id, String error, Instant next) {
        jdbc.update("""
                UPDATE notification_events SET next_attempt_time = ?, last_error = ? WHERE id = ?
                AND state = 'PENDING'""", next, error, id);
    }

    /**
     * Turns an event into one delivery per recipient, unless the integration has had its hour's share of
     * notifications already (storm guard; never for {@code integration.disabled}) or has no recipients. Serialized per integration by an advisory lock so
     * two replicas cannot both pass the guard's count.
     */
    @Transactional
    Expansion expand(PendingEvent event, String integrationName, List<Recipient> recipients, Instant now) {
        jdbc.list("SELECT 1 FROM pg_advisory_xact_lock(hashtext('notifications:' || ?))", rs -> 1,
                event.integrationId());
        long recent = jdbc.count("""
                SELECT count(*) FROM notification_events
                WHERE integration_id = ? AND state = 'EXPANDED' AND expanded_time > ?""",
                event.integrationId(), now.minus(Duration.ofHours(1)));
        // A disabled integration is told always: it stays down until someone acts, and there is one per disabling.
        boolean guarded = event.type() != EventType.INTEGRATION_DISABLED;
        Expansion outcome = recipients.isEmpty() ? Expansion.NO_RECIPIENTS
                : guarded && recent >= settings.maxPerIntegrationPerHour() ? Expansion.SUPPRESSED
                : Expansion.EXPANDED;
        int updated = jdbc.update("""
                UPDATE notification_events SET state = ?, integration_name = ?, expanded_time = ?, last_error = NULL
                WHERE id = ? AND state = 'PENDING'""", outcome.name(), integrationName, now, event.id());
        if (updated == 1 && outcome == Expansion.EXPANDED) {
            for (Recipient recipient : recipients) {
                jdbc.update("""
                        INSERT INTO notification_deliveries (id, event_id, channel, address, state, next_attempt_time,
                                                             create_time)
                        VALUES (?, ?, ?, ?, 'PENDING', ?, ?)
                        ON CONFLICT (event_id, channel, address) DO NOTHING""",
                        UUID.randomUUID(), event.id(), recipient.channel().name(), recipient.address(), now, now);
            }
        }
        return outcome;
    }

    /** The integration is gone: nobody is left to tell. */
    @Transactional
    void closeWithoutRecipients(UUID id, String reason, Instant now) {
        jdbc.update("""
                UPDATE notification_events SET state = 'NO_RECIPIENTS', last_error = ?, expanded_time = ?
                WHERE id = ? AND state = 'PENDING'""", reason, now, id);
    }

    @Transactional
    List<DueDelivery> claimDeliveries(Instant now) {
        List<DueDelivery> due = jdbc.list("""
                SELECT d.id, d.channel, d.address, d.attempts, e.id AS event_id, e.event_type, e.integration_id,
                       e.integration_name, e.message_id, e.integration_point_id, e.run_id, e.kind, e.side, e.code,
                       e.message, e.message_create_time,
                       (SELECT m.item_count FROM exception_messages m WHERE m.id = e.message_id) AS item_count
                FROM notification_deliveries d JOIN notification_events e ON e.id = d.event_id
                WHERE d.state = 'PENDING' AND d.next_attempt_time <= ?
                ORDER BY d.next_attempt_time LIMIT ? FOR UPDATE OF d SKIP LOCKED""",
                rs -> new DueDelivery(Jdbc.uuid(rs, "id"),
                        new Recipient(Recipient.Channel.valueOf(rs.getString("channel")), rs.getString("address")),
                        rs.getInt("attempts") + 1,
                        new Notification(Jdbc.uuid(rs, "event_id"), EventType.fromWireName(rs.getString("event_type")),
                                rs.getString("integration_id"), rs.getString("integration_name"),
                                Jdbc.uuid(rs, "message_id"), rs.getString("integration_point_id"),
                                rs.getString("run_id"), rs.getString("kind"), rs.getString("side"),
                                rs.getString("code"), rs.getString("message"), Jdbc.instant(rs, "message_create_time"),
                                itemCount(rs.getString("kind"), rs.getObject("item_count")))),
                now, settings.batchSize());
        due.forEach(d -> jdbc.update("""
                UPDATE notification_deliveries SET attempts = attempts + 1, last_attempt_time = ?,
                       next_attempt_time = ? WHERE id = ?""", now, now.plus(settings.claimTimeout()), d.id()));
        return due;
    }

    /*
     * The outcome of an attempt is written only while the delivery is still at that attempt: a replica that
     * outlived its claim must not overwrite what the replica that took the delivery over has recorded since.
     */

    @Transactional
    void delivered(UUID id, int attempt, Instant now) {
        jdbc.update("""
                UPDATE notification_deliveries SET state = 'DELIVERED', delivered_time = ?, last_error = NULL
                WHERE id = ? AND attempts = ? AND state = 'PENDING'""", now, id, attempt);
    }

    @Transactional
    void retryLater(UUID id, int attempt, String error, Instant next) {
        jdbc.update("""
                UPDATE notification_deliveries SET next_attempt_time = ?, last_error = ?
                WHERE id = ? AND attempts = ? AND state = 'PENDING'""", next, error, id, attempt);
    }

    @Transactional
    void failed(UUID id, int attempt, String error) {
        jdbc.update("""
                UPDATE notification_deliveries SET state = 'FAILED', last_error = ?
                WHERE id = ? AND attempts = ? AND state = 'PENDING'""", error, id, attempt);
    }

    /** Read when sending, not when the message was created: its items arrive in the same and later batches. */
    private static Long itemCount(String kind, Object count) {
        return "RECORD_REJECTS".equals(kind) && count != null ? ((Number) count).longValue() : null;
    }
}
