package io.crmsync.scheduler.run;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.proto.scheduler.v1.RunMode;
import io.crmsync.proto.scheduler.v1.RunTrigger;
import io.crmsync.scheduler.watermark.WatermarkEntity;
import io.crmsync.scheduler.watermark.WatermarkStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * An admin setting watermarks (FEATURES: "setting it back schedules a job"): the points' watermarks take the
 * given time, and when that moved one back, an incremental run reads from there at once, in the same transaction,
 * unless the integration is already running (that run or the next cadence covers it).
 */
@ApplicationScoped
public class WatermarkReset {

    private static final Logger LOG = Logger.getLogger(WatermarkReset.class);

    private final WatermarkStore watermarks;
    private final RunLedger runs;
    private final Clock clock;

    WatermarkReset(WatermarkStore watermarks, RunLedger runs, Clock clock) {
        this.watermarks = watermarks;
        this.runs = runs;
        this.clock = clock;
    }

    /** The points' watermarks after the change, and the run it started, if any. */
    public record Reset(List<WatermarkEntity> watermarks, Optional<RunView> run) {
    }

    @Transactional
    public Reset set(String integrationId, long integrationVersion, List<String> pointIds, Instant time,
            boolean startRun, RunRequest.QueuePlacement queue) {
        SchedulerErrors.require("integration_id", integrationId);
        if (pointIds.isEmpty()) {
            throw CrmsyncException.invalidField("integration_point_ids", "must hold at least one point id");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (time == null) {
            throw CrmsyncException.invalidField("last_successful_run_time", "is required");
        }
        if (time.isAfter(now)) {
            throw CrmsyncException.invalidField("last_successful_run_time", "must not be in the future");
        }
        Instant stored = time.truncatedTo(ChronoUnit.MICROS);
        boolean movedBack = false;
        for (int i = 0; i < pointIds.size(); i++) {
            SchedulerErrors.require("integration_point_ids[" + i + "]", pointIds.get(i));
            movedBack |= watermarks.set(integrationId, pointIds.get(i), stored, now);
        }
        Optional<RunView> run = Optional.empty();
        if (movedBack && startRun && !runs.hasUnfinishedRun(integrationId)) {
            run = Optional.of(runs.trigger(new RunRequest(integrationId, integrationVersion, pointIds,
                    RunMode.RUN_MODE_INCREMENTAL, RunTrigger.RUN_TRIGGER_MANUAL, null, null, queue)).view());
            LOG.infof("watermarks set back, run started integration_id=%s run_id=%s", integrationId,
                    run.get().run().id);
        }
        return new Reset(pointIds.stream().map(p -> watermarks.find(integrationId, p).orElseThrow()).toList(), run);
    }
}
