package io.crmsync.config.run;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.config.integration.IntegrationChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

/**
 * Tells the scheduler an integration changed once the change is committed, so a new cadence or an activation
 * takes effect at once. Off the request thread and best-effort: the scheduler's periodic reconciliation reads
 * every integration anyway, so a notice lost while it is down only delays the change.
 */
@ApplicationScoped
class ScheduleNotifier {

    private static final Logger LOG = Logger.getLogger(ScheduleNotifier.class);

    private final SchedulerClient scheduler;
    private final ManagedExecutor executor;

    ScheduleNotifier(SchedulerClient scheduler, ManagedExecutor executor) {
        this.scheduler = scheduler;
        this.executor = executor;
    }

    void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) IntegrationChanged change) {
        executor.runAsync(() -> {
            try {
                scheduler.sync(change.integrationId().toString());
            } catch (CrmsyncException e) {
                LOG.debugf("scheduler not told of the change, its reconciliation will see it integration_id=%s: %s",
                        change.integrationId(), e.getMessage());
            }
        });
    }
}
