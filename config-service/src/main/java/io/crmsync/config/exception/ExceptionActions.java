package io.crmsync.config.exception;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.error.ErrorCode;
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
import io.crmsync.config.integration.IntegrationCatalog;
import io.crmsync.config.integration.point.Operation;
import io.crmsync.config.integration.point.PointEntity;
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

    static final ErrorCode POINT_GONE = ErrorCode.failedPrecondition("exception.point_gone");
    static final ErrorCode NOT_RETRYABLE = ErrorCode.failedPrecondition("exception.not_retryable");

    private final ExceptionLogClient exceptions;
    private final RunLauncher launcher;
    private final IntegrationCatalog catalog;

    ExceptionActions(ExceptionLogClient exceptions, RunLauncher launcher, IntegrationCatalog catalog) {
        this.exceptions = exceptions;
        this.launcher = launcher;
        this.catalog = catalog;
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
        UUID integrationId = UUID.fromString(message.getIntegrationId());
        checkPoints(integrationId, pointIds, !records.isEmpty());
        Run run = launcher.retry(integrationId, idempotencyKey(message, prepared), pointIds, records).getRun();
        // Exactly the items the run re-reads, not those rejected since PrepareRetry chose them.
        List<String> retried = prepared.getPointsList().stream().flatMap(p -> p.getItemIdsList().stream()).toList();
        ExceptionMessage marked = exceptions.markRetrying(MarkRetryingRequest.newBuilder().setMessageId(id)
                .addAllItemIds(retried.isEmpty() ? itemIds : retried).setRunId(run.getId()).build());
        return new Retry(marked, run);
    }

    /**
     * Refuses, naming the point, a retry whose point was deleted since (the scheduler would only see an unknown
     * id), and a retry by key of a point that cannot re-read records by key (import_deleted reads a deletion log).
     */
    private void checkPoints(UUID integrationId, Set<String> pointIds, boolean byKey) {
        if (pointIds == null) {
            return;
        }
        Map<String, PointEntity> points = catalog.definition(integrationId).points().stream()
                .collect(Collectors.toMap(p -> p.id.toString(), p -> p));
        for (String pointId : pointIds) {
            PointEntity point = points.get(pointId);
            if (point == null) {
                throw new CrmsyncException(POINT_GONE, "integration point " + pointId
                        + " no longer exists, so its records cannot be retried");
            }
            if (byKey && point.operation == Operation.IMPORT_DELETED) {
                throw new CrmsyncException(NOT_RETRYABLE, "integration point '" + point.name + "' imports "
                        + "deletions, which are read from the source's deletion log of a window, not by key; "
                        + "run the integration again instead");
            }
        }
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
