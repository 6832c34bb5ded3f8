package io.crmsync.config.run;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.time.Timestamps;
import io.crmsync.config.integration.IntegrationCatalog;
import io.crmsync.config.integration.IntegrationDefinition;
import io.crmsync.config.integration.IntegrationErrors;
import io.crmsync.config.integration.RunStarter;
import io.crmsync.config.integration.point.PointEntity;
import io.crmsync.proto.scheduler.v1.RetryRecords;
import io.crmsync.proto.scheduler.v1.RunTrigger;
import io.crmsync.proto.scheduler.v1.TriggerRunRequest;
import io.crmsync.proto.scheduler.v1.TriggerRunResponse;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Asks the scheduler to run an active integration at its current version, one task per point in order.
 * The definition is read in its own transaction; no transaction stays open across the remote call.
 */
@ApplicationScoped
public class RunLauncher implements RunStarter {

    private static final Logger LOG = Logger.getLogger(RunLauncher.class);

    private final IntegrationCatalog catalog;
    private final SchedulerClient scheduler;

    RunLauncher(IntegrationCatalog catalog, SchedulerClient scheduler) {
        this.catalog = catalog;
        this.scheduler = scheduler;
    }

    /** An incremental, manually triggered run, as after a save with syncImmediately. */
    @Override
    public String startRun(UUID integrationId) {
        return trigger(integrationId, null).getRun().getId();
    }

    public TriggerRunResponse trigger(UUID integrationId, RunRequest request) {
        String key = request == null || request.idempotencyKey() == null ? "" : request.idempotencyKey();
        SyncMode mode = request == null || request.mode() == null ? SyncMode.INCREMENTAL : request.mode();
        return trigger(integrationId, mode, key.isEmpty() ? RunTrigger.RUN_TRIGGER_MANUAL : RunTrigger.RUN_TRIGGER_API,
                key, null, List.of());
    }

    /**
     * A retry (trigger RETRY) of the given points, or of every point when {@code pointIds} is null: an incremental
     * run, in which the points named by {@code records} re-read exactly those records by key and never move
     * their watermarks.
     */
    public TriggerRunResponse retry(UUID integrationId, String idempotencyKey, Set<String> pointIds,
            List<RetryRecords> records) {
        return trigger(integrationId, SyncMode.INCREMENTAL, RunTrigger.RUN_TRIGGER_RETRY, idempotencyKey, pointIds,
                records);
    }

    private TriggerRunResponse trigger(UUID integrationId, SyncMode mode, RunTrigger cause, String key,
            Set<String> pointIds, List<RetryRecords> records) {
        IntegrationDefinition definition = catalog.definition(integrationId);
        if (!definition.integration().active) {
            throw new CrmsyncException(IntegrationErrors.INACTIVE,
                    "integration " + integrationId + " is not active; activate it before running it");
        }
        List<PointEntity> points = definition.points().stream()
                .filter(p -> pointIds == null || pointIds.contains(p.id.toString())).toList();
        TriggerRunRequest.Builder trigger = TriggerRunRequest.newBuilder()
                .setIntegrationId(integrationId.toString())
                .setIntegrationVersion(definition.integration().version)
                .addAllIntegrationPointIds(points.stream().map(p -> p.id.toString()).toList())
                .setMode(mode.toProto())
                .setTrigger(cause)
                .setIdempotencyKey(key)
                // The tasks join their connection's inbound or outbound queue.
                .setConnectionId(definition.integration().connectionId.toString())
                .addAllDirections(points.stream().map(p -> p.direction.toProto()).toList())
                .addAllRetryRecords(records);
        // No backfill: points that never succeeded read from the start time, else from the activation.
        Instant initial = definition.integration().startTime != null ? definition.integration().startTime
                : definition.integration().activateTime;
        if (initial != null) {
            trigger.setInitialWindowStart(Timestamps.of(initial));
        }
        TriggerRunResponse response = scheduler.trigger(trigger.build());
        LOG.infof("run triggered integration_id=%s version=%d run_id=%s trigger=%s existing=%s", integrationId,
                trigger.getIntegrationVersion(), response.getRun().getId(), cause, response.getExisting());
        return response;
    }
}
