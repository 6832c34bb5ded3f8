package io.crmsync.exception.message;

import java.time.Instant;
import java.util.UUID;

/**
 * Fired synchronously inside the transaction that created an exception message (never for a report that counted
 * on an existing one), so whoever observes it (notifications) commits or rolls back with the message.
 *
 * @param kind  RUN_FAILURE, RECORD_REJECTS, CONFIGURATION or INTEGRATION_DISABLED
 * @param side  SOURCE, TARGET or PLATFORM
 */
public record ExceptionMessageCreated(UUID messageId, String integrationId, String integrationPointId, String runId,
        String kind, String side, String code, String message, Instant createTime) {
}
