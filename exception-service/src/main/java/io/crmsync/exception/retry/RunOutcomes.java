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
 * Idempotent: a repeated report finds nothing left to change.
 */
@ApplicationScoped
public class RunOutcomes {

    private static final Logger LOG = Logger.getLogger(RunOutcomes.class);

    /** Messages moved to RESOLVED, and from RETRYING back to OPEN. */
    public record Outcome(int resolved, int reopened) {
    }

    private final Jdbc jdbc;
    private final Messages messages;
    private final Clock clock;

    RunOutcomes(Jdbc jdbc, Messages messages, Clock clock) {
        this.jdbc = jdbc;
        this.messages = messages;
        this.clock = clock;
    }

    @Transactional
    public Outcome runFinished(RunFinishedRequest request) {
        Validation.require("integration_id", request.getIntegrationId());
        Validation.require("run_id", request.getRunId());
        Instant now = clock.instant();
        Set<String> succeeded = new HashSet<>(request.getSucceededPointIdsList());
        int resolved = 0;
        int reopened = 0;

        List<UUID> retried = jdbc.list("SELECT id FROM exception_messages WHERE retry_run_id = ? AND state = 'RETRYING'",
                rs -> Jdbc.uuid(rs, "id"), request.getRunId());
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
                boolean causeGone = message.integrationPointId() == null ? request.getAllTasksSucceeded()
                        : succeeded.contains(message.integrationPointId());
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
        resolved += resolveFailures(request, now);
        if (resolved + reopened > 0) {
            LOG.infof("run finished integration_id=%s run_id=%s resolved_messages=%d reopened_messages=%d",
                    request.getIntegrationId(), request.getRunId(), resolved, reopened);
        }
        return new Outcome(resolved, reopened);
    }

    /**
     * A run that read every point in full (not a retry by key) and succeeded everywhere ends every failure of the
     * integration; otherwise only the failures of the points it succeeded on. IGNORED messages are left alone.
     */
    private int resolveFailures(RunFinishedRequest request, Instant now) {
        String failures = "kind IN ('RUN_FAILURE', 'CONFIGURATION', 'INTEGRATION_DISABLED')"
                + " AND state IN ('OPEN', 'RETRYING') AND integration_id = ?";
        if (request.getAllTasksSucceeded() && request.getTrigger() != RunTrigger.RUN_TRIGGER_RETRY) {
            return jdbc.update("UPDATE exception_messages SET state = 'RESOLVED', state_time = ? WHERE " + failures,
                    now, request.getIntegrationId());
        }
        if (request.getSucceededPointIdsCount() == 0) {
            return 0;
        }
        return jdbc.update("UPDATE exception_messages SET state = 'RESOLVED', state_time = ? WHERE " + failures
                + " AND integration_point_id = ANY(?)", now, request.getIntegrationId(),
                Jdbc.texts(request.getSucceededPointIdsList()));
    }
}
