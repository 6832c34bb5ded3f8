package io.crmsync.config.exception;

import java.time.Instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Timestamp;

import io.crmsync.common.time.Timestamps;
import io.crmsync.config.api.WireNames;
import io.crmsync.proto.config.v1.Operation;
import io.crmsync.proto.exception.v1.ExceptionItem;
import io.crmsync.proto.exception.v1.ExceptionMessage;
import io.crmsync.proto.exception.v1.ExceptionSide;
import io.crmsync.proto.exception.v1.ExceptionState;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Turns exception-service messages and items into REST JSON; the payload becomes a JSON object, not a string. */
@ApplicationScoped
class ExceptionJsonMapper {

    private static final Logger LOG = Logger.getLogger(ExceptionJsonMapper.class);

    private final ObjectMapper json;

    ExceptionJsonMapper(ObjectMapper json) {
        this.json = json;
    }

    ExceptionMessageResponse toResponse(ExceptionMessage m) {
        return new ExceptionMessageResponse(m.getId(), m.getIntegrationId(), emptyToNull(m.getIntegrationPointId()),
                emptyToNull(m.getRunId()), WireNames.lower(m.getKind(), "EXCEPTION_KIND_"), side(m.getSide()),
                state(m.getState()), m.getCode(), m.getMessage(), m.getItemCount(), m.getOpenItemCount(),
                m.getOccurrenceCount(), instant(m.hasCreateTime(), m.getCreateTime()),
                instant(m.hasLastSeenTime(), m.getLastSeenTime()), instant(m.hasStateTime(), m.getStateTime()),
                emptyToNull(m.getRetryRunId()), m.getRetryCount());
    }

    ExceptionItemResponse toResponse(ExceptionItem i) {
        return new ExceptionItemResponse(i.getId(), i.getMessageId(), emptyToNull(i.getIntegrationId()),
                emptyToNull(i.getIntegrationPointId()), operation(i.getOperation()), i.getRecordKey(),
                i.getKeyValuesList(), side(i.getSide()), state(i.getState()), i.getCode(), i.getMessage(),
                i.getAttemptCount(), payload(i), instant(i.hasCreateTime(), i.getCreateTime()),
                instant(i.hasLastSeenTime(), i.getLastSeenTime()), emptyToNull(i.getLastRunId()),
                instant(i.hasResolveTime(), i.getResolveTime()), emptyToNull(i.getResolveRunId()),
                instant(i.hasPayloadExpireTime(), i.getPayloadExpireTime()));
    }

    static String state(ExceptionState state) {
        return WireNames.upper(state, "EXCEPTION_STATE_");
    }

    static String side(ExceptionSide side) {
        return WireNames.lower(side, "EXCEPTION_SIDE_");
    }

    static String operation(Operation operation) {
        return WireNames.lower(operation, "OPERATION_");
    }

    private JsonNode payload(ExceptionItem item) {
        if (item.getPayloadJson().isEmpty()) {
            return null;
        }
        try {
            return json.readTree(item.getPayloadJson());
        } catch (JsonProcessingException e) {
            // exception-service only stores JSON objects; say so rather than fail the whole page.
            LOG.warnf("exception item payload is not JSON item_id=%s", item.getId());
            return null;
        }
    }

    private static Instant instant(boolean present, Timestamp timestamp) {
        return present ? Timestamps.toInstant(timestamp) : null;
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
