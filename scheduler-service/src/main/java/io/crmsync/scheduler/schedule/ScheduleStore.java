package io.crmsync.scheduler.schedule;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jboss.logging.Logger;

import com.google.protobuf.InvalidProtocolBufferException;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.error.ErrorCode;
import io.crmsync.common.time.Timestamps;
import io.crmsync.proto.config.v1.Cadence;
import io.crmsync.proto.config.v1.CadenceType;
import io.crmsync.proto.config.v1.Integration;
import io.crmsync.proto.config.v1.IntegrationPoint;
import io.crmsync.proto.scheduler.v1.RunTrigger;
import io.crmsync.scheduler.queue.QueueDirections;
import io.crmsync.scheduler.report.ExceptionReports;
import io.crmsync.scheduler.run.RunGate;
import io.crmsync.scheduler.run.RunStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

/**
 * Keeps the schedules in step with config-service and with run outcomes: next fire times, consecutive failures,
 * and the system disable at an integration's failure threshold.
 */
@ApplicationScoped
public class ScheduleStore implements RunGate {

    public static final ErrorCode NOT_FOUND = ErrorCode.notFound("scheduler.schedule_not_found");
    public static final ErrorCode DISABLED = ErrorCode.failedPrecondition("scheduler.integration_disabled");
    private static final Logger LOG = Logger.getLogger(ScheduleStore.class);
    /** First key of the per-integration advisory locks that serialize {@link #apply}, apart from other users. */
    private static final int APPLY_LOCK_SPACE = 0x5C4EE;

    private final EntityManager em;
    private final Clock clock;
    private final ExceptionReports reports;

    ScheduleStore(EntityManager em, Clock clock, ExceptionReports reports) {
        this.em = em;
        this.clock = clock;
        this.reports = reports;
    }

    /**
     * Takes an integration as config-service now describes it. Fire times are recomputed from now when a cadence
     * changed or the integration starts running, so missed fires of a stopped integration never pile up.
     *
     * <p>Replicas' reconciliations and config-service's change notices may apply one integration at the same time:
     * they take turns (an advisory lock, as the row may not exist yet), and a description older than the stored
     * version, read before a change that was applied meanwhile, changes nothing.
     */
    @Transactional
    public ScheduleEntity apply(Integration integration) {
        em.createNativeQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(?1, hashtext(?2))) AS locked")
                .setParameter(1, APPLY_LOCK_SPACE).setParameter(2, integration.getId()).getSingleResult();
        Instant now = now();
        ScheduleEntity row = em.find(ScheduleEntity.class, integration.getId(), LockModeType.PESSIMISTIC_WRITE);
        boolean created = row == null;
        if (created) {
            row = new ScheduleEntity();
            row.integrationId = integration.getId();
        } else if (row.integrationVersion >= integration.getVersion()) {
            return row;
        }
        byte[] schedule = cadenceBytes(integration.hasSchedule() ? integration.getSchedule() : null);
        byte[] fullSync = cadenceBytes(integration.hasFullSyncSchedule() ? integration.getFullSyncSchedule() : null);
        boolean startsRunning = integration.getActive() && (created || !row.active);
        boolean cadencesChanged = !Arrays.equals(schedule, row.schedule) || !Arrays.equals(fullSync, row.fullSyncSchedule);
        if (startsRunning && row.disabledTime != null) {
            enable(row, "activated again"); // an admin switching it off and on again re-enables it
        }
        row.integrationVersion = integration.getVersion();
        row.active = integration.getActive();
        row.pointIds = integration.getPointsList().stream().map(IntegrationPoint::getId).toArray(String[]::new);
        row.connectionId = integration.getConnectionId();
        // Without every point's direction the tasks join no queue rather than a wrong one.
        boolean directionsKnown = integration.getPointsList().stream().allMatch(p -> QueueDirections.known(
                p.getDirection()));
        row.pointDirections = directionsKnown ? integration.getPointsList().stream()
                .map(p -> QueueDirections.name(p.getDirection())).toArray(String[]::new) : null;
        row.schedule = schedule;
        row.fullSyncSchedule = fullSync;
        row.failureThreshold = integration.getFailureThreshold() > 0 ? integration.getFailureThreshold() : 10;
        row.initialWindowStart = integration.hasStartTime() ? Timestamps.toInstant(integration.getStartTime())
                : integration.hasActivateTime() ? Timestamps.toInstant(integration.getActivateTime()) : null;
        row.updateTime = now;
        if (startsRunning || cadencesChanged || !row.active) {
            planFromNow(row, now);
        }
        if (created) {
            row.persist();
        }
        LOG.infof("schedule %s integration_id=%s version=%d active=%s next_run=%s next_full_sync=%s",
                created ? "created" : "updated", row.integrationId, row.integrationVersion, row.active,
                row.nextRunTime, row.nextFullSyncTime);
        return row;
    }

    /** Forgets an integration config-service no longer has. */
    @Transactional
    public void remove(String integrationId) {
        if (ScheduleEntity.deleteById(integrationId)) {
            LOG.infof("schedule removed integration_id=%s", integrationId);
        }
    }

    @Transactional
    public Optional<ScheduleEntity> find(String integrationId) {
        return Optional.ofNullable(ScheduleEntity.findById(integrationId));
    }

    @Transactional
    public ScheduleEntity get(String integrationId) {
        return find(integrationId).orElseThrow(() -> new CrmsyncException(NOT_FOUND, "integration " + integrationId
                + " has no schedule yet: the scheduler has not read it from config-service"));
    }

    /** Every integration id the store holds, for the reconciliation to find deleted ones. */
    @Transactional
    public List<String> integrationIds() {
        return em.createQuery("SELECT s.integrationId FROM ScheduleEntity s", String.class).getResultList();
    }

    /** Re-enables an integration the system disabled, with a fresh failure count and fire times from now. */
    @Transactional
    public ScheduleEntity enable(String integrationId) {
        ScheduleEntity row = em.find(ScheduleEntity.class, integrationId, LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            throw new CrmsyncException(NOT_FOUND, "integration " + integrationId + " has no schedule yet");
        }
        if (row.disabledTime != null || row.consecutiveFailures > 0) {
            enable(row, "re-enabled");
            planFromNow(row, now());
        }
        return row;
    }

    /** Refuses runs of an integration the system disabled; an unknown integration is not refused. */
    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void requireRunnable(String integrationId) {
        ScheduleEntity row = ScheduleEntity.findById(integrationId);
        if (row != null && row.disabledTime != null) {
            throw new CrmsyncException(DISABLED, "integration " + integrationId + " was disabled by the system: "
                    + row.disabledReason + "; re-enable it to run it again");
        }
    }

    /**
     * Counts a closed run, in the run's transaction: a FAILED run adds to the consecutive failures and at the
     * threshold disables the integration (once), any other outcome but CANCELLED resets the count.
     *
     * <p>A RETRY run counts neither way. It re-reads records an admin picked after the integration failed on them
     * (often while the cause is still there, to see whether it is gone); it is not the schedule's run and says
     * nothing about whether the integration as a whole works. Counting its failure could disable an integration
     * whose scheduled runs succeed; letting its success reset the count would hide scheduled runs that keep
     * failing.
     */
    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void closed(String integrationId, UUID runId, RunStatus state, RunTrigger trigger) {
        if (state == RunStatus.CANCELLED || trigger == RunTrigger.RUN_TRIGGER_RETRY) {
            return;
        }
        ScheduleEntity row = em.find(ScheduleEntity.class, integrationId, LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            return;
        }
        if (state != RunStatus.FAILED) {
            row.consecutiveFailures = 0;
            return;
        }
        row.consecutiveFailures++;
        if (row.consecutiveFailures >= row.failureThreshold && row.disabledTime == null) {
            row.disabledTime = now();
            row.disabledReason = row.consecutiveFailures + " runs in a row failed (failure threshold "
                    + row.failureThreshold + ")";
            reports.integrationDisabled(integrationId, runId, row.disabledReason);
            row.nextRunTime = null;
            row.nextFullSyncTime = null;
            LOG.warnf("integration disabled by the system integration_id=%s consecutive_failures=%d run_id=%s",
                    integrationId, row.consecutiveFailures, runId);
        }
    }

    private void enable(ScheduleEntity row, String how) {
        LOG.infof("integration %s integration_id=%s after %d failures", how, row.integrationId,
                row.consecutiveFailures);
        row.disabledTime = null;
        row.disabledReason = null;
        reports.forgetDisabled(row.integrationId); // not yet reported: nobody needs to hear of it any more
        row.consecutiveFailures = 0;
    }

    /** Next fire times counted from now: nothing fires for the time the integration was stopped. */
    static void planFromNow(ScheduleEntity row, Instant now) {
        row.nextRunTime = row.running() ? nextAfter(row.schedule, now) : null;
        row.nextFullSyncTime = row.running() ? nextAfter(row.fullSyncSchedule, now) : null;
    }

    static Instant nextAfter(byte[] cadence, Instant after) {
        Cadence parsed = cadence(cadence);
        return parsed == null ? null : FireTimes.next(parsed, after).orElse(null);
    }

    static Cadence cadence(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return Cadence.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored cadence cannot be read", e);
        }
    }

    private static byte[] cadenceBytes(Cadence cadence) {
        return cadence == null || cadence.getType() == CadenceType.CADENCE_TYPE_UNSPECIFIED ? null
                : cadence.toByteArray();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
