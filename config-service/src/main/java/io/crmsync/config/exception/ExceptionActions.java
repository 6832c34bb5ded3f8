package io.crmsync.config.exception;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.id.Ids;
import io.crmsync.proto.exception.v1.ExceptionMessage;
import io.crmsync.proto.exception.v1.ExceptionState;
import io.crmsync.proto.exception.v1.MarkRetryingRequest;
import io.crmsync.proto.exception.v1.PrepareRetryRequest;
import io.crmsync.proto.exception.v1.PrepareRetryResponse;
import io.crmsync.proto.exception.v1.RetryPoint;
import io.crmsync.proto.exception.v1.SetExceptionStateRequest;
import io.crmsync.proto.exception.v1.SetExceptionStateResponse;
import io.crmsync.proto.scheduler.v1.RetryRecords;
import io.crmsync.proto.scheduler.v1.Run;
import io.crmsync.config.run.RunLauncher;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What operators do with an exception message: ignore or reopen it (or some of its items), and retry it. A retry
 * asks exception-service what to re-read, has the scheduler start a RETRY run that re-reads exactly those records
 * by key (never moving a watermark), then marks the message RETRYING under that run. The run is started with an
 * idempotency key derived from the message, its retry count and the items, so a repeated click before the mark
 * lands returns the same run instead of starting a second one.
 */
@ApplicationScoped
class ExceptionActions {

    private final ExceptionLogClient exceptions;
    private final RunLauncher launcher;

    ExceptionActions(ExceptionLogClient exceptions, RunLauncher launcher) {
        this.exceptions = exceptions;
        this.launcher = launcher;
    }

    SetExceptionStateResponse setState(String messageId, ItemSelection selection, ExceptionState state) {
        return exceptions.setState(SetExceptionStateRequest.newBuilder()
                .setMessageId(Ids.parse("messageId", messageId).toString())
                .addAllItemIds(itemIds(selection)).setState(state).build());
    }

    record Retry(ExceptionMessage message, Run run) {
    }

    Retry retry(String messageId, ItemSelection selection) {
        String id = Ids.parse("messageId", messageId).toString();
        List<String> itemIds = itemIds(selection);
        PrepareRetryResponse prepared = exceptions.prepareRetry(PrepareRetryRequest.newBuilder().setMessageId(id)
                .addAllItemIds(itemIds).build());
        ExceptionMessage message = prepared.getMessage();
        Set<String> pointIds;
        List<RetryRecords> records;
        if (prepared.getPointsCount() == 0) {
            // A failure message: its point (or the whole integration) runs again from its watermark.
            pointIds = message.getIntegrationPointId().isEmpty() ? null : Set.of(message.getIntegrationPointId());
            records = List.of();
        } else {
            pointIds = new HashSet<>();
            records = prepared.getPointsList().stream().map(p -> RetryRecords.newBuilder()
                    .setIntegrationPointId(p.getIntegrationPointId()).addAllKeys(p.getKeysList()).build()).toList();
            prepared.getPointsList().forEach(p -> pointIds.add(p.getIntegrationPointId()));
        }
        Run run = launcher.retry(UUID.fromString(message.getIntegrationId()), idempotencyKey(message, prepared),
                pointIds, records).getRun();
        ExceptionMessage marked = exceptions.markRetrying(MarkRetryingRequest.newBuilder().setMessageId(id)
                .addAllItemIds(itemIds).setRunId(run.getId()).build());
        return new Retry(marked, run);
    }

    private static List<String> itemIds(ItemSelection selection) {
        List<String> ids = selection == null ? List.of() : selection.ids();
        if (ids.size() > ItemSelection.MAX_ITEMS) {
            throw CrmsyncException.invalidField("itemIds", "must hold at most " + ItemSelection.MAX_ITEMS + " ids");
        }
        for (int i = 0; i < ids.size(); i++) {
            Ids.parse("itemIds[" + i + "]", ids.get(i));
        }
        return ids;
    }

    private static String idempotencyKey(ExceptionMessage message, PrepareRetryResponse prepared) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (RetryPoint point : prepared.getPointsList()) {
                point.getItemIdsList().stream().sorted()
                        .forEach(item -> digest.update((item + "\n").getBytes(StandardCharsets.UTF_8)));
            }
            return "retry:" + message.getId() + ":" + message.getRetryCount() + ":"
                    + HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
