package io.crmsync.exception.notify;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
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

    private final EntityManager em;
    private final NotificationSettings settings;

    NotificationStore(EntityManager em, NotificationSettings settings) {
        this.em = em;
        this.settings = settings;
    }

    @Transactional
    @SuppressWarnings("unchecked")
    List<PendingEvent> claimEvents(Instant now) {
        List<Object[]> rows = em.createNativeQuery("""
                SELECT id, event_type, message_id, integration_id, integration_point_id, run_id, kind, side, code,
                       message, message_create_time, attempts
                FROM notification_events WHERE state = 'PENDING' AND next_attempt_time <= ?1
                ORDER BY next_attempt_time LIMIT ?2 FOR UPDATE SKIP LOCKED""")
                .setParameter(1, Timestamp.from(now)).setParameter(2, settings.batchSize()).getResultList();
        List<PendingEvent> events = rows.stream().map(r -> new PendingEvent((UUID) r[0],
                EventType.fromWireName((String) r[1]), (UUID) r[2], (String) r[3], (String) r[4], (String) r[5],
                (String) r[6], (String) r[7], (String) r[8], (String) r[9], toInstant(r[10]),
                ((Number) r[11]).intValue() + 1)).toList();
        events.forEach(e -> em.createNativeQuery("""
                UPDATE notification_events SET attempts = attempts + 1, next_attempt_time = ?2 WHERE id = ?1""")
                .setParameter(1, e.id()).setParameter(2, Timestamp.from(now.plus(settings.claimTimeout())))
                .executeUpdate());
        return events;
    }

    /** The recipients could not be read (config-service down): the event waits and is tried again. */
    @Transactional
    void postponeEvent(UUID id, String error, Instant next) {
        em.createNativeQuery("""
                UPDATE notification_events SET next_attempt_time = ?2, last_error = ?3 WHERE id = ?1
                AND state = 'PENDING'""")
                .setParameter(1, id).setParameter(2, Timestamp.from(next)).setParameter(3, error).executeUpdate();
    }

    /**
     * Turns an event into one delivery per recipient, unless the integration has had its hour's share of
     * notifications already (storm guard) or has no recipients. Serialized per integration by an advisory lock so
     * two replicas cannot both pass the guard's count.
     */
    @Transactional
    Expansion expand(PendingEvent event, String integrationName, List<Recipient> recipients, Instant now) {
        em.createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(hashtext('notifications:' || ?1))")
                .setParameter(1, event.integrationId()).getSingleResult();
        Number recent = (Number) em.createNativeQuery("""
                SELECT count(*) FROM notification_events
                WHERE integration_id = ?1 AND state = 'EXPANDED' AND expanded_time > ?2""")
                .setParameter(1, event.integrationId())
                .setParameter(2, Timestamp.from(now.minus(Duration.ofHours(1)))).getSingleResult();
        Expansion outcome = recipients.isEmpty() ? Expansion.NO_RECIPIENTS
                : recent.longValue() >= settings.maxPerIntegrationPerHour() ? Expansion.SUPPRESSED
                        : Expansion.EXPANDED;
        int updated = em.createNativeQuery("""
                UPDATE notification_events SET state = ?2, integration_name = ?3, expanded_time = ?4,
                       last_error = NULL
                WHERE id = ?1 AND state = 'PENDING'""")
                .setParameter(1, event.id()).setParameter(2, outcome.name()).setParameter(3, integrationName)
                .setParameter(4, Timestamp.from(now)).executeUpdate();
        if (updated == 1 && outcome == Expansion.EXPANDED) {
            for (Recipient recipient : recipients) {
                em.createNativeQuery("""
                        INSERT INTO notification_deliveries (id, event_id, channel, address, state, next_attempt_time,
                                                             create_time)
                        VALUES (?1, ?2, ?3, ?4, 'PENDING', ?5, ?5)
                        ON CONFLICT (event_id, channel, address) DO NOTHING""")
                        .setParameter(1, UUID.randomUUID()).setParameter(2, event.id())
                        .setParameter(3, recipient.channel().name()).setParameter(4, recipient.address())
                        .setParameter(5, Timestamp.from(now)).executeUpdate();
            }
        }
        return outcome;
    }

    /** The integration is gone: nobody is left to tell. */
    @Transactional
    void closeWithoutRecipients(UUID id, String reason, Instant now) {
        em.createNativeQuery("""
                UPDATE notification_events SET state = 'NO_RECIPIENTS', last_error = ?2, expanded_time = ?3
                WHERE id = ?1 AND state = 'PENDING'""")
                .setParameter(1, id).setParameter(2, reason).setParameter(3, Timestamp.from(now)).executeUpdate();
    }

    @Transactional
    @SuppressWarnings("unchecked")
    List<DueDelivery> claimDeliveries(Instant now) {
        List<Object[]> rows = em.createNativeQuery("""
                SELECT d.id, d.channel, d.address, d.attempts, e.id, e.event_type, e.integration_id,
                       e.integration_name, e.message_id, e.integration_point_id, e.run_id, e.kind, e.side, e.code,
                       e.message, e.message_create_time
                FROM notification_deliveries d JOIN notification_events e ON e.id = d.event_id
                WHERE d.state = 'PENDING' AND d.next_attempt_time <= ?1
                ORDER BY d.next_attempt_time LIMIT ?2 FOR UPDATE OF d SKIP LOCKED""")
                .setParameter(1, Timestamp.from(now)).setParameter(2, settings.batchSize()).getResultList();
        List<DueDelivery> due = rows.stream().map(r -> new DueDelivery((UUID) r[0],
                new Recipient(Recipient.Channel.valueOf((String) r[1]), (String) r[2]),
                ((Number) r[3]).intValue() + 1,
                new Notification((UUID) r[4], EventType.fromWireName((String) r[5]), (String) r[6], (String) r[7],
                        (UUID) r[8], (String) r[9], (String) r[10], (String) r[11], (String) r[12], (String) r[13],
                        (String) r[14], toInstant(r[15]), itemCount((UUID) r[8], (String) r[11])))).toList();
        due.forEach(d -> em.createNativeQuery("""
                UPDATE notification_deliveries SET attempts = attempts + 1, last_attempt_time = ?2,
                       next_attempt_time = ?3 WHERE id = ?1""")
                .setParameter(1, d.id()).setParameter(2, Timestamp.from(now))
                .setParameter(3, Timestamp.from(now.plus(settings.claimTimeout()))).executeUpdate());
        return due;
    }

    @Transactional
    void delivered(UUID id, Instant now) {
        em.createNativeQuery("""
                UPDATE notification_deliveries SET state = 'DELIVERED', delivered_time = ?2, last_error = NULL
                WHERE id = ?1""").setParameter(1, id).setParameter(2, Timestamp.from(now)).executeUpdate();
    }

    @Transactional
    void retryLater(UUID id, String error, Instant next) {
        em.createNativeQuery("""
                UPDATE notification_deliveries SET next_attempt_time = ?2, last_error = ?3 WHERE id = ?1""")
                .setParameter(1, id).setParameter(2, Timestamp.from(next)).setParameter(3, error).executeUpdate();
    }

    @Transactional
    void failed(UUID id, String error) {
        em.createNativeQuery("""
                UPDATE notification_deliveries SET state = 'FAILED', last_error = ?2 WHERE id = ?1""")
                .setParameter(1, id).setParameter(2, error).executeUpdate();
    }

    /** Read when sending, not when the message was created: its items arrive in the same and later batches. */
    private Long itemCount(UUID messageId, String kind) {
        if (!"RECORD_REJECTS".equals(kind)) {
            return null;
        }
        List<?> count = em.createNativeQuery("SELECT item_count FROM exception_messages WHERE id = ?1")
                .setParameter(1, messageId).getResultList();
        return count.isEmpty() ? null : ((Number) count.get(0)).longValue();
    }

    static Instant toInstant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }
}
