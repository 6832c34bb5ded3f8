package io.crmsync.scheduler.schedule;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.crmsync.proto.scheduler.v1.RunMode;
import io.crmsync.proto.scheduler.v1.RunTrigger;
import io.crmsync.scheduler.run.RunLedger;
import io.crmsync.scheduler.run.RunRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Fires due schedules. Each schedule is claimed in its own transaction with {@code FOR UPDATE SKIP LOCKED}, so
 * two scheduler replicas never fire one schedule twice, and one failing schedule does not hold back the others.
 * A fire while the integration still has a run in progress, or after the scheduler was down, creates at most one
 * run; the next fire time is counted from now, so missed fires coalesce instead of bursting.
 */
@ApplicationScoped
public class ScheduleFiring {

    private static final Logger LOG = Logger.getLogger(ScheduleFiring.class);
    private static final int BATCH = 50;

    private final EntityManager em;
    private final Clock clock;
    private final RunLedger runs;

    ScheduleFiring(EntityManager em, Clock clock, RunLedger runs) {
        this.em = em;
        this.clock = clock;
        this.runs = runs;
    }

    /** A fire that committed: the schedule's fire time it was due at, and whether it created a run. */
    record Fired(String integrationId, boolean full, Instant fireTime, boolean runCreated) {
    }

    /** Fires every schedule due now; returns how many runs were created. */
    public int fireDue() {
        int created = 0;
        for (String integrationId : dueIntegrations()) {
            try {
                Optional<Fired> fired = fire(integrationId);
                if (fired.isPresent()) {
                    // One line per fire, after its commit: a fire that rolled back and is tried again logs once.
                    Fired f = fired.get();
                    LOG.infof("schedule fired integration_id=%s mode=%s fire_time=%s run_created=%s",
                            f.integrationId(), f.full() ? "full" : "incremental", f.fireTime(), f.runCreated());
                    if (f.runCreated()) {
                        created++;
                    }
                }
            } catch (RuntimeException e) {
                // One schedule that cannot fire (its transaction rolled back) must not hold back the others;
                // it stays due and is tried again next tick.
                LOG.warnf("schedule not fired integration_id=%s: %s", integrationId, e.getMessage());
            }
        }
        return created;
    }

    @Transactional
    List<String> dueIntegrations() {
        @SuppressWarnings("unchecked")
        List<String> due = em.createNativeQuery("""
                SELECT integration_id FROM schedules
                WHERE active AND disabled_time IS NULL AND LEAST(next_run_time, next_full_sync_time) <= ?1
                ORDER BY LEAST(next_run_time, next_full_sync_time) LIMIT ?2""")
                .setParameter(1, now()).setParameter(2, BATCH).getResultList();
        return due;
    }

    /** Claims one schedule if it is still due and nobody else holds it; empty when it did not fire. */
    @Transactional
    Optional<Fired> fire(String integrationId) {
        Instant now = now();
        @SuppressWarnings("unchecked")
        List<ScheduleEntity> claimed = em.createNativeQuery("""
                SELECT * FROM schedules
                WHERE integration_id = ?1 AND active AND disabled_time IS NULL
                  AND LEAST(next_run_time, next_full_sync_time) <= ?2
                FOR UPDATE SKIP LOCKED""", ScheduleEntity.class)
                .setParameter(1, integrationId).setParameter(2, now).getResultList();
        if (claimed.isEmpty()) {
            return Optional.empty(); // fired meanwhile, changed, or being fired by another replica
        }
        ScheduleEntity row = claimed.get(0);
        boolean full = row.nextFullSyncTime != null && !row.nextFullSyncTime.isAfter(now);
        Instant fireTime = full ? row.nextFullSyncTime : row.nextRunTime;
        boolean created = false;
        if (row.pointIds.length == 0) {
            LOG.infof("schedule fired without points, nothing to run integration_id=%s", integrationId);
        } else if (runs.hasUnfinishedRun(integrationId)) {
            LOG.infof("schedule fire coalesced: a run is in progress integration_id=%s fire_time=%s", integrationId,
                    fireTime);
        } else {
            // The key makes a fire idempotent: a retried transaction finds the run its first attempt created.
            runs.trigger(new RunRequest(integrationId, row.integrationVersion, Arrays.asList(row.pointIds),
                    full ? RunMode.RUN_MODE_FULL : RunMode.RUN_MODE_INCREMENTAL, RunTrigger.RUN_TRIGGER_SCHEDULE,
                    "schedule:" + (full ? "full:" : "incremental:") + fireTime, row.initialWindowStart,
                    RunRequest.QueuePlacement.of(row.connectionId,
                            row.pointDirections == null ? List.of() : Arrays.asList(row.pointDirections))));
            created = true;
        }
        // From now, not from the fire time: however many fires were missed, they became this one.
        if (full) {
            row.nextFullSyncTime = ScheduleStore.nextAfter(row.fullSyncSchedule, now);
        }
        if (row.nextRunTime != null && !row.nextRunTime.isAfter(now)) {
            row.nextRunTime = ScheduleStore.nextAfter(row.schedule, now); // a full sync covers a due increment
        }
        return Optional.of(new Fired(integrationId, full, fireTime, created));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
