package io.crmsync.config.exception;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/** One rejected record; {@code payload} is the record as read from the source, a JSON object. */
public record ExceptionItemResponse(String id, String messageId, String recordKey, String code, String message,
        JsonNode payload, Instant createTime) {
}
