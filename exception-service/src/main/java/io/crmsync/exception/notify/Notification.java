package io.crmsync.exception.notify;

import java.time.Instant;
import java.util.UUID;

/**
 * What one notification says: the message's own fields (which never hold secrets) and the integration's name and
 * id. Nothing else reaches a recipient.
 *
 * @param itemCount the message's items when it is a RECORD_REJECTS message, else null
 */
record Notification(UUID eventId, EventType type, String integrationId, String integrationName, UUID messageId,
        String integrationPointId, String runId, String kind, String side, String code, String message,
        Instant createTime, Long itemCount) {
}
