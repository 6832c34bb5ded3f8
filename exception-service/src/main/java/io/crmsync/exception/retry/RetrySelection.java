package io.crmsync.exception.retry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.exception.db.Jdbc;
import io.crmsync.exception.item.ItemRow;
import io.crmsync.exception.item.Items;
import io.crmsync.exception.message.ExceptionErrors;
import io.crmsync.exception.message.MessageRow;
import io.crmsync.exception.message.Messages;
import io.crmsync.exception.message.Names;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which items a retry of a message re-reads: without a selection its OPEN and RETRYING items (IGNORED ones only
 * when named), and only those with match-key values, since a retry re-reads records by key.
 */
@ApplicationScoped
class RetrySelection {

    /** Items one retry re-reads at most: keeps the retry run's keys and the gRPC answers small. */
    static final int MAX_ITEMS = 10_000;

    private final Jdbc jdbc;
    private final Items items;
    private final Messages messages;

    RetrySelection(Jdbc jdbc, Items items, Messages messages) {
        this.jdbc = jdbc;
        this.items = items;
        this.messages = messages;
    }

    /** The items to retry, grouped by point; FAILED_PRECONDITION when nothing can be retried. */
    Map<String, List<ItemRow>> select(MessageRow message, List<String> itemIds) {
        if (message.resolved()) {
            throw new CrmsyncException(ExceptionErrors.ALREADY_RESOLVED,
                    "exception message " + message.id() + " is resolved: nothing to retry");
        }
        if (!message.rejects()) {
            if (!itemIds.isEmpty()) {
                throw CrmsyncException.invalidField("item_ids", "a " + message.kind() + " message has no items");
            }
            return Map.of();
        }
        if (!message.active()) {
            messages.lockActiveRejects(message.integrationPointId(), message.side()).ifPresent(active -> {
                throw new CrmsyncException(ExceptionErrors.SUPERSEDED, "integration point "
                        + message.integrationPointId() + " has a newer open reject message " + active.id()
                        + "; reopen these items (they move under it) and retry that message");
            });
        }
        List<ItemRow> chosen;
        if (itemIds.isEmpty()) {
            // At most MAX_ITEMS that can be re-read by key, those least recently tried first (OPEN before
            // RETRYING, then by last rejection), so a message with more is retried in goes and records that keep
            // failing do not hold the others back.
            chosen = jdbc.list("SELECT " + ItemRow.COLUMNS + " FROM exception_items i WHERE i.message_id = ?"
                    + " AND i.state IN ('OPEN', 'RETRYING') AND cardinality(i.key_values) > 0"
                    + " ORDER BY i.state = 'RETRYING', i.last_seen_time, i.seq LIMIT " + MAX_ITEMS, ItemRow::read,
                    message.id());
            if (chosen.isEmpty() && jdbc.count("SELECT count(*) FROM exception_items WHERE message_id = ?"
                    + " AND state IN ('OPEN', 'RETRYING')", message.id()) > 0) {
                throw new CrmsyncException(ExceptionErrors.NOTHING_TO_RETRY, "none of the open items of message "
                        + message.id() + " can be re-read by key: their records have no match-key values (the point"
                        + " has no match key, or a key value was missing)");
            }
        } else {
            if (itemIds.size() > MAX_ITEMS) {
                throw CrmsyncException.invalidField("item_ids", "at most " + MAX_ITEMS + " items in one retry");
            }
            chosen = items.lockOfMessage(message.id(), itemIds);
            for (ItemRow item : chosen) {
                if (Names.RESOLVED.equals(item.state())) {
                    throw new CrmsyncException(ExceptionErrors.ALREADY_RESOLVED,
                            "exception item " + item.id() + " is resolved: nothing to retry");
                }
            }
        }
        if (chosen.isEmpty()) {
            throw new CrmsyncException(ExceptionErrors.NOTHING_TO_RETRY,
                    "exception message " + message.id() + " has no open items to retry");
        }
        Map<String, List<ItemRow>> byPoint = new LinkedHashMap<>();
        for (ItemRow item : chosen) {
            if (!item.keyValues().isEmpty()) {
                byPoint.computeIfAbsent(item.integrationPointId(), p -> new ArrayList<>()).add(item);
            }
        }
        if (byPoint.isEmpty()) {
            throw new CrmsyncException(ExceptionErrors.NOTHING_TO_RETRY, "none of the " + chosen.size()
                    + " items can be re-read by key: their records have no match-key values (the point has no match"
                    + " key, or a key value was missing)");
        }
        return byPoint;
    }
}
