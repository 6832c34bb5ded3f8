package io.crmsync.config.run;

import java.time.Instant;
import java.util.UUID;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.time.Timestamps;
import io.crmsync.config.integration.IntegrationCatalog;
import io.crmsync.config.integration.IntegrationDefinition;
import io.crmsync.config.integration.IntegrationErrors;
import io.crmsync.config.integration.RunStarter;
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
        IntegrationDefinition definition = catalog.definition(integrationId);
        if (!definition.integration().active) {
            throw new CrmsyncException(IntegrationErrors.INACTIVE,
                    "integration " + integrationId + " is not active; activate it before running it");
        }
        String key = request == null || request.idempotencyKey() == null ? "" : request.idempotencyKey();
        SyncMode mode = request == null || request.mode() == null ? SyncMode.INCREMENTAL : request.mode();
        TriggerRunRequest.Builder trigger = TriggerRunRequest.newBuilder()
                .setIntegrationId(integrationId.toString())
                .setIntegrationVersion(definition.integration().version)
                .addAllIntegrationPointIds(definition.points().stream().map(p -> p.id.toString()).toList())
                .setMode(mode.toProto())
                .setTrigger(key.isEmpty() ? RunTrigger.RUN_TRIGGER_MANUAL : RunTrigger.RUN_TRIGGER_API)
                .setIdempotencyKey(key)
                // The tasks join their connection's inbound or outbound queue.
                .setConnectionId(definition.integration().connectionId.toString())
                .addAllDirections(definition.points().stream().map(p -> p.direction.toProto()).toList());
        // No backfill: points that never succeeded read from the start time, else from the activation.
        Instant initial = definition.integration().startTime != null ? definition.integration().startTime
                : definition.integration().activateTime;
        if (initial != null) {
            trigger.setInitialWindowStart(Timestamps.of(initial));
        }
        TriggerRunResponse response = scheduler.trigger(trigger.build());
        LOG.infof("run triggered integration_id=%s version=%d run_id=%s existing=%s", integrationId,
                trigger.getIntegrationVersion(), response.getRun().getId(), response.getExisting());
        return response;
    }
}
