package io.crmsync.exception.grpc;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.crmsync.common.time.Timestamps;
import io.crmsync.exception.item.ItemRow;
import io.crmsync.exception.item.PayloadVault;
import io.crmsync.exception.message.MessageRow;
import io.crmsync.exception.message.Names;
import io.crmsync.proto.exception.v1.ExceptionItem;
import io.crmsync.proto.exception.v1.ExceptionMessage;
import io.crmsync.proto.exception.v1.RetryPoint;
import io.crmsync.proto.scheduler.v1.RecordKey;
import jakarta.enterprise.context.ApplicationScoped;

/** Turns stored messages and items into their wire form; payloads are opened here, and only here. */
@ApplicationScoped
class ExceptionMapper {

    private final PayloadVault vault;

    ExceptionMapper(PayloadVault vault) {
        this.vault = vault;
    }

    ExceptionMessage message(MessageRow m) {
        return ExceptionMessage.newBuilder()
                .setId(m.id().toString())
                .setIntegrationId(m.integrationId())
                .setRunId(nullToEmpty(m.runId()))
                .setIntegrationPointId(nullToEmpty(m.integrationPointId()))
                .setKind(Names.kind(m.kind()))
                .setCode(m.code())
                .setMessage(m.message())
                .setItemCount(m.itemCount())
                .setCreateTime(Timestamps.of(m.createTime()))
                .setSide(Names.side(m.side()))
                .setState(Names.state(m.state()))
                .setLastSeenTime(Timestamps.of(m.lastSeenTime()))
                .setOccurrenceCount(m.occurrenceCount())
                .setOpenItemCount(m.openItemCount())
                .setRetryRunId(nullToEmpty(m.retryRunId()))
                .setStateTime(Timestamps.of(m.stateTime()))
                .setRetryCount(m.retryCount())
                .build();
    }

    ExceptionItem item(ItemRow i, Instant now) {
        ExceptionItem.Builder item = ExceptionItem.newBuilder()
                .setId(i.id().toString())
                .setMessageId(i.messageId().toString())
                .setRecordKey(i.recordKey())
                .setCode(i.code())
                .setMessage(i.message())
                .setPayloadJson(vault.open(i, now))
                .setCreateTime(Timestamps.of(i.createTime()))
                .setIntegrationPointId(i.integrationPointId())
                .setOperation(Names.operation(i.operation()))
                .addAllKeyValues(i.keyValues())
                .setSide(Names.side(i.side()))
                .setState(Names.state(i.state()))
                .setAttemptCount(i.attemptCount())
                .setLastSeenTime(Timestamps.of(i.lastSeenTime()))
                .setLastRunId(nullToEmpty(i.lastRunId()))
                .setResolveRunId(nullToEmpty(i.resolveRunId()))
                .setPayloadExpireTime(Timestamps.of(i.payloadExpireTime()))
                .setIntegrationId(i.integrationId());
        if (i.resolveTime() != null) {
            item.setResolveTime(Timestamps.of(i.resolveTime()));
        }
        return item.build();
    }

    List<RetryPoint> points(Map<String, List<ItemRow>> points) {
        return points.entrySet().stream().map(e -> {
            RetryPoint.Builder point = RetryPoint.newBuilder().setIntegrationPointId(e.getKey());
            for (ItemRow item : e.getValue()) {
                point.addItemIds(item.id().toString());
                point.addKeys(RecordKey.newBuilder().addAllValues(item.keyValues()));
            }
            return point.build();
        }).toList();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
