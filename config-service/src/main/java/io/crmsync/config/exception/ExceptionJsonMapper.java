package io.crmsync.config.exception;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.common.time.Timestamps;
import io.crmsync.config.api.WireNames;
import io.crmsync.proto.exception.v1.ExceptionItem;
import io.crmsync.proto.exception.v1.ExceptionMessage;
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
        return new ExceptionMessageResponse(m.getId(), m.getIntegrationId(), emptyToNull(m.getRunId()),
                emptyToNull(m.getIntegrationPointId()), WireNames.lower(m.getKind(), "EXCEPTION_KIND_"), m.getCode(),
                m.getMessage(), m.getItemCount(), m.hasCreateTime() ? Timestamps.toInstant(m.getCreateTime()) : null);
    }

    ExceptionItemResponse toResponse(ExceptionItem i) {
        return new ExceptionItemResponse(i.getId(), i.getMessageId(), i.getRecordKey(), i.getCode(), i.getMessage(),
                payload(i), i.hasCreateTime() ? Timestamps.toInstant(i.getCreateTime()) : null);
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

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
