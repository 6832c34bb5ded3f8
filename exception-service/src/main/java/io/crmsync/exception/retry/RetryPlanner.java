package io.crmsync.exception.retry;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.crmsync.exception.db.Jdbc;
import io.crmsync.exception.db.PointLock;
import io.crmsync.exception.item.ItemRow;
import io.crmsync.exception.message.MessageRow;
import io.crmsync.exception.message.Messages;
import io.crmsync.exception.message.Validation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

/** Prepares a retry of a message (what to re-read) and marks it RETRYING once the scheduler started the run. */
@ApplicationScoped
public class RetryPlanner {

    private static final Logger LOG = Logger.getLogger(RetryPlanner.class);

    /** The message and, for a reject message, the items to re-read per point. */
    public record Plan(MessageRow message, Map<String, List<ItemRow>> points) {
    }

    private final Jdbc jdbc;
    private final PointLock pointLock;
    private final Messages messages;
    private final RetrySelection selection;
    private final Clock clock;

    RetryPlanner(Jdbc jdbc, PointLock pointLock, Messages messages, RetrySelection selection, Clock clock) {
        this.jdbc = jdbc;
        this.pointLock = pointLock;
        this.messages = messages;
        this.selection = selection;
        this.clock = clock;
    }

    /** Changes nothing. */
    @Transactional
    public Plan prepare(String messageId, List<String> itemIds) {
        MessageRow message = messages.get("message_id", messageId);
        return new Plan(message, selection.select(message, itemIds));
    }

    /**
     * Idempotent per run: a message already marked with {@code runId} is left as it is. So is any message when the
     * run has already finished (its RunFinished came first): nothing would ever end that RETRYING.
     */
    @Transactional
    public MessageRow markRetrying(String messageId, List<String> itemIds, String runId) {
        Validation.requireId("run_id", runId);
        MessageRow message = messages.get("message_id", messageId);
        RunOutcomes.lockRun(jdbc, runId);
        if (jdbc.count("SELECT count(*) FROM finished_runs WHERE run_id = ?", runId) > 0) {
            LOG.infof("exception not marked retrying message_id=%s run_id=%s: the run has finished", message.id(),
                    runId);
            return message;
        }
        if (message.rejects()) {
            pointLock.lock(message.integrationPointId());
        }
        message = messages.lock(message.id());
        if (runId.equals(message.retryRunId()) || message.resolved()) {
            return message; // marked before, or the run already wrote every record
        }
        List<UUID> ids = new ArrayList<>();
        if (itemIds.isEmpty()) {
            selection.select(message, itemIds).values().forEach(items -> items.forEach(i -> ids.add(i.id())));
        } else {
            // The items PrepareRetry chose, less those the run has resolved (or moved) meanwhile: the run is
            // started, so nothing here may refuse.
            ids.addAll(jdbc.list("SELECT id FROM exception_items WHERE id = ANY(?) AND message_id = ?"
                    + " AND state <> 'RESOLVED' ORDER BY seq FOR UPDATE", rs -> Jdbc.uuid(rs, "id"),
                    Jdbc.uuids(Validation.ids("item_ids", itemIds)), message.id()));
        }
        Instant now = clock.instant();
        if (!ids.isEmpty()) {
            jdbc.update("UPDATE exception_items SET state = 'RETRYING' WHERE id = ANY(?)", Jdbc.uuids(ids));
        }
        jdbc.update("""
                UPDATE exception_messages SET state = 'RETRYING', retry_run_id = ?, retry_count = retry_count + 1,
                    state_time = CASE WHEN state = 'RETRYING' THEN state_time ELSE ? END
                WHERE id = ?""", runId, now, message.id());
        messages.settle(List.of(message.id()), now);
        LOG.infof("exception retrying message_id=%s run_id=%s items=%d", message.id(), runId, ids.size());
        return messages.find(message.id()).orElseThrow();
    }
}
