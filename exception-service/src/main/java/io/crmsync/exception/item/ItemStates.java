package io.crmsync.exception.item;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.exception.db.Jdbc;
import io.crmsync.exception.db.PointLock;
import io.crmsync.exception.message.ExceptionErrors;
import io.crmsync.exception.message.MessageRow;
import io.crmsync.exception.message.Messages;
import io.crmsync.exception.message.Names;
import io.crmsync.proto.exception.v1.ExceptionState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

/** Ignores or reopens a message, or selected items of it (SetExceptionState). */
@ApplicationScoped
public class ItemStates {

    private static final Logger LOG = Logger.getLogger(ItemStates.class);

    /** The message after the change and how many items changed. */
    public record Changed(MessageRow message, int changedItems) {
    }

    private final Jdbc jdbc;
    private final PointLock pointLock;
    private final Messages messages;
    private final Items items;
    private final Clock clock;

    ItemStates(Jdbc jdbc, PointLock pointLock, Messages messages, Items items, Clock clock) {
        this.jdbc = jdbc;
        this.pointLock = pointLock;
        this.messages = messages;
        this.items = items;
        this.clock = clock;
    }

    @Transactional
    public Changed set(String messageId, List<String> itemIds, ExceptionState state) {
        if (state != ExceptionState.EXCEPTION_STATE_IGNORED && state != ExceptionState.EXCEPTION_STATE_OPEN) {
            throw CrmsyncException.invalidField("state", "must be IGNORED or OPEN");
        }
        MessageRow message = messages.get("message_id", messageId);
        if (message.rejects()) {
            pointLock.lock(message.integrationPointId());
        }
        message = messages.lock(message.id());
        if (message.resolved()) {
            throw alreadyResolved("exception message " + message.id() + " is resolved and cannot change");
        }
        Instant now = clock.instant();
        boolean ignore = state == ExceptionState.EXCEPTION_STATE_IGNORED;
        List<UUID> selected = null;
        if (!itemIds.isEmpty()) {
            selected = new ArrayList<>();
            for (ItemRow item : items.lockOfMessage(message.id(), itemIds)) {
                if (Names.RESOLVED.equals(item.state())) {
                    throw alreadyResolved("exception item " + item.id() + " is resolved and cannot change");
                }
                selected.add(item.id());
            }
        }
        String from = ignore ? "state IN ('OPEN', 'RETRYING')" : "state = 'IGNORED'";
        List<UUID> changed = jdbc.list("UPDATE exception_items SET state = ? WHERE message_id = ? AND " + from
                + (selected == null ? "" : " AND id = ANY(?)") + " RETURNING id", rs -> Jdbc.uuid(rs, "id"),
                selected == null ? new Object[] { ignore ? Names.IGNORED : Names.OPEN, message.id() }
                        : new Object[] { ignore ? Names.IGNORED : Names.OPEN, message.id(), Jdbc.uuids(selected) });
        if (!message.rejects()) {
            messages.setState(message.id(), ignore ? Names.IGNORED : Names.OPEN, now);
        } else if (!ignore && !message.active() && !changed.isEmpty()) {
            adoptIntoActive(message, changed, now);
        }
        messages.settle(List.of(message.id()), now);
        LOG.infof("exception state set message_id=%s state=%s items=%d", message.id(), Names.of(state),
                changed.size());
        return new Changed(messages.find(message.id()).orElseThrow(), changed.size());
    }

    /**
     * Reopened items of an ignored reject message whose point meanwhile has another active reject message move
     * under that one: a point has one active reject message.
     */
    private void adoptIntoActive(MessageRow message, List<UUID> reopened, Instant now) {
        Optional<MessageRow> active = messages.lockActiveRejects(message.integrationPointId(), message.side());
        if (active.isPresent() && !active.get().id().equals(message.id())) {
            jdbc.update("UPDATE exception_items SET message_id = ? WHERE id = ANY(?)", active.get().id(),
                    Jdbc.uuids(reopened));
            messages.settle(List.of(active.get().id()), now);
            LOG.infof("reopened items moved message_id=%s to_message_id=%s items=%d", message.id(),
                    active.get().id(), reopened.size());
        }
    }

    static CrmsyncException alreadyResolved(String text) {
        return new CrmsyncException(ExceptionErrors.ALREADY_RESOLVED, text);
    }
}
