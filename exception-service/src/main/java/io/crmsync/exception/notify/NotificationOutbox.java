package io.crmsync.exception.notify;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.crmsync.exception.message.ExceptionMessageCreated;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Writes one outbox event per created exception message, in the transaction that created the message: the
 * notification exists exactly when the message does, and is sent later by {@link NotificationDispatcher}.
 */
@ApplicationScoped
class NotificationOutbox {

    private static final Logger LOG = Logger.getLogger(NotificationOutbox.class);

    private final EntityManager em;
    private final Clock clock;

    NotificationOutbox(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    @Transactional
    void onMessageCreated(@Observes ExceptionMessageCreated created) {
        EventType type = EventType.of(created.kind());
        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        // The key makes a repeated event (a resent report, a second firing) add nothing.
        int inserted = em.createNativeQuery("""
                INSERT INTO notification_events (id, event_key, event_type, message_id, integration_id,
                        integration_point_id, run_id, kind, side, code, message, message_create_time, state,
                        next_attempt_time, create_time)
                VALUES (?1, ?2, ?3, ?4, ?5, CAST(?6 AS text), CAST(?7 AS text), ?8, ?9, ?10, ?11, ?12, 'PENDING', ?13, ?13)
                ON CONFLICT (event_key) DO NOTHING""")
                .setParameter(1, id).setParameter(2, created.messageId() + ":" + type.wireName())
                .setParameter(3, type.wireName()).setParameter(4, created.messageId())
                .setParameter(5, created.integrationId()).setParameter(6, created.integrationPointId())
                .setParameter(7, created.runId()).setParameter(8, created.kind())
                .setParameter(9, created.side() == null || created.side().isEmpty() ? "PLATFORM" : created.side())
                .setParameter(10, created.code()).setParameter(11, created.message())
                .setParameter(12, Timestamp.from(created.createTime() == null ? now : created.createTime()))
                .setParameter(13, Timestamp.from(now))
                .executeUpdate();
        if (inserted == 1) {
            LOG.infof("notification queued event_id=%s event=%s message_id=%s integration_id=%s", id,
                    type.wireName(), created.messageId(), created.integrationId());
        }
    }
}
