package io.crmsync.scheduler.schedule;

import org.jboss.logging.Logger;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.scheduler.report.ExceptionReports;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The scheduler's clockwork: fires due schedules every tick; sends pending reports to exception-service (disables,
 * finished runs) on a timer of its own, so an exception-service outage (each report waits out its deadline) never
 * delays a schedule; reconciles with config-service less often. Each step is safe to run on several replicas at
 * once. Tests drive the steps directly.
 */
@ApplicationScoped
class ScheduleTimers {

    private static final Logger LOG = Logger.getLogger(ScheduleTimers.class);

    private final ScheduleFiring firing;
    private final ScheduleSync sync;
    private final ExceptionReports reports;
    private volatile boolean configUnreachable;

    ScheduleTimers(ScheduleFiring firing, ScheduleSync sync, ExceptionReports reports) {
        this.firing = firing;
        this.sync = sync;
        this.reports = reports;
    }

    @Scheduled(every = "${crmsync.scheduler.tick-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        firing.fireDue();
    }

    @Scheduled(every = "${crmsync.scheduler.tick-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void report() {
        reports.reportPending();
    }

    @Scheduled(every = "${crmsync.scheduler.reconcile-interval}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void reconcile() {
        try {
            sync.syncAll();
            if (configUnreachable) {
                LOG.info("config-service reachable again; schedules reconciled");
                configUnreachable = false;
            }
        } catch (CrmsyncException e) {
            if (!configUnreachable) { // once per outage, not every interval
                LOG.warnf("schedules not reconciled: %s", e.getMessage());
                configUnreachable = true;
            }
        }
    }
}
