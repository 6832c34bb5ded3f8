package io.crmsync.exception.item;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.exception.message.Validation;
import io.crmsync.proto.exception.v1.RecordRejectsRequest;
import io.crmsync.proto.exception.v1.RejectedRecord;

/**
 * Checks a batch of rejects before anything is written, and returns it as stored: NUL characters replaced by U+FFFD
 * in every text, over-long messages cut.
 */
final class RejectValidation {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RejectValidation() {
    }

    static RecordRejectsRequest validate(RecordRejectsRequest request) {
        Validation.requireId("integration_id", request.getIntegrationId());
        Validation.requireId("run_id", request.getRunId());
        Validation.requireId("integration_point_id", request.getIntegrationPointId());
        Validation.requireId("batch_id", request.getBatchId());
        if (request.getRecordsCount() == 0) {
            throw CrmsyncException.invalidField("records", "must hold at least one record");
        }
        RecordRejectsRequest.Builder cleaned = request.toBuilder().clearRecords()
                .setIntegrationId(Validation.clean(request.getIntegrationId()))
                .setRunId(Validation.clean(request.getRunId()))
                .setIntegrationPointId(Validation.clean(request.getIntegrationPointId()))
                .setBatchId(Validation.clean(request.getBatchId()));
        for (int i = 0; i < request.getRecordsCount(); i++) {
            RejectedRecord record = request.getRecords(i);
            validate(i, record);
            RejectedRecord.Builder r = record.toBuilder()
                    .setRecordKey(Validation.clean(record.getRecordKey()))
                    .setCode(Validation.clean(record.getCode()))
                    .setMessage(Validation.messageText(record.getMessage()))
                    .clearKeyValues();
            record.getKeyValuesList().forEach(v -> r.addKeyValues(Validation.clean(v)));
            cleaned.addRecords(r);
        }
        return cleaned.build();
    }

    private static void validate(int index, RejectedRecord record) {
        String prefix = "records[" + index + "].";
        Validation.require(prefix + "code", record.getCode());
        Validation.require(prefix + "message", record.getMessage());
        Validation.maxBytes(prefix + "record_key", record.getRecordKey(), Validation.MAX_KEY_BYTES);
        Validation.maxLength(prefix + "code", record.getCode(), Validation.MAX_CODE_LENGTH);
        if (!record.getPayloadJson().isEmpty()) {
            try {
                JsonNode node = JSON.readTree(record.getPayloadJson());
                if (node == null || !node.isObject()) {
                    throw CrmsyncException.invalidField(prefix + "payload_json", "must be a JSON object");
                }
            } catch (JsonProcessingException e) {
                throw CrmsyncException.invalidField(prefix + "payload_json", "is not valid JSON");
            }
        }
    }
}
