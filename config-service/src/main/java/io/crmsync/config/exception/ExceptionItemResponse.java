package io.crmsync.config.exception;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One rejected record: its key, the remote system's own code and message, how many runs rejected it, and
 * {@code payload}, the record as read from the source (a JSON object, sensitive fields redacted; null once the
 * snapshot expired at {@code payloadExpireTime}).
 */
public record ExceptionItemResponse(String id, String messageId, String integrationId, String integrationPointId,
        String operation, String recordKey, List<String> keyValues, String side, String state, String code,
        String message, int attemptCount, JsonNode payload, Instant firstSeenTime, Instant lastSeenTime,
        String lastRunId, Instant resolveTime, String resolveRunId, Instant payloadExpireTime) {
}
