package io.crmsync.exception.retry;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.crmsync.exception.db.Jdbc;
import io.crmsync.exception.db.PointLock;
import io.crmsync.exception.message.MessageRow;
import io.crmsync.exception.message.Messages;
import io.crmsync.exception.message.Names;
import io.crmsync.exception.message.Validation;
import io.crmsync.proto.exception.v1.RunFinishedRequest;
import io.crmsync.proto.scheduler.v1.RunTrigger;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

/**
 * What a finished run means for exception messages: the end of its retry (items it did not resolve are OPEN
 * again), and, when its points succeeded, the end of the failures of those points (their cause is gone).
 * Idempotent: a run is applied once ({@code finished_runs}); a repeated report changes nothing.
 */
@ApplicationScoped
public class RunOutcomes {

    private static final Logger LOG = Logger.getLogger(RunOutcomes.class);

    /** Messages moved to RESOLVED, and from RETRYING back to OPEN. */
    public record Outcome(int resolved, int reopened) {
    }

    private final Jdbc jdbc;
    private final Messages messages;
    private final PointLock pointLock;
    private final Clock clock;

    RunOutcomes(Jdbc jdbc, Messages messages, PointLock pointLock, Clock clock) {
        this.jdbc = jdbc;
        this.messages = messages;
        this.pointLock = pointLock;
        this.clock = clock;
    }

    @Transactional
    public Outcome runFinished(RunFinishedRequest request) {
        Validation.requireId("integration_id", request.getIntegrationId());
        Validation.requireId("run_id", request.getRunId());
        Instant now = clock.instant();
        Instant runCreated = request.hasRunCreateTime()
                ? Validation.timestamp("run_create_time", request.getRunCreateTime()) : null;
        lockRun(jdbc, request.getRunId());
        if (jdbc.update("INSERT INTO finished_runs (run_id, state, finish_time) VALUES (?, ?, ?)"
                + " ON CONFLICT (run_id) DO NOTHING", request.getRunId(), request.getState().name(), now) == 0) {
            return new Outcome(0, 0); // applied before: a repeat after a lost reply changes nothing
        }
        Set<String> succeeded = new HashSet<>(request.getSucceededPointIdsList());
        int resolved = 0;
        int reopened = 0;

        // (a) The end of the retries this run carried out.
        List<UUID> retried = jdbc.list("SELECT id FROM exception_messages WHERE retry_run_id = ? AND state = 'RETRYING'",
                rs -> Jdbc.uuid(rs, "id"), request.getRunId());
        // Point locks first, in one order, as every writer of a point's items takes them: no deadlock with a
        // reject of the same records arriving meanwhile.
        jdbc.list("SELECT DISTINCT integration_point_id FROM exception_messages WHERE retry_run_id = ?"
                + " AND state = 'RETRYING' AND kind = 'RECORD_REJECTS' AND integration_point_id IS NOT NULL"
                + " ORDER BY integration_point_id", rs -> rs.getString(1), request.getRunId())
                .forEach(pointLock::lock);
        List<UUID> rejectMessages = new ArrayList<>();
        for (MessageRow message : messages.lockAll(retried)) {
            if (!Names.RETRYING.equals(message.state())) {
                continue; // changed meanwhile
            }
            if (message.rejects()) {
                jdbc.update("UPDATE exception_items SET state = 'OPEN' WHERE message_id = ? AND state = 'RETRYING'",
                        message.id());
                messages.setState(message.id(), Names.OPEN, now);
                rejectMessages.add(message.id());
            } else {
                boolean causeGone = (message.integrationPointId() == null ? request.getAllTasksSucceeded()
                        : succeeded.contains(message.integrationPointId()))
                        && (runCreated == null || message.lastSeenTime().isBefore(runCreated));
                messages.setState(message.id(), causeGone ? Names.RESOLVED : Names.OPEN, now);
                if (causeGone) {
                    resolved++;
                } else {
                    reopened++;
                }
            }
        }
        for (Map.Entry<UUID, String> settled : messages.settle(rejectMessages, now).entrySet()) {
            if (Names.OPEN.equals(settled.getValue())) {
                reopened++;
            } else if (Names.RESOLVED.equals(settled.getValue())) {
                resolved++;
            }
        }
        // (b) A retry re-read some records by key: no evidence that a point's full read works now.
        if (request.getTrigger() != RunTrigger.RUN_TRIGGER_RETRY) {
            resolved += resolveFailures(request, runCreated, now);
        }
        if (resolved + reopened > 0) {
            LOG.infof("run finished integration_id=%s run_id=%s resolved_messages=%d reopened_messages=%d",
                    request.getIntegrationId(), request.getRunId(), resolved, reopened);
        }
        return new Outcome(resolved, reopened);
    }

    /**
     * Serialises RunFinished and MarkRetrying of one run, so a message marked RETRYING under the run is either seen
     * by its RunFinished or refused because the run has finished.
     */
    public static void lockRun(Jdbc jdbc, String runId) {
        jdbc.one("SELECT pg_advisory_xact_lock(hashtextextended(?, 7))", rs -> Boolean.TRUE, "exception-run:" + runId);
    }

    /**
     * A run that succeeded everywhere ends every failure of the integration; otherwise only the failures of the
     * points it succeeded on. Only failures last seen before the run was created: one reported while it ran may
     * have a cause the run did not get past. IGNORED messages resolve too (their dedup slot is freed).
     */
    private int resolveFailures(RunFinishedRequest request, Instant runCreated, Instant now) {
        StringBuilder sql = new StringBuilder("UPDATE exception_messages SET state = 'RESOLVED', state_time = ?"
                + " WHERE kind IN ('RUN_FAILURE', 'CONFIGURATION', 'INTEGRATION_DISABLED')"
                + " AND state IN ('OPEN', 'RETRYING', 'IGNORED') AND integration_id = ?");
        List<Object> params = new ArrayList<>(List.of(now, request.getIntegrationId()));
        if (runCreated != null) {
            sql.append(" AND last_seen_time < ?");
            params.add(runCreated);
        }
        if (!request.getAllTasksSucceeded()) {
            if (request.getSucceededPointIdsCount() == 0) {
                return 0;
            }
            sql.append(" AND integration_point_id = ANY(?)");
            params.add(Jdbc.texts(request.getSucceededPointIdsList()));
        }
        return jdbc.update(sql.toString(), params.toArray());
    }
}
