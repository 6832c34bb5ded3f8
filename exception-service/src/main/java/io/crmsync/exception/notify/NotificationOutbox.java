package io.crmsync.exception.notify;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.crmsync.exception.db.Jdbc;
import io.crmsync.exception.message.ExceptionMessageCreated;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

/**
 * Writes one outbox event per created exception message, in the transaction that created the message: the
 * notification exists exactly when the message does, and is sent later by {@link NotificationDispatcher}.
 */
@ApplicationScoped
class NotificationOutbox {

    private static final Logger LOG = Logger.getLogger(NotificationOutbox.class);

    private final Jdbc jdbc;
    private final Clock clock;

    NotificationOutbox(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional
    void onMessageCreated(@Observes ExceptionMessageCreated created) {
        EventType type = EventType.of(created.kind());
        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        // The key makes a repeated event (a resent report, a second firing) add nothing.
        int inserted = jdbc.update("""
                INSERT INTO notification_events (id, event_key, event_type, message_id, integration_id,
                        integration_point_id, run_id, kind, side, code, message, message_create_time, state,
                        next_attempt_time, create_time)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?)
                ON CONFLICT (event_key) DO NOTHING""",
                id, created.messageId() + ":" + type.wireName(), type.wireName(), created.messageId(),
                created.integrationId(), created.integrationPointId(), created.runId(), created.kind(),
                created.side() == null || created.side().isEmpty() ? "PLATFORM" : created.side(), created.code(),
                created.message(), created.createTime() == null ? now : created.createTime(), now, now);
        if (inserted == 1) {
            LOG.infof("notification queued event_id=%s event=%s message_id=%s integration_id=%s", id,
                    type.wireName(), created.messageId(), created.integrationId());
        }
    }
}
