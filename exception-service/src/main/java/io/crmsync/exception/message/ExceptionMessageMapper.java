package io.crmsync.exception.message;

import io.crmsync.common.time.Timestamps;
import io.crmsync.proto.exception.v1.ExceptionItem;
import io.crmsync.proto.exception.v1.ExceptionKind;
import io.crmsync.proto.exception.v1.ExceptionMessage;

/** Turns stored exception messages and items into their wire form. */
final class ExceptionMessageMapper {

    private ExceptionMessageMapper() {
    }

    static ExceptionMessage toProto(ExceptionMessageEntity e) {
        return ExceptionMessage.newBuilder()
                .setId(e.id.toString())
                .setIntegrationId(e.integrationId)
                .setRunId(nullToEmpty(e.runId))
                .setIntegrationPointId(nullToEmpty(e.integrationPointId))
                .setKind(ExceptionKind.valueOf("EXCEPTION_KIND_" + e.kind))
                .setCode(e.code)
                .setMessage(e.message)
                .setItemCount(e.itemCount)
                .setCreateTime(Timestamps.of(e.createTime))
                .build();
    }

    static ExceptionItem toProto(ExceptionLog.Item i) {
        return ExceptionItem.newBuilder()
                .setId(i.id().toString())
                .setMessageId(i.messageId().toString())
                .setRecordKey(i.recordKey())
                .setCode(i.code())
                .setMessage(i.message())
                .setPayloadJson(i.payloadJson())
                .setCreateTime(Timestamps.of(i.createTime()))
                .build();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
