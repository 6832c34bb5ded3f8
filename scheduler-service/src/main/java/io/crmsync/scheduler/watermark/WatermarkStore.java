package io.crmsync.scheduler.watermark;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

/** Keeps each integration point's watermark: where the next incremental run starts reading. */
@ApplicationScoped
public class WatermarkStore {

    private static final Logger LOG = Logger.getLogger(WatermarkStore.class);

    private final Duration lookback;

    WatermarkStore(
            @ConfigProperty(name = "crmsync.scheduler.watermark-lookback", defaultValue = "60s") Duration lookback) {
        if (lookback.isNegative()) {
            throw new IllegalArgumentException("crmsync.scheduler.watermark-lookback must not be negative");
        }
        this.lookback = lookback;
    }

    /**
     * Where each point's next incremental window starts: its last successful run time minus the lookback.
     * A source row stamped just before that instant may have been committed after the previous run read
     * (a transaction's now() is its start time; clocks skew): reading a little earlier again catches it,
     * and the records re-read are counted unchanged. Points that never succeeded are absent.
     */
    public Map<String, Instant> incrementalWindowStarts(String integrationId, Collection<String> pointIds) {
        return WatermarkEntity
                .<WatermarkEntity> stream("integrationId = ?1 and integrationPointId in ?2", integrationId, pointIds)
                .collect(Collectors.toMap(w -> w.integrationPointId, w -> w.lastSuccessfulRunTime.minus(lookback)));
    }

    /** The integration's watermarks, by point id. */
    @Transactional
    public List<WatermarkEntity> list(String integrationId) {
        return WatermarkEntity.list("integrationId", Sort.by("integrationPointId"), integrationId);
    }

    /**
     * Sets a point's watermark to a time an admin chose, cursor cleared. Returns whether that moved it back or gave
     * the point its first watermark: then records from that time on are to be read again.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean set(String integrationId, String pointId, Instant time, Instant now) {
        WatermarkEntity watermark = WatermarkEntity
                .<WatermarkEntity> find("integrationId = ?1 and integrationPointId = ?2", integrationId, pointId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
        boolean movedBack = watermark == null || time.isBefore(watermark.lastSuccessfulRunTime);
        if (watermark == null) {
            watermark = new WatermarkEntity();
            watermark.id = UUID.randomUUID();
            watermark.integrationId = integrationId;
            watermark.integrationPointId = pointId;
        }
        watermark.lastSuccessfulRunTime = time;
        watermark.cursor = null;
        watermark.runId = null;
        watermark.updateTime = now;
        watermark.persist();
        LOG.infof("watermark set integration_id=%s integration_point_id=%s last_successful_run_time=%s moved_back=%s",
                integrationId, pointId, time, movedBack);
        return movedBack;
    }

    /**
     * Drops the points' watermarks (a rebuild starts from scratch): until a run succeeds again, their incremental
     * windows start where a new integration's do.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void forget(String integrationId, Collection<String> pointIds) {
        long dropped = WatermarkEntity.delete("integrationId = ?1 and integrationPointId in ?2", integrationId,
                pointIds);
        LOG.infof("watermarks dropped for a rebuild integration_id=%s points=%d dropped=%d", integrationId,
                pointIds.size(), dropped);
    }

    public Optional<WatermarkEntity> find(String integrationId, String pointId) {
        return WatermarkEntity
                .<WatermarkEntity> find("integrationId = ?1 and integrationPointId = ?2", integrationId, pointId)
                .firstResultOptional();
    }

    /**
     * Moves a point's watermark to a successful run's window end and final cursor. A watermark never moves
     * backwards: an older run time than the stored one leaves the row as it is.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void advance(String integrationId, String pointId, UUID runId, Instant runTime, SourceCursor cursor) {
        WatermarkEntity watermark = WatermarkEntity
                .<WatermarkEntity> find("integrationId = ?1 and integrationPointId = ?2", integrationId, pointId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
        if (watermark == null) {
            watermark = new WatermarkEntity();
            watermark.id = UUID.randomUUID();
            watermark.integrationId = integrationId;
            watermark.integrationPointId = pointId;
        } else if (watermark.lastSuccessfulRunTime.isAfter(runTime)) {
            LOG.infof("watermark kept integration_id=%s integration_point_id=%s run_id=%s (newer than the run)",
                    integrationId, pointId, runId);
            return;
        }
        watermark.lastSuccessfulRunTime = runTime;
        // Copied: an embeddable instance must not be shared between two entities.
        watermark.cursor = cursor == null ? null : SourceCursor.of(cursor.modifiedTime, cursor.key);
        watermark.runId = runId;
        watermark.updateTime = runTime;
        watermark.persist();
        LOG.infof("watermark advanced integration_id=%s integration_point_id=%s run_id=%s last_successful_run_time=%s",
                integrationId, pointId, runId, runTime);
    }
}
